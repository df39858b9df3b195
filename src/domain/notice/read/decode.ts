/**
 * Text decoding for notices as they arrive: UTF-8 from modern tools, GB18030/GBK
 * from older Windows and OA exports, UTF-16 from "Unicode text" saves.
 */
import { refuse } from './refuse.js';
import { hasUtf16Bom, utf16Parity } from './sniff.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  /** Normalised: LF line ends, no NUL, no BOM. */
  text: string;
  encoding: TextEncodingName;
}

/**
 * Share of GBK double-byte characters that must fall in the GB2312 area for a
 * non-UTF-8 input to be read as Chinese. Real text is > 95% GB2312 (the 6763
 * common hanzi and punctuation); random high bytes land there about a third of
 * the time.
 */
const GB2312_SHARE_MIN = 0.8;
/** Replacement characters tolerated in a UTF-8 file damaged in a few places. */
const UTF8_DAMAGE_MAX = 0.001;

/** Decodes and normalises text; throws NoticeInputError('binary') when no encoding fits. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const decoded = decodeRaw(bytes);
  if (controlShare(decoded.text) > 0.01) throw refuse('binary', `control characters in ${decoded.encoding}`);
  return { text: normalise(decoded.text), encoding: decoded.encoding };
}

function decodeRaw(b: Uint8Array): DecodedText {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(b.subarray(3)), encoding: 'utf-8' };
  }
  if (hasUtf16Bom(b)) {
    const encoding = b[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(b.subarray(2)), encoding };
  }
  const parity = utf16Parity(b.subarray(0, 64 * 1024));
  if (parity) {
    const encoding = parity === 'le' ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(encoding).decode(b), encoding };
  }
  const utf8 = tryDecode('utf-8', b);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = tryDecode('gb18030', b);
  if (gb !== null && gb2312Share(b) >= GB2312_SHARE_MIN) return { text: gb, encoding: 'gb18030' };
  // A UTF-8 file cut mid-character or with a stray byte is still that file.
  const lossy = new TextDecoder('utf-8').decode(b);
  const damaged = countChar(lossy, '\uFFFD');
  if (damaged <= Math.max(1, lossy.length * UTF8_DAMAGE_MAX)) return { text: lossy, encoding: 'utf-8' };
  throw refuse('binary', 'neither UTF-8 nor GB18030');
}

function tryDecode(label: 'utf-8' | 'gb18030', b: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(b);
  } catch {
    return null;
  }
}

/**
 * Walks the bytes as GBK and returns the share of double-byte characters whose
 * lead is A1–F7 and trail A1–FE (GB2312). Four-byte GB18030 sequences count as
 * not-common. Pure-ASCII input scores 1.
 */
export function gb2312Share(b: Uint8Array): number {
  let common = 0;
  let total = 0;
  for (let i = 0; i < b.length; i++) {
    const lead = b[i];
    if (lead < 0x80) continue;
    total++;
    const trail = b[i + 1] ?? 0;
    if (trail >= 0x30 && trail <= 0x39) {
      i += 3; // four-byte sequence
      continue;
    }
    if (lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe) common++;
    i++;
  }
  return total === 0 ? 1 : common / total;
}

function normalise(text: string): string {
  // NUL is what a UTF-16 file read as 8-bit leaves between characters; it is meant to be matched here
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000\uFEFF]/g, '');
}

/** C0 controls other than whitespace, C1 controls and U+FFFD, as a share of all characters. */
function controlShare(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 0x1a && c !== 0) || (c >= 0x7f && c <= 0x9f) || c === 0xfffd) n++;
  }
  return n / text.length;
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
