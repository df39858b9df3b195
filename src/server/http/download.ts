import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

/** A file a use case hands to a route: its bytes (or a stream of them) and how to name it. */
export interface Download {
  filename: string;
  /** Media type; stored evidence keeps the type it was checked as. */
  mime: string;
  bytes?: Uint8Array;
  stream?: Readable;
  size?: number;
  /** SM3 of the content, hex: lets a recipient check the file against the ledger or a publication. */
  digest?: string;
}

/**
 * Sends a file as an attachment. One place for the headers every download needs: the name in RFC 5987
 * form (Chinese file names survive every browser), nosniff (a stored file is never rendered as HTML),
 * and the digest where there is one.
 */
export function sendDownload(reply: FastifyReply, f: Download): FastifyReply {
  reply.header('content-type', f.mime);
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
  reply.header('x-content-type-options', 'nosniff');
  if (f.digest) reply.header('x-content-digest', `sm3=${f.digest}`);
  if (f.stream) {
    if (f.size != null) reply.header('content-length', f.size);
    return reply.send(f.stream);
  }
  const bytes = f.bytes ?? new Uint8Array();
  return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
