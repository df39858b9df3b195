/**
 * Commercial cryptography (GB/T 39786) for the trust features: SM3 (HMAC) for
 * integrity, SM4 for confidentiality, and the key files they use.
 *
 * Node's OpenSSL offers SM4 in CBC/CTR/CFB/OFB/ECB but no authenticated mode
 * (no SM4-GCM), so confidentiality and integrity are composed: SM4-CBC, then
 * HMAC-SM3 over the magic, IV and ciphertext (encrypt-then-MAC), each under its
 * own key derived from one master key. A wrong key and a changed byte fail the
 * same way, before any decryption.
 *
 * Keys live in files under KEY_DIR (default <DATA_DIR>/keys), never in a table:
 * someone holding a copy of the database holds no key. In production KEY_DIR
 * should be a path the database's operators cannot read.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';

/** A key that cannot be used: absent where it must exist, unreadable, or not what a file of ours holds. */
export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

/** Sealed bytes that do not open: changed, cut, or sealed under another key. */
export class IntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrityError';
  }
}

type KeyPaths = Pick<Config, 'dataDir' | 'KEY_DIR' | 'AUDIT_CHECKPOINT_FILE'>;

/** The directory of the key files. */
export function keyDirOf(c: KeyPaths): string {
  return c.KEY_DIR ? resolve(c.KEY_DIR) : join(c.dataDir, 'keys');
}

/** The file of signed audit checkpoints. */
export function checkpointFileOf(c: KeyPaths): string {
  return c.AUDIT_CHECKPOINT_FILE ? resolve(c.AUDIT_CHECKPOINT_FILE) : join(c.dataDir, 'audit', 'checkpoints.jsonl');
}

/** The directory of signed audit archives (rows older than the retention, moved out of the table). */
export function archiveDirOf(c: KeyPaths): string {
  return join(dirname(checkpointFileOf(c)), 'archive');
}

/** HMAC-SM3 of the data, hex. */
export function hmacSm3(key: Uint8Array, data: string | Uint8Array): string {
  return createHmac('sm3', key).update(data).digest('hex');
}

/** A key for one purpose, derived from a master key, so one leaked purpose key opens nothing else. */
export function deriveKey(master: Uint8Array, purpose: string): Buffer {
  return createHmac('sm3', master).update(`zhenggai/${purpose}`).digest();
}

/** Compares two hex strings in constant time. */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function writePrivate(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

/**
 * A 32-byte master key kept as hex in a file. Created (mode 0600) only when
 * `create` is set: a key that vanished must be noticed, not silently replaced.
 */
export function readKeyFile(path: string, opts: { create: boolean }): { key: Buffer; created: boolean } {
  if (!existsSync(path)) {
    if (!opts.create) throw new KeyError(`key file ${path} is missing (密钥文件缺失)`);
    const key = randomBytes(32);
    writePrivate(path, `${key.toString('hex')}\n`);
    return { key, created: true };
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new KeyError(`key file ${path} does not hold a 256-bit hex key (密钥文件格式不正确)`);
  return { key: Buffer.from(text, 'hex'), created: false };
}

const MAGIC = Buffer.from('ZGS1');
const MAC_BYTES = 32;

/** The two keys of a sealed envelope, derived from one master. */
export interface EnvelopeKeys {
  enc: Buffer;
  mac: Buffer;
}

export function envelopeKeys(master: Uint8Array, purpose: string): EnvelopeKeys {
  return { enc: deriveKey(master, `${purpose}/sm4`).subarray(0, 16), mac: deriveKey(master, `${purpose}/mac`) };
}

/** SM4-CBC then HMAC-SM3: MAGIC | IV | ciphertext | MAC. */
export function seal(keys: EnvelopeKeys, plain: Uint8Array): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-cbc', keys.enc, iv);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  const body = Buffer.concat([MAGIC, iv, ct]);
  return Buffer.concat([body, createHmac('sm3', keys.mac).update(body).digest()]);
}

/** Opens what `seal` made; an IntegrityError for anything changed, cut or sealed under another key. */
export function open(keys: EnvelopeKeys, sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < MAGIC.length + 16 + 16 + MAC_BYTES || !buf.subarray(0, 4).equals(MAGIC)) {
    throw new IntegrityError('not a sealed envelope (内容不完整或格式不对)');
  }
  const body = buf.subarray(0, buf.length - MAC_BYTES);
  const mac = buf.subarray(buf.length - MAC_BYTES);
  if (!timingSafeEqual(createHmac('sm3', keys.mac).update(body).digest(), mac)) {
    throw new IntegrityError('MAC mismatch: changed, cut, or sealed under another key (校验失败：内容被改动，或密钥不符)');
  }
  const d = createDecipheriv('sm4-cbc', keys.enc, body.subarray(4, 20));
  return Buffer.concat([d.update(body.subarray(20)), d.final()]);
}

// ---- field encryption (personal data at rest) ----------------------------------------------

/** The key ring of field encryption: every key still needed to read, and the one new values use. */
interface FieldRing {
  current: string;
  keys: Record<string, string>;
}

const FIELD_PREFIX = 'zgf1';

export function fieldKeyFileOf(c: KeyPaths): string {
  return join(keyDirOf(c), 'field-keys.json');
}

