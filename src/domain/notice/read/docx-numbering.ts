/**
 * Word auto-numbering, recomputed.
 *
 * mammoth keeps only "ordered or not" and the level of a numbered paragraph:
 * the number format ("一、", "（一）", "1.") and the counter live in
 * numbering.xml and are lost, and a list interrupted by body text restarts in
 * its HTML. A notice's structure *is* its numbering, so we recompute what Word
 * displays: counters per abstract list (Word continues a list across
 * interruptions and across w:num instances unless a startOverride restarts
 * it), formats per level, lvlText templates such as "（%1）".
 *
 * The result is a list of (paragraph text, label) in document order, matched to
 * mammoth's paragraphs by text, so a paragraph we mis-resolve merely falls back
 * to depth-based labels rather than shifting every label after it.
 */

export interface NumberedParagraph {
  /** Paragraph text without whitespace, the key to find it again in mammoth's model. */
  key: string;
  label: string;
  /** Numbered through its paragraph style (styles.xml numPr): mammoth may not see it as a list. */
  styleId?: string;
}

/** A paragraph style's own numbering (w:numPr in styles.xml), inherited through w:basedOn. */
type StyleNumbering = Map<string, { numId?: string; ilvl?: number; basedOn?: string }>;

interface Level {
  fmt: string;
  text: string;
  start: number;
  pStyle?: string;
}

interface Numbering {
  abstracts: Map<string, Map<number, Level>>;
  nums: Map<string, { abstractId: string; startOverrides: Map<number, number> }>;
  /** Paragraph style → the list level it implies (lvl/pStyle), as mammoth resolves it. */
  byStyle: Map<string, { abstractId: string; ilvl: number }>;
}

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;

export function numberedParagraphs(documentXml: string, numberingXml: string | null, stylesXml: string | null = null): NumberedParagraph[] {
  if (!numberingXml) return [];
  const numbering = readNumbering(numberingXml);
  const styles = stylesXml ? readStyles(stylesXml) : new Map();
  const counters = new Map<string, (number | undefined)[]>();
  const usedNums = new Set<string>();
  const out: NumberedParagraph[] = [];

  const onParagraph = (p: ParagraphInfo): void => {
    const ref = resolve(numbering, p) ?? resolveStyle(numbering, styles, p);
    if (!ref) return;
    const levels = numbering.abstracts.get(ref.abstractId);
    const level = levels?.get(ref.ilvl);
    if (!levels || !level) return;
    const c = counters.get(ref.abstractId) ?? [];
    counters.set(ref.abstractId, c);
    const num = ref.numId ? numbering.nums.get(ref.numId) : undefined;
    if (ref.numId && num && !usedNums.has(ref.numId)) {
      usedNums.add(ref.numId);
      for (const [ilvl, start] of num.startOverrides) {
        c[ilvl] = start - 1;
        c.length = Math.min(c.length, ilvl + 1);
      }
    }
    c[ref.ilvl] = c[ref.ilvl] === undefined ? level.start : (c[ref.ilvl] as number) + 1;
    c.length = ref.ilvl + 1; // deeper levels restart after a shallower one advances
    // Bullets and unnumbered levels advance nothing a reader would cite.
    if (level.fmt === 'bullet' || level.fmt === 'none' || p.key === '') return;
    const label = level.text.replace(/%([1-9])/g, (_m, d: string) => {
      const i = Number(d) - 1;
      const lv = levels.get(i);
      return formatNumber(c[i] ?? lv?.start ?? 1, lv?.fmt ?? 'decimal');
    });
    if (label.trim() === '') return;
    // A bare number ("1", "一") needs a separator or it fuses with the text.
    const text = /[\p{L}\p{N}]$/u.test(label) ? `${label} ` : label;
    out.push(ref.viaStyle ? { key: p.key, label: text, styleId: p.pStyle } : { key: p.key, label: text });
  };

  scanParagraphs(documentXml, onParagraph);
  return out;
}

interface ParagraphInfo {
  numId?: string;
  ilvl?: number;
  pStyle?: string;
  key: string;
}

