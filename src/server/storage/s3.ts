/**
 * The object store: an S3-compatible server (MinIO on a government intranet;
 * any S3 API), path-style addressing at a configured endpoint — intranet
 * servers have no wildcard DNS for bucket subdomains. Keys mirror the local
 * layout: <S3_PREFIX><first two hex digits>/<digest>. The bucket is created at
 * start when absent.
 *
 * Integrity on upload: the SM3 is computed before sending; the request carries
 * Content-MD5, which S3 and MinIO check on receipt; the answer's ETag (the MD5
 * of a single-part upload) is compared with what was sent, and where the server
 * gives no plain MD5 (encryption at rest changes it) the object is read back
 * and its SM3 compared. A PUT is atomic, so no temporary object ever exists.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
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

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
  /** Key prefix, empty or ending in '/'. */
  prefix: string;
}

function status(e: unknown): number | undefined {
  return e instanceof S3ServiceException ? e.$metadata?.httpStatusCode : undefined;
}

const absent = (e: unknown) =>
  status(e) === 404 || (e instanceof S3ServiceException && ['NoSuchKey', 'NotFound', 'NoSuchBucket'].includes(e.name));

export class S3Store implements FileStore {
  readonly kind = 's3' as const;
  readonly location: string;
  private readonly client: S3Client;
  private ready: Promise<void> | null = null;

  constructor(private readonly o: S3Options) {
    this.location = `${o.endpoint.replace(/\/$/, '')}/${o.bucket}/${o.prefix}`;
    this.client = new S3Client({
      endpoint: o.endpoint,
      region: o.region,
      forcePathStyle: true,
      credentials: { accessKeyId: o.accessKey, secretAccessKey: o.secretKey },
      // the SDK's default CRC checksums and aws-chunked bodies are not understood by every MinIO release an intranet runs;
      // integrity is checked with Content-MD5 and the SM3 instead (see above)
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    });
  }

  private key(name: string): string {
    return `${this.o.prefix}${name.slice(0, 2)}/${name}`;
  }

  /** An error of the store in words for people (the operator reads them in the log and the answer). */
  private fail(what: string, e: unknown): StorageError {
    const code = status(e);
    const zh =
      code === 403
        ? `对象存储拒绝访问（${this.location}）：请检查 S3_ACCESS_KEY、S3_SECRET_KEY 及其对存储桶的权限`
        : code
          ? `对象存储操作失败（${what}，HTTP ${code}）：${this.location}`
          : `无法连接对象存储 ${this.o.endpoint}：请检查 S3_ENDPOINT 与网络`;
    return new StorageError(`s3 ${what} at ${this.location}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, zh, {
      cause: e,
    });
  }

  init(): Promise<void> {
    // once per process; a failure is not remembered, so a store that comes up later is found on the next call
    this.ready ??= this.ensureBucket().catch((e: unknown) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  private async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.o.bucket }));
      return;
    } catch (e) {
      if (!absent(e)) throw this.fail('head bucket', e);
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.o.bucket }));
    } catch (e) {
      // two servers starting at once: the other one created it
      if (e instanceof S3ServiceException && ['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(e.name)) return;
      throw this.fail('create bucket', e);
    }
  }

  async put(bytes: Buffer, expected?: string): Promise<PutResult> {
    await this.init();
    const digest = sm3Of(bytes);
    if (expected && expected !== digest) throw mismatch(expected, digest);
    const Key = this.key(digest);
    if (await this.stat(digest)) {
      // already stored: copied onto itself, which renews its time, so the sweep of unreferenced files spares it while its row commits
      try {
        await this.client.send(
          new CopyObjectCommand({
            Bucket: this.o.bucket,
            Key,
            CopySource: `${this.o.bucket}/${Key}`,
            MetadataDirective: 'REPLACE',
            Metadata: { sm3: digest },
            ContentType: 'application/octet-stream',
          }),
        );
      } catch (e) {
        throw this.fail('touch', e);
      }
      return { digest, size: bytes.length, created: false };
    }
    const md5 = createHash('md5').update(bytes).digest();
    let etag: string | undefined;
    try {
      const r = await this.client.send(
        new PutObjectCommand({
          Bucket: this.o.bucket,
          Key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentMD5: md5.toString('base64'),
          ContentType: 'application/octet-stream',
          Metadata: { sm3: digest },
        }),
      );
      etag = r.ETag?.replace(/"/g, '').toLowerCase();
    } catch (e) {
      throw this.fail('put', e);
    }
    if (etag !== md5.toString('hex')) {
      // no plain MD5 to compare (encryption at rest, a gateway) or a different one: the stored bytes decide
      const stored = await this.get(digest);
      const actual = stored ? await sm3OfStream(stored.stream) : 'absent';
      if (actual !== digest) {
        await this.delete(digest).catch(() => undefined);
        throw mismatch(digest, actual);
      }
    }
    return { digest, size: bytes.length, created: true };
  }

  async stat(digest: string): Promise<FileInfo | null> {
    assertDigest(digest);
    await this.init();
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: this.key(digest) }));
      return { size: r.ContentLength ?? 0, modifiedAt: r.LastModified ?? new Date(0) };
    } catch (e) {
      if (absent(e)) return null;
      throw this.fail('head', e);
    }
  }

  async get(digest: string): Promise<StoredFile | null> {
    assertDigest(digest);
    await this.init();
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.key(digest) }));
      // in Node the body is the HTTP response itself: streamed to the client as it arrives, never buffered whole
      return { stream: r.Body as Readable, size: r.ContentLength ?? 0 };
    } catch (e) {
      if (absent(e)) return null;
      throw this.fail('get', e);
    }
  }

  async delete(name: string): Promise<void> {
    // the object store writes no temporary objects: only digests are ever named
    assertDigest(name);
    await this.init();
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: this.key(name) }));
    } catch (e) {
      if (!absent(e)) throw this.fail('delete', e);
    }
  }

  async *list(): AsyncIterable<ListedFile> {
    await this.init();
    let token: string | undefined;
    do {
      let r;
      try {
        r = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: this.o.prefix, ContinuationToken: token, MaxKeys: 1000 }),
        );
      } catch (e) {
        throw this.fail('list', e);
      }
      for (const o of r.Contents ?? []) {
        const rest = (o.Key ?? '').slice(this.o.prefix.length);
        const [sub, name, ...more] = rest.split('/');
        // only what this store writes; other objects under the prefix are not ours to list or remove
        if (more.length || !name || !DIGEST.test(name) || name.slice(0, 2) !== sub) continue;
        yield { name, digest: name, temp: false, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) };
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }

  /** Closes the client's connections (tests that stop their object store). */
  destroy(): void {
    this.client.destroy();
  }
}
