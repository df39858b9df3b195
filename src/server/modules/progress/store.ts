import { AppError } from '../../lib/errors.js';
import { storageOf, type StoredFile, type StorageTarget } from '../../storage/index.js';

/**
 * Evidence files (and every other stored file: register documents, feedback
 * attachments, 督办 replies, 回头看 files) are content-addressed by SM3 in the
 * configured store (src/server/storage: the local directory or an object
 * store): the same file uploaded twice is stored once, and a digest in the
 * database proves which bytes were filed. A file is stored before the row that
 * refers to it commits; the sweep spares young unreferenced files for that.
 * `target` is the configuration (or a data directory: the local store there).
 */
export async function putBlob(target: StorageTarget, bytes: Buffer): Promise<string> {
  return (await storageOf(target).put(bytes)).digest;
}

/**
 * A stored file as a stream with its stored size, for a download (the size
 * sent is what the store holds, so the answer is never cut or padded). A row
 * whose file is gone answers 404 with words an administrator can act on
 * (`zhenggai verify` lists them all).
 */
export async function openBlob(target: StorageTarget, digest: string): Promise<StoredFile> {
  const f = await storageOf(target).get(digest);
  if (!f) {
    throw new AppError('not_found', {
      message: `stored file ${digest} missing`,
      userMessage: '该文件已登记但在文件存储中缺失，请联系系统管理员（可运行 zhenggai verify 检查）',
      details: { digest },
    });
  }
  return f;
}

interface Kind {
  mime: string;
  exts: string[];
  test: (b: Buffer) => boolean;
}

const starts = (sig: number[]) => (b: Buffer) => sig.every((x, i) => b[i] === x);

function looksLikeText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  // the first 64 KiB decoded as the start of a stream: a character cut at the boundary is not an error
  const head = b.subarray(0, 64 * 1024);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: b.length > head.length });
    return true;
  } catch {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(head, { stream: b.length > head.length });
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
