/**
 * One interface for every file the application stores outside the database:
 * progress evidence, register documents, feedback attachments, 督办 replies and
 * 回头看 files. Files are content-addressed by their SM3 digest (the same file
 * uploaded twice is stored once, and the digest in the database proves which
 * bytes were filed), so the store only has to map a digest to bytes.
 *
 * Two implementations: the local directory <DATA_DIR>/evidence (the default,
 * the layout of every data directory written so far) and an S3-compatible
 * object store (MinIO on a government intranet), which lets several app
 * servers share the files. Which one is chosen by the configuration
 * (STORAGE, S3_*); `storageOf` returns one store per configuration, so the S3
 * client and its connections are shared by every request.
 */
import type { StorageConfig, StorageTarget, FileStore } from './core.js';
import { StorageError } from './core.js';
import { LocalStore } from './local.js';
import { S3Store } from './s3.js';

export * from './core.js';

const stores = new Map<string, FileStore>();

/**
 * The store of a configuration (or of a data directory: the local store there).
 * One instance per distinct setting, kept for the process: the S3 client pools
 * its connections, and `init` (creating the bucket) runs once.
 */
export function storageOf(target: StorageTarget): FileStore {
  const c: StorageConfig = typeof target === 'string' ? { dataDir: target, STORAGE: 'local' } : target;
  if (c.STORAGE === 's3') {
    const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'] as const).filter((k) => !c[k]);
    if (missing.length)
      throw new StorageError(`STORAGE=s3 needs ${missing.join(', ')}`, `使用对象存储（STORAGE=s3）时必须设置 ${missing.join('、')}`);
    const o = {
      endpoint: c.S3_ENDPOINT!,
      bucket: c.S3_BUCKET!,
      region: c.S3_REGION ?? 'us-east-1',
      accessKey: c.S3_ACCESS_KEY!,
      secretKey: c.S3_SECRET_KEY!,
      prefix: c.S3_PREFIX ?? 'evidence/',
    };
    const key = JSON.stringify(['s3', o.endpoint, o.bucket, o.region, o.accessKey, o.secretKey, o.prefix]);
    let s = stores.get(key);
    if (!s) stores.set(key, (s = new S3Store(o)));
    return s;
  }
  const key = JSON.stringify(['local', c.dataDir]);
  let s = stores.get(key);
  if (!s) stores.set(key, (s = new LocalStore(c.dataDir)));
  return s;
}

/** Forgets the stores of a configuration (tests that stop an object store); the next `storageOf` opens anew. */
export function forgetStores(): void {
  for (const s of stores.values()) if (s instanceof S3Store) s.destroy();
  stores.clear();
}

/**
 * Copies every stored file of `from` that `to` lacks (moving an installation
 * from its data directory to an object store, or back). Each file is checked
 * against its SM3 on the way in; files already present are left as they are,
 * so an interrupted copy is simply run again.
 */
export async function copyFiles(from: FileStore, to: FileStore): Promise<{ copied: number; present: number }> {
  let copied = 0;
  let present = 0;
  for await (const f of from.list()) {
    if (!f.digest) continue;
    if (await to.stat(f.digest)) {
      present++;
      continue;
    }
    const got = await from.get(f.digest);
    if (!got) continue; // removed since the listing
    const chunks: Buffer[] = [];
    for await (const c of got.stream) chunks.push(c as Buffer);
    await to.put(Buffer.concat(chunks), f.digest);
    copied++;
  }
  return { copied, present };
}
