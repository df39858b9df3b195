/**
 * The names of people held accountable (问责), encrypted at rest (issue 13 point 8, GB/T 39786: confidentiality
 * of important data). A name is stored as SM4 ciphertext (`person_name_enc`, the field encryption of
 * lib/crypto.ts, the same as the public's contact data, re-encrypted by `zhenggai keys rotate`) beside a
 * blind index (`person_name_index`: HMAC-SM3 of the normalised name under its own key from KEY_DIR).
 *
 * Search: an exact name is found through the index. A partial name is deliberately not searched: a blind
 * index answers only equality (the HMAC of "张" says nothing about "张某"), and the alternatives — an index
 * per prefix or per character pair — would let anyone holding the table count and link names by their parts,
 * which is what the encryption is there to prevent. The other fields of an entry (deciding body, position,
 * reason) are still searched by substring for those who may read them.
 *
 * What the table still tells someone without the keys: which entries name the same person (equal indexes).
 *
 * Rows written before this release (or by the demo loader, which has no configuration) hold the name in the
 * old `person_name` column; `sealPlainNames`, run when the server or a trust command opens the database
 * (audit/trust.ts `openTrust`), encrypts them, empties the plain column and rewrites the table so the old row
 * versions do not keep the names on disk.
 */
import type { Config } from '../../config.js';
import type { Db } from '../../db/index.js';
import { blindIndex, fieldCipher, IntegrityError } from '../../lib/crypto.js';
import { registerRepo, type SealedName } from './repository.js';

export type { SealedName };

type KeyPaths = Pick<Config, 'dataDir' | 'KEY_DIR' | 'AUDIT_CHECKPOINT_FILE'>;

/**
 * The form of a name its index is computed from, so that what people type for the same name matches:
 * compatibility forms folded (full-width letters), spaces removed ("张 三"), the several middle dots of
 * transliterated names made one (“阿依·买买提”, “阿依•买买提”), Latin letters in lower case.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, '')
    .replace(/[·•・‧∙⋅･.]/gu, '·')
    .toLowerCase();
}

/** Encrypts, indexes and opens the names of the accountability register under a configuration's keys. */
export interface NameCodec {
  seal(name: string | null | undefined): SealedName;
  /** The blind index of a search term (an exact name). */
  index(name: string): string;
  /** The name of a row: its ciphertext decrypted, or (before `sealPlainNames` ran) the old plain column. */
  open(row: { person_name: string | null; person_name_enc: string | null }): string | null;
}

const INDEX_PURPOSE = 'accountability/person_name';

export function nameCodec(c: KeyPaths): NameCodec {
  const index = (name: string) => blindIndex(c, INDEX_PURPOSE, normaliseName(name));
  return {
    index,
    seal(name) {
      if (!name) return { enc: null, index: null };
      return { enc: fieldCipher(c).encrypt(name), index: index(name) };
    },
    open(row) {
      return row.person_name_enc ? fieldCipher(c).decrypt(row.person_name_enc) : row.person_name;
    },
  };
}

export interface SealReport {
  /** Plain names encrypted (and their column emptied). */
  sealed: number;
  /** Indexes rewritten because they did not match the current index key (a new or restored key file). */
  reindexed: number;
  /** Ciphertexts that did not open with the field key ring (left as they are; `keys` must be restored). */
  unreadable: number[];
}

/**
 * Encrypts every name still stored in clear and rebuilds any blind index that does not match the index key
 * (the index is derived data: a lost index key costs a rebuild, not the names). One transaction; then, when
 * plain names were replaced, VACUUM FULL rewrites the table so the dead row versions holding them are gone.
 */
export async function sealPlainNames(db: Db, c: KeyPaths): Promise<SealReport> {
  const codec = nameCodec(c);
  const report: SealReport = { sealed: 0, reindexed: 0, unreadable: [] };
  await db.tx(async (q) => {
    for (const r of await registerRepo.namedEntries(q)) {
      if (r.person_name_enc == null) {
        await registerRepo.setSealedName(q, r.id, codec.seal(r.person_name));
        report.sealed++;
        continue;
      }
      let plain: string;
      try {
        plain = fieldCipher(c).decrypt(r.person_name_enc);
      } catch (e) {
        if (!(e instanceof IntegrityError)) throw e;
        report.unreadable.push(r.id);
        continue;
      }
      const idx = codec.index(plain);
      if (idx !== r.person_name_index) {
        await registerRepo.setNameIndex(q, r.id, idx);
        report.reindexed++;
      }
    }
  });
  if (report.sealed) await db.exec('VACUUM FULL accountability_entries');
  return report;
}
