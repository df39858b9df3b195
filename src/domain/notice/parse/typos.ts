/**
 * Letters typed for digits: "项目l.2" (lower-case L), "l5.86毫克", "2O23年", "项目2.1O".
 * Typists (and OCR) swap l/1 and O/0; a reader takes the digit, and so must we, but say so:
 * each correction is kept and the checker reports it with the original and the reading.
 *
 * A token is a run of digits, dots and the letters l I O o that touches no other Latin letter
 * (so "PM2.5", "ISO9001", "NO2" and e-mail addresses stay as they are) and holds at least one
 * digit. Within it, "l" is always 1; "I", "O" and "o" only after a digit or a dot, because a
 * letter O opening a token is a chemical formula ("O3", 臭氧) far more often than a typo.
 */

export interface DigitTypo {
  /** 1-based line of the normalised text (filled in by normalise). */
  line: number;
  /** As written, with a "项目" prefix when the token is a label. */
  raw: string;
  fixed: string;
}

const PRETEST = /[lIOo][0-9.．]|[0-9.．][lIOo]|[（(][lI][)）]/;
/** "（l）修订…": a bracketed label holding only the letter, before Chinese text. */
const BRACKETED = /([（(])([lI])([)）])(?=[\u4e00-\u9fff])/g;
const TOKEN = /[0-9lIOo.．]+/g;
const LATIN = /[A-Za-z]/;
/** URLs and e-mail addresses are left alone, whatever they contain. */
const OPAQUE = /(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** The line with its typos corrected, and the corrections (line numbers still 0). */
export function fixDigitTypos(line: string): { text: string; typos: DigitTypo[] } {
  if (!PRETEST.test(line)) return { text: line, typos: [] };
  const opaque: [number, number][] = [];
  if (line.includes('@') || line.includes('http') || line.includes('www.')) {
    for (const m of line.matchAll(OPAQUE)) opaque.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  }
  const typos: DigitTypo[] = [];
  const labelled = line.replace(BRACKETED, (m: string, open: string, _c: string, close: string) => {
    typos.push({ line: 0, raw: m, fixed: `${open}1${close}` });
    return `${open}1${close}`;
  });
  if (labelled !== line) line = labelled;
  const text = line.replace(TOKEN, (tok: string, at: number) => {
    if (!/[0-9]/.test(tok) || !/[lIOo]/.test(tok)) return tok;
    if (LATIN.test(line[at - 1] ?? '') || LATIN.test(line[at + tok.length] ?? '')) return tok;
    if (opaque.some(([a, b]) => at < b && at + tok.length > a)) return tok;
    let out = '';
    for (let i = 0; i < tok.length; i++) {
      const c = tok[i];
      const prev = out[i - 1] ?? '';
      if (c === 'l') out += '1';
      else if ((c === 'O' || c === 'o') && /[0-9.．]/.test(prev)) out += '0';
      else if (c === 'I' && /[0-9.．]/.test(prev)) out += '1';
      else out += c;
    }
    if (out === tok || /[lIOo]/.test(out)) return tok; // a letter we may not read as a digit: leave the token whole
    const prefix = line.slice(Math.max(0, at - 2), at) === '项目' ? '项目' : '';
    typos.push({ line: 0, raw: `${prefix}${tok}`, fixed: `${prefix}${out}` });
    return out;
  });
  return { text, typos };
}
