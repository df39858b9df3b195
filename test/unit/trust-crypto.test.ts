/**
 * The cryptographic and password building blocks of issue 13: the SM4 envelope
 * (SM4-CBC + HMAC-SM3) refuses any changed, cut or foreign byte; field
 * encryption reads old values after a key rotation and `zhenggai keys rotate`'s
 * re-encryption moves every value to the new key; the pinyin forms of names;
 * the common-password list; key files are never silently replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addFieldKey,
  decryptField,
  encryptField,
  envelopeKeys,
  fieldCipher,
  IntegrityError,
  KeyError,
  open,
  readKeyFile,
  retireFieldKeys,
  seal,
} from '../../src/server/lib/crypto.js';
import { nameForms } from '../../src/server/modules/security/pinyin.js';
import { COMMON_PASSWORD_COUNT, isCommonPassword, passwordProblems } from '../../src/server/modules/security/passwords.js';
import { openPglite } from '../../src/server/db/pglite.js';
import { migrate } from '../../src/server/db/index.js';
import { fieldRepo } from '../../src/server/modules/security/repository.js';

const dir = () => mkdtempSync(join(tmpdir(), 'zg-crypto-'));

test('the SM4 envelope opens what it sealed and refuses every changed, cut or foreign byte', () => {
  const keys = envelopeKeys(Buffer.alloc(32, 7), 'test');
  const plain = Buffer.from('整改台账：张三 13800000000'.repeat(20));
  const sealed = seal(keys, plain);
  assert.deepEqual(open(keys, sealed), plain);
  assert.ok(!sealed.includes(Buffer.from('张三')), 'no plain text inside');
  assert.notDeepEqual(seal(keys, plain), sealed, 'a fresh IV each time');
  for (let i = 0; i < sealed.length; i += 17) {
    const bad = Buffer.from(sealed);
    bad[i] ^= 0x80;
    assert.throws(() => open(keys, bad), IntegrityError, `byte ${i}`);
  }
  assert.throws(() => open(keys, sealed.subarray(0, sealed.length - 1)), IntegrityError);
  assert.throws(() => open(envelopeKeys(Buffer.alloc(32, 8), 'test'), sealed), IntegrityError, 'another key');
  assert.throws(() => open(envelopeKeys(Buffer.alloc(32, 7), 'other purpose'), sealed), IntegrityError, 'another purpose');
});

test('key files: made once with mode 0600, never replaced when missing unless asked, refused when malformed', () => {
  const d = dir();
  try {
    const path = join(d, 'keys', 'audit.key');
    assert.throws(() => readKeyFile(path, { create: false }), KeyError);
    const made = readKeyFile(path, { create: true });
    assert.equal(made.created, true);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readKeyFile(path, { create: true }).key, made.key, 'the same key next time');
    writeFileSync(path, 'not a key');
    assert.throws(() => readKeyFile(path, { create: true }), KeyError);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('field encryption: a rotation keeps old values readable; re-encryption moves them all; then old keys retire', async () => {
  const d = dir();
  const config = { dataDir: d, KEY_DIR: undefined, AUDIT_CHECKPOINT_FILE: undefined };
  const db = await openPglite(null);
  try {
    await migrate(db);
    const before = encryptField(config, '13800000000');
    assert.match(before, /^zgf1\.k1\./);
    assert.equal(decryptField(config, before), '13800000000');
    assert.throws(
      () =>
        decryptField(
          config,
          // a character in the middle: the last base64 character may carry padding bits that decode to nothing
          before.slice(0, -8) + (before.at(-8) === 'A' ? 'B' : 'A') + before.slice(-7),
        ),
      IntegrityError,
    );
    await db.query(`INSERT INTO users (username, display_name, password_hash, totp_secret) VALUES ('u1', '张三', 'x', $1)`, [before]);

    const r = addFieldKey(config);
    assert.deepEqual(r, { previous: 'k1', current: 'k2' });
    assert.equal(decryptField(config, before), '13800000000', 'the old key stays in the ring');
    assert.match(encryptField(config, 'x'), /^zgf1\.k2\./);
    assert.deepEqual(await fieldRepo.keyIds(db), ['k1']);
    const cipher = fieldCipher(config);
    assert.equal(await fieldRepo.reencrypt(db, (v) => cipher.encrypt(cipher.decrypt(v))), 1);
    assert.deepEqual(await fieldRepo.keyIds(db), ['k2']);
    const after = (await db.query<{ totp_secret: string }>(`SELECT totp_secret FROM users WHERE username = 'u1'`)).rows[0].totp_secret;
    assert.equal(decryptField(config, after), '13800000000');
    assert.deepEqual(retireFieldKeys(config), ['k1']);
    assert.throws(() => decryptField(config, before), IntegrityError, 'the retired key opens nothing');
    assert.equal(decryptField(config, after), '13800000000');
    assert.deepEqual(Object.keys((JSON.parse(readFileSync(join(d, 'keys', 'field-keys.json'), 'utf8')) as { keys: object }).keys), ['k2']);
  } finally {
    await db.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('the pinyin of names: surname + given name both ways, the given name of two characters, surname readings', () => {
  assert.deepEqual(nameForms('王海燕').sort(), ['haiyan', 'haiyanwang', 'wanghaiyan']);
  assert.deepEqual(nameForms('张伟').sort(), ['weizhang', 'zhangwei']);
  assert.ok(nameForms('单丹').includes('shandan'), '单 as a surname reads shan');
  assert.ok(nameForms('曾志强').includes('zengzhiqiang'));
  assert.ok(nameForms('欧阳修').includes('ouyangxiu'), 'a compound surname');
  assert.ok(nameForms('乐乐').some((f) => f.startsWith('yue')));
  assert.deepEqual(nameForms('张𠀀'), [], 'a character outside the table: no form (the documented limit)');
  assert.deepEqual(nameForms('John'), []);
});

test('the common-password list holds 10,000 and catches decorated entries; the policy names every reason', () => {
  assert.ok(COMMON_PASSWORD_COUNT >= 10_000);
  for (const p of ['Password1', 'password', 'Qwerty123!', '123456', 'Iloveyou1', '!!letmein2026'])
    assert.equal(isCommonPassword(p), true, p);
  for (const p of ['Zhenggai@2026', 'Kestrel#2026q', 'Test#Pass2026']) assert.equal(isCommonPassword(p), false, p);
  const policy = { passwordMinLength: 8, passwordMinClasses: 3 };
  assert.deepEqual(passwordProblems('Kestrel#2026q', policy, { username: 'zhangwei', displayName: '张伟' }), []);
  assert.deepEqual(passwordProblems('Zhangwei#2026', policy, { username: 'zw01', displayName: '张伟' }), ['密码不能包含本人姓名的拼音']);
  assert.deepEqual(passwordProblems('x-zw01-Abc!9', policy, { username: 'zw01', displayName: '张伟' }), ['密码不能包含用户名']);
  assert.deepEqual(passwordProblems('Password1', policy, { username: 'zw01', displayName: '张伟' }), [
    '密码过于常见（在常用密码表中），请换一个',
  ]);
  assert.deepEqual(passwordProblems('Qz1!', policy, { username: 'zw01', displayName: '' }), ['密码至少 8 位']);
  assert.equal(passwordProblems('alllowercase', { ...policy, passwordMinLength: 8 }, { username: 'zw01', displayName: '' }).length, 1);
});