function resolve(n: Numbering, p: ParagraphInfo): { abstractId: string; ilvl: number; numId?: string; viaStyle?: true } | null {
  if (p.numId !== undefined) {
    const num = n.nums.get(p.numId);
    if (!num) return null; // numId 0 switches numbering off
    if (p.ilvl !== undefined || !p.pStyle || !n.byStyle.has(p.pStyle)) {
      return { abstractId: num.abstractId, ilvl: p.ilvl ?? 0, numId: p.numId };
    }
  }
  const styled = p.pStyle ? n.byStyle.get(p.pStyle) : undefined;
  return styled ? { ...styled } : null;
}

/**
 * Numbering that comes from the paragraph's style: a style (or a style it is based on) carries
 * w:numPr, as Word's "list styles" and numbered heading styles do.
 */
function resolveStyle(
  n: Numbering,
  styles: StyleNumbering,
  p: ParagraphInfo,
): { abstractId: string; ilvl: number; numId?: string; viaStyle: true } | null {
  if (p.numId !== undefined || !p.pStyle) return null;
  let numId: string | undefined;
  let ilvl: number | undefined;
  const seen = new Set<string>();
  for (let id: string | undefined = p.pStyle; id && !seen.has(id); id = styles.get(id)?.basedOn) {
    seen.add(id);
    const st = styles.get(id);
    numId ??= st?.numId;
    ilvl ??= st?.ilvl;
  }
  const num = numId ? n.nums.get(numId) : undefined;
  if (!num) return null;
  return { abstractId: num.abstractId, ilvl: p.ilvl ?? ilvl ?? 0, numId, viaStyle: true };
}

function readStyles(xml: string): StyleNumbering {
  const out: StyleNumbering = new Map();
  for (const m of xml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const id = attr(m[1], 'w:styleId');
    if (!id || (attr(m[1], 'w:type') ?? 'paragraph') !== 'paragraph') continue;
    const numPr = /<w:numPr\b[^>]*>([\s\S]*?)<\/w:numPr>/.exec(m[2])?.[1] ?? '';
    const ilvl = valOf(numPr, 'w:ilvl');
    out.set(id, { numId: valOf(numPr, 'w:numId'), ilvl: ilvl === undefined ? undefined : Number(ilvl), basedOn: valOf(m[2], 'w:basedOn') });
  }
  return out;
}

/** Streams document.xml, reporting each paragraph's numbering properties and text. */
function scanParagraphs(xml: string, onParagraph: (p: ParagraphInfo) => void): void {
  const stack: { info: ParagraphInfo; text: string[] }[] = [];
  let skipDepth = 0; // inside mc:Choice (mammoth reads the Fallback) or w:pPrChange (old properties)
  let inText = false;
  let inPPr = false;
  for (const m of xml.matchAll(TAG)) {
    const [, close, name, attrs, selfClose, text] = m;
    if (text !== undefined) {
      if (inText && skipDepth === 0 && stack.length) stack[stack.length - 1].text.push(text);
      continue;
    }
    if (name === 'mc:Choice' || name === 'w:pPrChange') {
      if (!selfClose) skipDepth += close ? -1 : 1;
      continue;
    }
    if (skipDepth > 0) continue;
    const top = stack[stack.length - 1];
    switch (name) {
      case 'w:p':
        if (selfClose) break;
        if (!close) stack.push({ info: { key: '' }, text: [] });
        else if (top) {
          stack.pop();
          top.info.key = decodeXml(top.text.join('')).replace(/\s+/g, '');
          onParagraph(top.info);
        }
        break;
      case 'w:pPr':
        inPPr = !close && !selfClose;
        break;
      case 'w:t':
        inText = !close && !selfClose;
        break;
      case 'w:numId':
        if (inPPr && top) top.info.numId = attr(attrs, 'w:val');
        break;
      case 'w:ilvl':
        if (inPPr && top) top.info.ilvl = Number(attr(attrs, 'w:val') ?? 0);
        break;
      case 'w:pStyle':
        if (inPPr && top) top.info.pStyle = attr(attrs, 'w:val');
        break;
    }
  }
}

