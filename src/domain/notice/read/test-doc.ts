/**
 * Test helper: a minimal legacy Word (.doc) writer — a Compound File holding a WordDocument
 * stream (the FIB and the text, UTF-16) and a 1Table stream (one piece in the piece table), to
 * build .doc inputs the reader must read. Not used by production code.
 *
 * Paragraphs end with "\r" as in Word; a table row is its cells each closed by "\u0007", then
 * the row mark "\u0007". Both streams are padded past 4096 bytes so that no mini stream is needed.
 */

const SECTOR = 512;
const TEXT_AT = 0x800;

export function makeDoc(paragraphs: (string | string[])[]): Uint8Array {
  const text = paragraphs.map((p) => (Array.isArray(p) ? `${p.map((c) => `${c}\u0007`).join('')}\u0007` : `${p}\r`)).join('');
  const chars = text.length;
  const word = new Uint8Array(pad(TEXT_AT + chars * 2, 4096 + SECTOR));
  const w = new DataView(word.buffer);
  w.setUint16(0x0000, 0xa5ec, true); // wIdent
  w.setUint16(0x0002, 0x00c1, true); // nFib: Word 97
  w.setUint16(0x000a, 0x0200, true); // fWhichTblStm: the table stream is 1Table
  w.setUint32(0x0018, TEXT_AT, true); // fcMin
  w.setUint32(0x001c, TEXT_AT + chars * 2, true); // fcMac
  w.setUint32(0x004c, chars, true); // ccpText
  w.setUint32(0x01a2, 0, true); // fcClx
  w.setUint32(0x01a6, 1 + 4 + 8 + 8, true); // lcbClx
  for (let i = 0; i < chars; i++) w.setUint16(TEXT_AT + i * 2, text.charCodeAt(i), true);

  const table = new Uint8Array(4096 + SECTOR);
  const t = new DataView(table.buffer);
  t.setUint8(0, 2); // clxt: the piece table
  t.setUint32(1, 4 + 4 + 8, true); // its size: two CPs and one PCD
  t.setUint32(5, 0, true);
  t.setUint32(9, chars, true);
  t.setUint16(13, 0, true); // PCD flags
  t.setUint32(15, TEXT_AT, true); // fc without the "compressed" bit: UTF-16 text
  t.setUint16(19, 0, true); // prm
  return compoundFile([
    ['WordDocument', word],
    ['1Table', table],
  ]);
}

const pad = (n: number, min: number): number => Math.max(min, Math.ceil(n / SECTOR) * SECTOR);

/** A version 3 Compound File: header, one FAT sector, one directory sector, then the streams. */
function compoundFile(streams: [string, Uint8Array][]): Uint8Array {
  const sectorsOf = (b: Uint8Array): number => Math.ceil(b.length / SECTOR);
  const firsts: number[] = [];
  let next = 2; // sector 0: FAT, sector 1: directory
  for (const [, b] of streams) {
    firsts.push(next);
    next += sectorsOf(b);
  }
  const total = next;
  if (total > SECTOR / 4) throw new Error('test .doc too large for one FAT sector');
  const out = new Uint8Array(SECTOR * (1 + total));
  const v = new DataView(out.buffer);
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].forEach((b, i) => {
    out[i] = b;
  });
  v.setUint16(24, 0x003e, true); // minor version
  v.setUint16(26, 0x0003, true); // major version 3
  v.setUint16(28, 0xfffe, true); // little-endian
  v.setUint16(30, 9, true); // 512-byte sectors
  v.setUint16(32, 6, true); // 64-byte mini sectors
  v.setInt32(44, 1, true); // FAT sectors
  v.setInt32(48, 1, true); // first directory sector
  v.setInt32(56, 4096, true); // mini stream cutoff
  v.setInt32(60, -2, true); // no mini FAT
  v.setInt32(64, 0, true);
  v.setInt32(68, -2, true); // no DIFAT sectors
  v.setInt32(72, 0, true);
  for (let i = 0; i < 109; i++) v.setInt32(76 + i * 4, i === 0 ? 0 : -1, true);

  const sector = (n: number): number => SECTOR * (n + 1);
  // FAT: itself, the directory, then one chain per stream; the rest free.
  const fat = sector(0);
  for (let i = 0; i < SECTOR / 4; i++) v.setInt32(fat + i * 4, -1, true);
  v.setInt32(fat, -3, true);
  v.setInt32(fat + 4, -2, true);
  streams.forEach(([, b], k) => {
    const n = sectorsOf(b);
    for (let s = 0; s < n; s++) v.setInt32(fat + (firsts[k] + s) * 4, s === n - 1 ? -2 : firsts[k] + s + 1, true);
    out.set(b, sector(firsts[k]));
  });

  // Directory: the root, then the streams as a right-leaning chain of siblings.
  const dir = sector(1);
  const entry = (i: number, name: string, type: number, left: number, right: number, child: number, start: number, size: number): void => {
    const o = dir + i * 128;
    for (let c = 0; c < name.length; c++) v.setUint16(o + c * 2, name.charCodeAt(c), true);
    v.setUint16(o + 64, (name.length + 1) * 2, true);
    out[o + 66] = type;
    out[o + 67] = 1; // black
    v.setInt32(o + 68, left, true);
    v.setInt32(o + 72, right, true);
    v.setInt32(o + 76, child, true);
    v.setInt32(o + 116, start, true);
    v.setInt32(o + 120, size, true);
  };
  entry(0, 'Root Entry', 5, -1, -1, 1, -2, 0);
  streams.forEach(([name, b], k) => entry(k + 1, name, 2, -1, k + 2 <= streams.length ? k + 2 : -1, -1, firsts[k], b.length));
  for (let i = streams.length + 1; i < 4; i++) entry(i, '', 0, -1, -1, -1, -1, 0);
  return out;
}
