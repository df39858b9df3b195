/**
 * GB/T 9704-2012 (党政机关公文格式) as numbers Word understands. Every value is
 * derived here from the standard's millimetres and points, so a reader can check
 * the arithmetic instead of trusting a magic number.
 *
 * Units: Word measures page geometry in twips (1/20 pt; 1 inch = 1440 twips,
 * 1 mm = 1440 / 25.4 ≈ 56.693 twips) and font sizes in half-points.
 */

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (v: number): number => Math.round(v * TWIPS_PER_MM);

/** A4: 210 mm × 297 mm → 11906 × 16838 twips (the values Word itself writes for A4). */
export const PAGE = { width: mm(210), height: mm(297) } as const;

/**
 * 天头 37 mm, 订口 (left) 28 mm, right 26 mm, bottom 35 mm: the type area is then
 * 156 mm × 225 mm, centred for binding on the left (GB/T 9704 §5.2.1).
 */
export const MARGIN = { top: mm(37), left: mm(28), right: mm(26), bottom: mm(35) } as const;

/** The type area (版心) in twips: 11906 − 1587 − 1474 = 8845 wide, 16838 − 2098 − 1984 = 12756 high. */
export const TYPE_AREA = {
  width: PAGE.width - MARGIN.left - MARGIN.right,
  height: PAGE.height - MARGIN.top - MARGIN.bottom,
} as const;

/** 22 lines of 28 characters per page (§5.2.2). */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/**
 * The fixed line spacing: 12756 twips / 22 lines = 579.8 twips, rounded DOWN to
 * 579 twips = 28.95 pt so that 22 lines surely fit (22 × 579 = 12738 ≤ 12756; 580
 * would need 12760 and push the 22nd line onto the next page). DESIGN §5 allows
 * 28–29.6 pt.
 */
export const LINE_PITCH = Math.floor(TYPE_AREA.height / LINES_PER_PAGE);

/** 3号 = 16 pt = 32 half-points: the body size. 2号 = 22 pt for the title, 4号 = 14 pt for page numbers. */
export const SIZE = { body: 32, title: 44, pageNumber: 28 } as const;

/**
 * Character pitch of the grid: 8845 twips / 28 = 315.9 twips = 15.79 pt, a little
 * narrower than a 16 pt character. Word's docGrid takes the difference to the
 * Normal font's size in 1/4096 pt: (15.795 − 16) × 4096 ≈ −841, i.e. each character
 * is condensed by 0.21 pt so that exactly 28 fit on a line.
 */
export const CHAR_PITCH = TYPE_AREA.width / CHARS_PER_LINE;
export const CHAR_SPACE = Math.round((CHAR_PITCH / 20 - SIZE.body / 2) * 4096);

/** A first-line indent of two characters, in Word's hundredths of a character and as twips for readers that ignore chars. */
export const INDENT_2_CHARS = { chars: 200, twips: Math.round(2 * CHAR_PITCH) } as const;

/**
 * Page numbers sit "一字线上距版心下边缘 7 mm" (§7.5): the top of the number is 7 mm
 * below the type area, i.e. 35 − 7 = 28 mm above the page edge; a 14 pt line is
 * ≈ 4.9 mm high, so its bottom — what Word's footer distance measures — is ≈ 23 mm
 * above the edge. The header distance is unused (公文 have no running head); 15 mm
 * keeps it inside the top margin.
 */
export const FOOTER_DISTANCE = mm(35 - 7 - (14 / 72) * 25.4);
export const HEADER_DISTANCE = mm(15);

/** The page number is indented one 4号 character (14 pt = 280 twips) from the outside edge (单页码居右空一字，双页码居左空一字). */
export const PAGE_NUMBER_INDENT = 14 * 20;

/**
 * Font names as an office's Word/WPS installs them. They go in w:eastAsia (what
 * Word uses for CJK) and in ascii/hAnsi too, so digits and Latin letters in
 * the body use the same face as the Chinese text around them.
 * 楷体_GB2312 pairs with 仿宋_GB2312 from the same GB2312 font set government
 * machines carry; WPS maps it to 楷体 where only that is installed.
 */
export const FONT = {
  body: '仿宋_GB2312',
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;
