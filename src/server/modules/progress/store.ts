import { mkdir, rename, rm, writeFile, stat, utimes } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { sm3, token } from '../../lib/sm3.js';
import { AppError } from '../../lib/errors.js';

/**
 * Evidence files stored content-addressed by SM3 under <data dir>/evidence:
 * the same file uploaded twice is stored once, and a digest in the database
 * proves which bytes were filed. Written to a temp name and renamed, so a crash
 * never leaves a half-written file under a real digest.
 */
function evidenceDir(dataDir: string): string {
  return join(dataDir, 'evidence');
}

function blobPath(dataDir: string, digest: string): string {
  return join(evidenceDir(dataDir), digest.slice(0, 2), digest);
}

export async function putBlob(dataDir: string, bytes: Buffer): Promise<string> {
  const digest = sm3(bytes);
  const path = blobPath(dataDir, digest);
  try {
    await stat(path);
    // already stored: touched, so the collection of unreferenced files (a day old) spares it while its row commits
    const now = new Date();
    await utimes(path, now, now);
    return digest;
  } catch {
    /* store it */
  }
  await mkdir(join(evidenceDir(dataDir), digest.slice(0, 2)), { recursive: true });
  const tmp = `${path}.${token(6)}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }); // a failed write leaves no temporary file behind
    throw e;
  }
  return digest;
}

export function openBlob(dataDir: string, digest: string) {
  return createReadStream(blobPath(dataDir, digest));
}

interface Kind {
  mime: string;
  exts: string[];
  test: (b: Buffer) => boolean;
}

const starts = (sig: number[]) => (b: Buffer) => sig.every((x, i) => b[i] === x);

function looksLikeText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, 64 * 1024));
    return true;
  } catch {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(b.subarray(0, 64 * 1024));
      return true;
    } catch {
      return false;
    }
  }
}

// What counts as evidence: documents, images, archives, plain text. Executables,
// scripts and HTML are refused: evidence is downloaded and opened by reviewers.
const KINDS: Kind[] = [
  { mime: 'application/pdf', exts: ['pdf'], test: starts([0x25, 0x50, 0x44, 0x46]) },
  { mime: 'image/png', exts: ['png'], test: starts([0x89, 0x50, 0x4e, 0x47]) },
  { mime: 'image/jpeg', exts: ['jpg', 'jpeg'], test: starts([0xff, 0xd8, 0xff]) },
  { mime: 'image/gif', exts: ['gif'], test: starts([0x47, 0x49, 0x46, 0x38]) },
  { mime: 'image/webp', exts: ['webp'], test: (b) => starts([0x52, 0x49, 0x46, 0x46])(b) && b.subarray(8, 12).toString() === 'WEBP' },
  { mime: 'application/zip', exts: ['docx', 'xlsx', 'pptx', 'zip', 'ofd', 'wps', 'et'], test: starts([0x50, 0x4b, 0x03, 0x04]) },
  { mime: 'application/x-ole-storage', exts: ['doc', 'xls', 'ppt', 'wps', 'et'], test: starts([0xd0, 0xcf, 0x11, 0xe0]) },
  { mime: 'text/plain', exts: ['txt', 'csv', 'md'], test: looksLikeText },
];

const MIME_BY_EXT: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  ofd: 'application/ofd',
  zip: 'application/zip',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
};

/** Checks the file's bytes against its extension; returns the MIME type to serve it with. */
export function checkEvidenceType(filename: string, bytes: Buffer): string {
  const ext = (filename.split('.').pop() ?? '').toLowerCase();
  const kind = KINDS.find((k) => k.exts.includes(ext) && k.test(bytes));
  if (!kind) {
    const allowed = [...new Set(KINDS.flatMap((k) => k.exts))].join('、');
    throw new AppError('unsupported_media', {
      message: `evidence type refused: ${filename}`,
      userMessage: `文件“${filename}”的类型不被接受或内容与扩展名不符。可上传：${allowed}`,
      details: { filename },
    });
  }
  return MIME_BY_EXT[ext] ?? kind.mime;
}
