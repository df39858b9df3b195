/**
 * Just enough of the ZIP format to tell Office files apart and to pull one
 * XML part out of a .docx, without a dependency and without decoding what we
 * do not need.
 *
 * Only the central directory is parsed for listing: it is at the end of the
 * file, it names every entry with its declared sizes, and reading it costs the
 * same for a 10 kB and a 20 MB file. Declared sizes are what lets the reader
 * refuse a zip bomb before any library inflates it.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Thrown for a structurally broken archive; callers turn it into 'corrupt'. */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
/** Office files have dozens of parts; thousands means something else, and bounds the loop. */
const MAX_ENTRIES = 20_000;

export function isZip(bytes: Uint8Array): boolean {
  // PK\3\4: a normal archive; PK\5\6: an empty one.
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(view);
  let count = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc >= 0 && view.getUint32(loc, true) === ZIP64_LOCATOR_SIG) {
      const z = safeU64(view, loc + 8);
      if (z + 56 > view.byteLength || view.getUint32(z, true) !== ZIP64_EOCD_SIG) {
        throw new ZipFormatError('bad zip64 end record');
      }
      count = safeU64(view, z + 32);
      cdOffset = safeU64(view, z + 48);
    }
  }
  if (count > MAX_ENTRIES) throw new ZipFormatError(`too many entries (${count})`);
  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > view.byteLength || view.getUint32(p, true) !== CENTRAL_SIG) {
      throw new ZipFormatError('central directory truncated');
    }
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen + extraLen > view.byteLength) throw new ZipFormatError('entry name truncated');
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(p + 46, p + 46 + nameLen)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    };
    applyZip64Extra(view, p + 46 + nameLen, extraLen, entry);
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Inflates one entry; refuses to produce more than `maxBytes`. */
export async function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Promise<Uint8Array> {
  if (entry.uncompressedSize > maxBytes) throw new RangeError(`${entry.name} is too large`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_SIG) {
    throw new ZipFormatError(`local header of ${entry.name} missing`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError(`${entry.name} truncated`);
  const data = bytes.subarray(start, end);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new ZipFormatError(`${entry.name}: compression method ${entry.method}`);
  return inflateRaw(data, maxBytes);
}

async function inflateRaw(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  // DecompressionStream is the web standard, so this module stays free of node: imports.
  // Office files never sit on a SharedArrayBuffer; the cast only narrows the buffer type.
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // The declared size can lie; the bound on real output is what protects memory.
      if (total > maxBytes) {
        await reader.cancel();
        throw new RangeError('inflated entry exceeds limit');
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof RangeError) throw err;
    throw new ZipFormatError(`inflate failed: ${(err as Error).message}`);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function findEocd(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let p = view.byteLength - 22; p >= min; p--) {
    if (view.getUint32(p, true) === EOCD_SIG) return p;
  }
  throw new ZipFormatError('end of central directory not found');
}

function applyZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  let p = start;
  while (p + 4 <= start + length) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      // Fields appear only for the values saturated in the fixed header, in this order.
      let q = p + 4;
      const take = (): number => {
        const v = q + 8 <= p + 4 + size ? safeU64(view, q) : 0;
        q += 8;
        return v;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = take();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = take();
      return;
    }
    p += 4 + size;
  }
}

function safeU64(view: DataView, at: number): number {
  if (at + 8 > view.byteLength) throw new ZipFormatError('zip64 field truncated');
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 value out of range');
  return Number(v);
}