function readRing(path: string, create: boolean): FieldRing {
  if (!existsSync(path)) {
    if (!create) throw new KeyError(`field key ring ${path} is missing (个人信息加密密钥文件缺失)`);
    const ring: FieldRing = { current: 'k1', keys: { k1: randomBytes(32).toString('hex') } };
    writePrivate(path, `${JSON.stringify(ring, null, 2)}\n`);
    return ring;
  }
  const ring = JSON.parse(readFileSync(path, 'utf8')) as FieldRing;
  if (!ring.keys?.[ring.current] || Object.values(ring.keys).some((k) => !/^[0-9a-f]{64}$/.test(k))) {
    throw new KeyError(`field key ring ${path} is malformed (个人信息加密密钥文件格式不正确)`);
  }
  return ring;
}

/** Encrypts and decrypts fields holding personal data; values name the key that sealed them. */
export interface FieldCipher {
  /** `zgf1.<key id>.<base64url of the sealed envelope>`. */
  encrypt(plain: string): string;
  /** The plain text of a value `encrypt` made; an IntegrityError for anything else. */
  decrypt(stored: string): string;
  /** The key new values use. */
  readonly currentKeyId: string;
  /** Which key sealed a stored value (null: not ours). */
  keyIdOf(stored: string): string | null;
}

const rings = new Map<string, FieldCipher>();

function cipherOf(ring: FieldRing): FieldCipher {
  const keys = new Map(Object.entries(ring.keys).map(([id, hex]) => [id, envelopeKeys(Buffer.from(hex, 'hex'), 'field')]));
  return {
    currentKeyId: ring.current,
    encrypt(plain) {
      return `${FIELD_PREFIX}.${ring.current}.${seal(keys.get(ring.current)!, Buffer.from(plain, 'utf8')).toString('base64url')}`;
    },
    decrypt(stored) {
      const [prefix, id, body] = stored.split('.');
      const k = keys.get(id);
      if (prefix !== FIELD_PREFIX || !k || !body) throw new IntegrityError('not an encrypted field, or its key is not in the ring');
      return open(k, Buffer.from(body, 'base64url')).toString('utf8');
    },
    keyIdOf(stored) {
      const [prefix, id] = stored.split('.');
      return prefix === FIELD_PREFIX && id ? id : null;
    },
  };
}

/** The field cipher of a configuration (its ring is made on first use). */
export function fieldCipher(c: KeyPaths): FieldCipher {
  const path = fieldKeyFileOf(c);
  let f = rings.get(path);
  if (!f) rings.set(path, (f = cipherOf(readRing(path, true))));
  return f;
}

/** Encrypts a personal-data field with the configured key (SM4-CBC + HMAC-SM3). */
export function encryptField(c: KeyPaths, plain: string): string {
  return fieldCipher(c).encrypt(plain);
}

/** Decrypts a field `encryptField` wrote, with whichever key of the ring sealed it. */
export function decryptField(c: KeyPaths, stored: string): string {
  return fieldCipher(c).decrypt(stored);
}

/** Whether a stored value is one of ours (an encrypted field), not plain text left from before. */
export function isEncryptedField(stored: string): boolean {
  return stored.startsWith(`${FIELD_PREFIX}.`);
}

/**
 * Adds a new key to the ring and makes it current (`zhenggai keys rotate`).
 * Old keys stay until every value is re-encrypted; `retireFieldKeys` drops them.
 */
export function addFieldKey(c: KeyPaths): { previous: string; current: string } {
  const path = fieldKeyFileOf(c);
  const ring = readRing(path, true);
  const ids = Object.keys(ring.keys)
    .map((k) => Number(k.slice(1)))
    .filter(Number.isFinite);
  const id = `k${Math.max(0, ...ids) + 1}`;
  const next: FieldRing = { current: id, keys: { ...ring.keys, [id]: randomBytes(32).toString('hex') } };
  writePrivate(path, `${JSON.stringify(next, null, 2)}\n`);
  rings.delete(path);
  return { previous: ring.current, current: id };
}

/** Drops every key but the current one (after all values were re-encrypted). */
export function retireFieldKeys(c: KeyPaths): string[] {
  const path = fieldKeyFileOf(c);
  const ring = readRing(path, false);
  const dropped = Object.keys(ring.keys).filter((k) => k !== ring.current);
  writePrivate(path, `${JSON.stringify({ current: ring.current, keys: { [ring.current]: ring.keys[ring.current] } }, null, 2)}\n`);
  rings.delete(path);
  return dropped;
}

// ---- blind indexes (equality search over encrypted fields) ----------------------------------

/**
 * The key of blind indexes, `<KEY_DIR>/blind-index.key`: separate from the field ring, so
 * the index key opens nothing, and rotating the field keys leaves every index valid.
 */
export function blindIndexKeyFileOf(c: KeyPaths): string {
  return join(keyDirOf(c), 'blind-index.key');
}

const blindKeys = new Map<string, Buffer>();

/**
 * A blind index of a normalised value: HMAC-SM3 under a key derived for `purpose`. Equal
 * values give equal indexes, so it answers "which rows hold exactly this value" and nothing
 * else: no prefix, no substring, no order. Without the key a guessed value cannot be
 * checked against the table. The key is made on first use; the indexes are derived data,
 * rebuilt from the decrypted values when it changes (see registers/names.ts).
 */
export function blindIndex(c: KeyPaths, purpose: string, normalised: string): string {
  const path = blindIndexKeyFileOf(c);
  let key = blindKeys.get(path);
  if (!key) blindKeys.set(path, (key = readKeyFile(path, { create: true }).key));
  return hmacSm3(deriveKey(key, `blind/${purpose}`), normalised);
}
