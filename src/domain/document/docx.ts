/**
 * DocumentModel → .docx bytes laid out to GB/T 9704-2012 (numbers in ./layout.ts).
 *
 * Styles carry the layout (Normal = 仿宋_GB2312 3号 at a fixed 28.95 pt, first line
 * indented two characters; zgTitle, zgHeading1…4, zgSignature), so an office that
 * edits the file in Word/WPS keeps the format by typing in the same styles. Runs
 * repeat the fonts only where a heading's run-on body returns to the body face.
 * Pure: builds the zip in memory, touches no file.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  ImageRun,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphStyleOptions,
  type IRunOptions,
} from 'docx';
import {
  CHAR_PITCH,
  CHAR_SPACE,
  FONT,
  FOOTER_DISTANCE,
  HEADER_DISTANCE,
  INDENT_2_CHARS,
  LINE_PITCH,
  MARGIN,
  PAGE,
  PAGE_NUMBER_INDENT,
  SIZE,
  TYPE_AREA,
} from './layout.js';
import { chineseDate, type Block, type DocumentModel, type HeadingLevel } from './model.js';

/** A font named in every slot; `hint` tells Word to prefer the East Asian one for ambiguous characters. */
const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' });

/** Exactly one grid line per text line: the fixed spacing of the whole body. */
const EXACT = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;

const HEADING_FONT: Record<HeadingLevel, string> = { 1: FONT.heading1, 2: FONT.heading2, 3: FONT.body, 4: FONT.body };

const STYLES: IParagraphStyleOptions[] = [
  {
    id: 'zgTitle',
    name: '公文标题',
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: font(FONT.title), size: SIZE.title },
    paragraph: { alignment: AlignmentType.CENTER, indent: { firstLine: 0, firstLineChars: 0 }, spacing: EXACT },
  },
  {
    id: 'zgSubtitle',
    name: '公文副标题',
    basedOn: 'Normal',
    next: 'Normal',
    paragraph: { alignment: AlignmentType.CENTER, indent: { firstLine: 0, firstLineChars: 0 } },
  },
  {
    id: 'zgAddressee',
    name: '主送机关',
    basedOn: 'Normal',
    next: 'Normal',
    paragraph: { indent: { firstLine: 0, firstLineChars: 0 } },
  },
  ...([1, 2, 3, 4] as const).map((level): IParagraphStyleOptions => ({
    id: `zgHeading${level}`,
    name: `公文${['一', '二', '三', '四'][level - 1]}级标题`,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: font(HEADING_FONT[level]), size: SIZE.body },
    paragraph: { outlineLevel: level - 1 },
  })),
  {
    id: 'zgSignature',
    name: '发文机关署名',
    basedOn: 'Normal',
    next: 'Normal',
    paragraph: { alignment: AlignmentType.RIGHT, indent: { firstLine: 0, firstLineChars: 0 } },
  },
  {
    id: 'zgPageNumber',
    name: '公文页码',
    basedOn: 'Normal',
    run: { font: font(FONT.pageNumber), size: SIZE.pageNumber },
    paragraph: { indent: { firstLine: 0, firstLineChars: 0 }, spacing: { before: 0, after: 0 } },
  },
];

const body = (text: string, extra: IRunOptions = {}) => new TextRun({ text, font: font(FONT.body), size: SIZE.body, ...extra });

function blockParagraph(b: Block): Paragraph {
  if (b.kind === 'paragraph') return new Paragraph({ children: [new TextRun(b.text)] });
  const children = [new TextRun(`${b.label}${b.heading}`)];
  // The run-on body goes back to 仿宋 (a 黑体/楷体 heading sets only its own words).
  if (b.body) children.push(body(b.body));
  return new Paragraph({ style: `zgHeading${b.level}`, children });
}

/** Display width in characters: full-width characters count 1, ASCII (the digits of a date) ½. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) < 0x7f ? 0.5 : 1;
  return w;
}

/**
 * 署名 and 成文日期 without a seal (§7.3.5.2): the signature stands two characters
 * from the right, the date one line below with its first character two characters
 * right of the signature's first; when the date is the longer, the date stands two
 * characters from the right and the signature moves left accordingly.
 */
export function signatureIndents(signature: string, date: string): { signature: number; date: number } {
  const ls = width(signature);
  const ld = width(date);
  const chars = ls - ld >= 2 ? { signature: 2, date: ls - ld } : { signature: ld - ls + 4, date: 2 };
  return { signature: Math.round(chars.signature * CHAR_PITCH), date: Math.round(chars.date * CHAR_PITCH) };
}

