/**
 * The local store: <DATA_DIR>/evidence/<first two hex digits>/<digest>, the
 * layout every data directory has had, so existing ones keep working. A file
 * is written to a temporary name, checked against its SM3 as written, and
 * renamed: a crash never leaves a half-written file under a real digest, only
 * a `*.tmp` the sweep removes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { token } from '../lib/sm3.js';
import {
  assertDigest,
  DIGEST,
  mismatch,
  sm3Of,
  sm3OfStream,
  StorageError,
  type FileInfo,
  type FileStore,
  type ListedFile,
  type PutResult,
  type StoredFile,
} from './core.js';

/** A temporary upload: the digest it will be filed under, a random tag, `.tmp`. */
const TEMP = /^[0-9a-f]{64}\.[A-Za-z0-9_-]+\.tmp$/;

const isAbsent = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

export class LocalStore implements FileStore {
  readonly kind = 'local' as const;
  readonly location: string;

  constructor(dataDir: string) {
    this.location = join(dataDir, 'evidence');
  }

  private pathOf(name: string): string {
    return join(this.location, name.slice(0, 2), name);
  }

  async init(): Promise<void> {
    try {
      await mkdir(this.location, { recursive: true });
    } catch (e) {
      throw new StorageError(`cannot create ${this.location}: ${String(e)}`, `无法创建文件存储目录 ${this.location}`, { cause: e });
    }
  }

  async put(bytes: Buffer, expected?: string): Promise<PutResult> {
    const digest = sm3Of(bytes);
    if (expected && expected !== digest) throw mismatch(expected, digest);
    const path = this.pathOf(digest);
    try {
      await stat(path);
      // already stored: touched, so the sweep of unreferenced files (a day old) spares it while its row commits
      const now = new Date();
      await utimes(path, now, now);
      return { digest, size: bytes.length, created: false };
    } catch (e) {
      if (!isAbsent(e)) throw e;
    }
    await mkdir(join(this.location, digest.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${token(6)}.tmp`;
    try {
      await pipeline(Readable.from([bytes]), createWriteStream(tmp, { mode: 0o600 }));
      // read back what the disk holds: a short write or a bad sector is caught before the file counts as stored
      const written = await sm3OfStream(createReadStream(tmp));
      if (written !== digest) throw mismatch(digest, written);
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true }); // a failed write leaves no temporary file behind
      throw e;
    }
    return { digest, size: bytes.length, created: true };
  }

  async stat(digest: string): Promise<FileInfo | null> {
    assertDigest(digest);
    try {
      const s = await stat(this.pathOf(digest));
      return { size: s.size, modifiedAt: s.mtime };
    } catch (e) {
      if (isAbsent(e)) return null;
      throw e;
    }
  }

  async get(digest: string): Promise<StoredFile | null> {
    const info = await this.stat(digest);
    if (!info) return null;
    return { stream: createReadStream(this.pathOf(digest)), size: info.size };
  }

  async delete(name: string): Promise<void> {
    if (!DIGEST.test(name) && !TEMP.test(name)) throw new StorageError(`not a stored file name: ${name.slice(0, 80)}`, '文件名有误');
    await rm(this.pathOf(name), { force: true });
  }

  async *list(): AsyncIterable<ListedFile> {
    let subs: string[];
    try {
      subs = (await readdir(this.location)).sort();
    } catch (e) {
      if (isAbsent(e)) return;
      throw e;
    }
    for (const sub of subs) {
      if (!/^[0-9a-f]{2}$/.test(sub)) continue;
      const dir = join(this.location, sub);
      if (!(await stat(dir)).isDirectory()) continue;
      for (const name of (await readdir(dir)).sort()) {
        const digest = DIGEST.test(name) ? name : null;
        const temp = TEMP.test(name);
        // only what this store writes, under the directory its digest names; anything else is not ours to list or remove
        if ((!digest && !temp) || name.slice(0, 2) !== sub) continue;
        let s;
        try {
          s = await stat(join(dir, name));
        } catch (e) {
          if (isAbsent(e)) continue; // removed meanwhile (a concurrent sweep, a finished rename)
          throw e;
        }
        yield { name, digest, temp, size: s.size, modifiedAt: s.mtime };
      }
    }
  }
}
