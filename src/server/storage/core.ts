/** The storage interface and what its implementations share (index.ts chooses one; see there). */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Config } from '../config.js';

/** The settings a store is chosen and opened with (a full Config satisfies it). */
export type StorageConfig = Pick<Config, 'dataDir' | 'STORAGE'> &
  Partial<Pick<Config, 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ACCESS_KEY' | 'S3_SECRET_KEY' | 'S3_PREFIX'>>;

/** A data directory (the local store there) or a configuration. */
export type StorageTarget = string | StorageConfig;

export interface StoredFile {
  /** The bytes, streamed: a large file is never held in memory whole. */
  stream: Readable;
  size: number;
}

export interface FileInfo {
  size: number;
  /** When the store last wrote (or touched) it: the sweep spares young files. */
  modifiedAt: Date;
}

/** One entry of the store, as the sweep sees it. */
export interface ListedFile extends FileInfo {
  /** The entry's name in the store, what `delete` takes: a digest, or a temporary upload's name. */
  name: string;
  /** The SM3 digest the entry is filed under; null for anything else (temporary uploads). */
  digest: string | null;
  /** A temporary file an interrupted upload left (only the local store writes them). */
  temp: boolean;
}

export interface PutResult {
  digest: string;
  size: number;
  /** false: the same bytes were stored already (and were touched, so the sweep spares them). */
  created: boolean;
}

export interface FileStore {
  /** 'local' or 's3', for logs and reports. */
  readonly kind: 'local' | 's3';
  /** Where the files are, for people (a directory, or endpoint/bucket/prefix). */
  readonly location: string;
  /** Ready to serve: the directory or the bucket exists (created when absent). Fails with a StorageError. */
  init(): Promise<void>;
  /**
   * Stores bytes under their SM3. With `expected`, refuses bytes whose SM3
   * differs (a restore, a copy between stores). The store checks that what it
   * received is what was sent before the file counts as stored.
   */
  put(bytes: Buffer, expected?: string): Promise<PutResult>;
  /** The file as a stream with its size; null when absent. */
  get(digest: string): Promise<StoredFile | null>;
  /** Size and time of a stored file; null when absent. */
  stat(digest: string): Promise<FileInfo | null>;
  /** Removes an entry by the name `list` gave (a digest or a temporary name); absent is no error. */
  delete(name: string): Promise<void>;
  /** Every entry, for the sweep, the backup and `verify`. */
  list(): AsyncIterable<ListedFile>;
}

/** A store that cannot be reached or refused an operation; `userMessage` is for people. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export const DIGEST = /^[0-9a-f]{64}$/;

export function assertDigest(digest: string): void {
  // a digest becomes a path or a key: anything else could name a file outside the store
  if (!DIGEST.test(digest)) throw new StorageError(`not an SM3 digest: ${digest.slice(0, 80)}`, '文件摘要格式有误');
}

export function sm3Of(bytes: Buffer): string {
  return createHash('sm3').update(bytes).digest('hex');
}

/** SM3 of a stream, read once (for `verify` on files of any size). */
export async function sm3OfStream(stream: Readable): Promise<string> {
  const h = createHash('sm3');
  for await (const chunk of stream) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function mismatch(expected: string, actual: string): StorageError {
  return new StorageError(`SM3 mismatch: expected ${expected}, got ${actual}`, `文件内容与其 SM3 摘要不符（应为 ${expected}），拒绝存储`);
}