/** "— 1 —" in 4号宋体, one character in from the outside edge of the page. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'zgPageNumber',
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: PAGE_NUMBER_INDENT } : { left: PAGE_NUMBER_INDENT },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

/**
 * What a rendering adds beyond the document itself. `stamp`: lines set after the
 * date in 五号 type — a published notice's code, the SM3 of its text and the
 * verification address (modules/publications). They are not part of the
 * document's text (./text.ts), so the text digest they quote stays true of it.
 */
export interface RenderOptions {
  stamp?: string[];
  /**
   * Tables and pictures set after the block of index `after` (the monthly dispatch
   * report's table by department and its chart, issue 9). They are not part of the
   * document's text (./text.ts): the figures they show are data, not wording.
   */
  figures?: { after: number; figure: Figure }[];
}

/** A table (header row first) or a PNG picture with its caption. */
export type Figure =
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'image'; png: Uint8Array; width: number; height: number; caption?: string };

/** 四号 = 14 pt in tables: a 3号 table of seven columns would not fit the type area. */
const TABLE_SIZE = 28;

function figureElements(f: Figure): (Paragraph | Table)[] {
  const plain = {
    indent: { firstLine: 0, firstLineChars: 0 },
    alignment: AlignmentType.CENTER,
    spacing: { line: 360, lineRule: LineRuleType.AUTO },
  };
  if (f.kind === 'image') {
    // scaled to the type area's width (in pixels at 96 dpi: twips / 15)
    const maxW = Math.floor(TYPE_AREA.width / 15);
    const scale = Math.min(1, maxW / f.width);
    const out: (Paragraph | Table)[] = [
      new Paragraph({
        ...plain,
        children: [
          new ImageRun({
            type: 'png',
            data: f.png,
            transformation: { width: Math.round(f.width * scale), height: Math.round(f.height * scale) },
          }),
        ],
      }),
    ];
    if (f.caption) out.push(new Paragraph({ ...plain, children: [new TextRun({ text: f.caption, size: TABLE_SIZE })] }));
    return out;
  }
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ ...plain, children: [new TextRun({ text, bold, size: TABLE_SIZE })] })] });
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: f.header.map((h) => cell(h, true)) }),
        ...f.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
      ],
    }),
  ];
}

/** 五号 = 10.5 pt: the stamp under a published notice, smaller than the body. */
const STAMP_SIZE = 21;

export function buildDocument(doc: DocumentModel, opts: RenderOptions = {}): Document {
  const children: (Paragraph | Table)[] = [new Paragraph({ style: 'zgTitle', children: [new TextRun(doc.title)] })];
  if (doc.subtitle) children.push(new Paragraph({ style: 'zgSubtitle', children: [new TextRun(doc.subtitle)] }));
  // 标题下空一行 (§7.3.2)
  children.push(new Paragraph({ style: 'zgAddressee', children: [] }));
  if (doc.addressee) children.push(new Paragraph({ style: 'zgAddressee', children: [new TextRun(doc.addressee)] }));
  doc.blocks.forEach((b, i) => {
    children.push(blockParagraph(b));
    for (const f of opts.figures ?? []) if (f.after === i) children.push(...figureElements(f.figure));
  });
  if (doc.signature || doc.date) {
    const date = doc.date ? chineseDate(doc.date) : '';
    const at = signatureIndents(doc.signature ?? '', date);
    children.push(new Paragraph({ style: 'zgSignature', children: [] }));
    if (doc.signature)
      children.push(new Paragraph({ style: 'zgSignature', indent: { right: at.signature }, children: [new TextRun(doc.signature)] }));
    if (date) children.push(new Paragraph({ style: 'zgSignature', indent: { right: at.date }, children: [new TextRun(date)] }));
  }
  if (opts.stamp?.length) {
    children.push(new Paragraph({ style: 'zgAddressee', children: [] }));
    for (const line of opts.stamp) {
      children.push(
        new Paragraph({
          style: 'zgAddressee',
          alignment: AlignmentType.LEFT,
          spacing: { line: 300, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
          children: [new TextRun({ text: line, size: STAMP_SIZE })],
        }),
      );
    }
  }
  return new Document({
    title: doc.title,
    creator: 'Zhenggai',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FONT.body), size: SIZE.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: {
            alignment: AlignmentType.JUSTIFIED,
            spacing: EXACT,
            indent: { firstLine: INDENT_2_CHARS.twips, firstLineChars: INDENT_2_CHARS.chars },
          },
        },
      },
      paragraphStyles: STYLES,
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGIN, header: HEADER_DISTANCE, footer: FOOTER_DISTANCE, gutter: 0 },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
}

/** The .docx file of a document. */
export async function renderDocx(doc: DocumentModel, opts: RenderOptions = {}): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toArrayBuffer(buildDocument(doc, opts)));
}