function readNumbering(xml: string): Numbering {
  const abstracts = new Map<string, Map<number, Level>>();
  const nums: Numbering['nums'] = new Map();
  const byStyle: Numbering['byStyle'] = new Map();
  for (const a of xml.matchAll(/<w:abstractNum\b([^>]*)>([\s\S]*?)<\/w:abstractNum>/g)) {
    const id = attr(a[1], 'w:abstractNumId');
    if (id === undefined) continue;
    const levels = new Map<number, Level>();
    for (const l of a[2].matchAll(/<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/g)) {
      const ilvl = Number(attr(l[1], 'w:ilvl') ?? 0);
      const body = l[2];
      const level: Level = {
        fmt: valOf(body, 'w:numFmt') ?? 'decimal',
        text: decodeXml(valOf(body, 'w:lvlText') ?? ''),
        start: Number(valOf(body, 'w:start') ?? 1),
        pStyle: valOf(body, 'w:pStyle'),
      };
      levels.set(ilvl, level);
      if (level.pStyle && !byStyle.has(level.pStyle)) byStyle.set(level.pStyle, { abstractId: id, ilvl });
    }
    abstracts.set(id, levels);
  }
  for (const n of xml.matchAll(/<w:num\b([^>]*?)(?:\/>|>([\s\S]*?)<\/w:num>)/g)) {
    const numId = attr(n[1], 'w:numId');
    const body = n[2] ?? '';
    const abstractId = valOf(body, 'w:abstractNumId');
    if (numId === undefined || abstractId === undefined) continue;
    const startOverrides = new Map<number, number>();
    for (const o of body.matchAll(/<w:lvlOverride\b([^>]*)>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = valOf(o[2], 'w:startOverride');
      if (start !== undefined) startOverrides.set(Number(attr(o[1], 'w:ilvl') ?? 0), Number(start));
    }
    nums.set(numId, { abstractId, startOverrides });
  }
  return { abstracts, nums, byStyle };
}

function valOf(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}\\b([^>]*)/?>`).exec(xml);
  return m ? attr(m[1], 'w:val') : undefined;
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

const CN_DIGITS = '〇一二三四五六七八九';
const CN_LEGAL = '零壹贰叁肆伍陆柒捌玖';
const TIANGAN = '甲乙丙丁戊己庚辛壬癸';
const DIZHI = '子丑寅卯辰巳午未申酉戌亥';

/** Renders a counter in a w:numFmt. Unknown formats fall back to decimal, as Word does. */
export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'ideographLegalTraditional':
      return chineseNumber(n, CN_DIGITS);
    case 'chineseLegalSimplified':
      return chineseNumber(n, CN_LEGAL).replace(/十/g, '拾').replace(/百/g, '佰').replace(/千/g, '仟');
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return [...String(n)].map((d) => CN_DIGITS[Number(d)]).join('');
    case 'ideographTraditional':
      return TIANGAN[(n - 1) % 10] ?? String(n);
    case 'ideographZodiac':
      return DIZHI[(n - 1) % 12] ?? String(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : `(${n})`;
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return [...String(n)].map((d) => String.fromCodePoint(0xff10 + Number(d))).join('');
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'upperLetter':
    case 'lowerLetter': {
      const letter = String.fromCharCode(65 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return fmt === 'upperLetter' ? letter : letter.toLowerCase();
    }
    case 'upperRoman':
    case 'lowerRoman': {
      const r = roman(n);
      return fmt === 'upperRoman' ? r : r.toLowerCase();
    }
    default:
      return String(n);
  }
}

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五; up to 9999. */
export function chineseNumber(n: number, digits = CN_DIGITS): string {
  if (n <= 0 || n > 9999 || !Number.isInteger(n)) return String(n);
  const units = ['', '十', '百', '千'];
  const ds = [...String(n)].map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const unit = units[ds.length - 1 - i];
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零'; // counting says 零 for a gap (一百零五); 〇 is only for digit-by-digit years
    zero = false;
    out += (d === 1 && unit === '十' && out === '' ? '' : digits[d]) + unit;
  });
  return out;
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}
