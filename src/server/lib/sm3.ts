import { createHash, randomBytes } from 'node:crypto';

/** SM3 (GB/T 32905) hex digest, from Node's OpenSSL. */
export function sm3(data: string | Uint8Array): string {
  return createHash('sm3').update(data).digest('hex');
}

/** A random URL-safe token of `bytes` bytes of entropy. */
export function token(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
