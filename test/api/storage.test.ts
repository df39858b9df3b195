/**
 * The file store behind one interface (issue 12 point 7): the same flows run
 * against the local directory and against an S3-compatible object store that
 * the test starts itself (s3rver on 127.0.0.1) — evidence uploaded and
 * downloaded through the API (a file of several MiB streamed back whole, the
 * same bytes stored once), `verify` finding a file altered or missing in the
 * store, a download of a missing file answering 404, the sweep removing only
 * old unreferenced files, the files copied to the other kind of store, a
 * backup carrying the store's files. Then the
 * configuration: every missing object-store setting named at once, and an
 * unreachable store refused with words for people.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestApp, expectError, engine, type TestApp } from '../helpers/app.js';
import { factories, type Factories, type Unit } from '../helpers/factories.js';
import { startS3, type S3Server } from '../helpers/s3-server.js';
import { loadConfig, ConfigError, type Config } from '../../src/server/config.js';
import { sm3 } from '../../src/server/lib/sm3.js';
import { verifyAll } from '../../src/server/modules/audit/verify.js';
import { checkEvidence, cleanStorage } from '../../src/server/modules/audit/integrity.js';
import { createBackup, readBackup } from '../../src/server/modules/security/backup.js';
import { copyFiles, storageOf, StorageError, type FileStore } from '../../src/server/storage/index.js';

let s3: S3Server;
before(async () => {
  s3 = await startS3();
});
after(async () => {
  await s3?.stop();
});

/** How each store is set up, and how a test reaches behind the application's back to damage a stored file. */
interface Variant {
  name: 'local' | 's3';
  config(): Partial<Config>;
  /** Overwrites the stored file of `digest` with other bytes, as a person with access to the store could. */
  tamper(config: Config, digest: string, bytes: Buffer): Promise<void>;
}

const variants: Variant[] = [
  {
    name: 'local',
    config: () => ({}),
    tamper: async (config, digest, bytes) => writeFileSync(join(config.dataDir, 'evidence', digest.slice(0, 2), digest), bytes),
  },
  {
    name: 's3',
    config: () => s3.config(),
    tamper: async (config, digest, bytes) => {
      const client = new S3Client({
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: config.S3_ACCESS_KEY!, secretAccessKey: config.S3_SECRET_KEY! },
      });
      await client.send(
        new PutObjectCommand({ Bucket: config.S3_BUCKET, Key: `${config.S3_PREFIX}${digest.slice(0, 2)}/${digest}`, Body: bytes }),
      );
      client.destroy();
    },
  },
];

async function digestsIn(store: FileStore): Promise<string[]> {
  const out: string[] = [];
  for await (const f of store.list()) if (f.digest) out.push(f.digest);
  return out.sort();
}

/** A text file of `mib` MiB whose lines differ, so no run of it compresses or repeats. */
function bigText(mib: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mib * 1024 * 1024; i++) {
    const line = `第${i}行：整改台账佐证材料，会议纪要与现场核查记录。\n`;
    lines.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''));
}

for (const v of variants) {
  describe(`file store: ${v.name} (${engine})`, () => {
    let t: TestApp;
    let f: Factories;
    let u: Unit;
    let store: FileStore;
    before(async () => {
      t = await startTestApp(v.config(), { demo: false });
      f = factories(t);
      u = await f.unit();
      store = storageOf(t.config);
      assert.equal(store.kind, v.name);
    });
    after(async () => {
      await t?.close();
    });

    test('evidence uploaded through the API is stored once by its SM3 and downloads whole, streamed, with its digest', async () => {
      const p = await f.problem({ unit: u, status: 'in_progress' });
      const big = bigText(3);
      const files = [
        { name: '核查记录.txt', bytes: big, type: 'text/plain' },
        { name: '同一文件.txt', bytes: big, type: 'text/plain' },
      ];
      const entry = await f.progress({ problem: p, files });
      assert.equal(entry.evidenceIds.length, 2);
      const digest = sm3(big);
      assert.ok((await digestsIn(store)).includes(digest));
      assert.equal((await digestsIn(store)).filter((d) => d === digest).length, 1, 'the same bytes are stored once');
      assert.equal((await store.stat(digest))?.size, big.length);

      const c = await f.login(u.admin);
      for (const id of entry.evidenceIds) {
        const r = await c.get(`/api/v1/evidence/${id}`);
        assert.equal(r.status, 200);
        assert.ok(Buffer.isBuffer(r.body) || typeof r.body === 'string');
        const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body as string);
        assert.equal(body.length, big.length);
        assert.equal(sm3(body), digest);
        assert.equal(r.headers.get('x-content-digest'), `sm3=${digest}`);
        assert.equal(r.headers.get('content-length'), String(big.length));
      }
    });

    test('verify reads every file from the store: an altered file and a missing one are named with their row', async () => {
      const p = await f.problem({ unit: u, status: 'in_progress' });
      const bytes = Buffer.from(`会议纪要（${v.name}）：责任部门已完成整改。\n`);
      const entry = await f.progress({ problem: p, files: [{ name: '纪要.txt', bytes, type: 'text/plain' }] });
      const id = entry.evidenceIds[0];
      const digest = sm3(bytes);
      let r = await verifyAll(t.db, t.config);
      assert.equal(r.ok, true, JSON.stringify(r.findings));
      assert.ok(r.evidence.checked >= 2);

      await v.tamper(t.config, digest, Buffer.concat([bytes, Buffer.from('（补记）')]));
      r = await verifyAll(t.db, t.config);
      assert.deepEqual(
        r.findings.map((x) => [x.check, x.id]),
        [['evidence', id]],
      );
      assert.match(r.findings[0].message, /被改动/);

      await store.delete(digest);
      r = await verifyAll(t.db, t.config);
      assert.deepEqual(
        r.findings.map((x) => [x.check, x.id]),
        [['evidence', id]],
      );
      assert.match(r.findings[0].message, /缺失/);
      // the download answers 404 in words an administrator can act on, not a broken stream
      const c = await f.login(u.admin);
      const e = expectError(await c.get(`/api/v1/evidence/${id}`), 404, 'not_found');
      assert.match(e.message, /缺失/);

      // the file put back (the store checks it has the digest it is filed under): verify passes again
      await assert.rejects(store.put(Buffer.from('别的内容'), digest), StorageError);
      await store.put(bytes, digest);
      assert.equal((await verifyAll(t.db, t.config)).ok, true);
      assert.equal((await c.get(`/api/v1/evidence/${id}`)).status, 200);
    });

    test('the sweep removes files no row refers to once old enough, and never a referenced one', async () => {
      const referenced = await digestsIn(store);
      assert.ok(referenced.length >= 2);
      const orphan = (await store.put(Buffer.from(`无人引用的文件 ${v.name} ${Date.now()}`))).digest;
      // young: its row may be about to commit
      assert.deepEqual(await cleanStorage(t.db, t.config), { temp: 0, unreferenced: 0 });
      assert.ok((await digestsIn(store)).includes(orphan));
      // a threshold in the past makes every unreferenced file old enough (the store's times cannot be moved back)
      assert.deepEqual(await cleanStorage(t.db, t.config, -60_000), { temp: 0, unreferenced: 1 });
      assert.deepEqual(await digestsIn(store), referenced);
      assert.equal((await verifyAll(t.db, t.config)).ok, true);
    });

    test('moving between stores (`zhenggai storage copy`): every file arrives checked; verify finds them all there', async () => {
      const other = v.name === 'local' ? s3.config() : { STORAGE: 'local' as const };
      const target = { ...t.config, ...other, dataDir: mkdtempSync(join(tmpdir(), 'zg-storage-copy-')) };
      try {
        const to = storageOf(target);
        assert.notEqual(to.kind, store.kind);
        const first = await copyFiles(store, to);
        assert.equal(first.copied, (await digestsIn(store)).length);
        assert.deepEqual(await digestsIn(to), await digestsIn(store));
        // run again after an interruption: nothing is copied twice
        assert.deepEqual(await copyFiles(store, to), { copied: 0, present: first.copied });
        const checked = await checkEvidence(t.db, target);
        assert.ok(checked.checked >= 2);
        assert.deepEqual(checked.findings, []);
      } finally {
        rmSync(target.dataDir, { recursive: true, force: true });
      }
    });

    test('a backup carries the files of the store', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zg-storage-bak-'));
      try {
        const out = join(dir, 'b.zgbak');
        await createBackup({ db: t.db, config: t.config, clock: t.clock, out, by: { id: null, name: 'test' } });
        const { parts } = readBackup(out, t.config);
        const inBackup = [...parts.keys()]
          .filter((n) => n.startsWith('evidence/'))
          .map((n) => n.slice(n.lastIndexOf('/') + 1))
          .sort();
        assert.deepEqual(inBackup, await digestsIn(store));
        for (const d of inBackup) assert.equal(sm3(parts.get(`evidence/${d.slice(0, 2)}/${d}`)!), d);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('object store configuration', () => {
  test('STORAGE=s3 without its settings: every missing one named at once, in both languages', () => {
    assert.throws(
      () => loadConfig({ STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        for (const k of ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'])
          assert.match(e.message, new RegExp(`${k}: required when STORAGE=s3`));
        assert.match(e.message, /S3_BUCKET: .*存储桶名/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ STORAGE: 'nfs' }), /STORAGE: must be local or s3/);
    assert.throws(
      () => loadConfig({ STORAGE: 's3', S3_ENDPOINT: 'minio:9000', S3_BUCKET: 'zg', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' }),
      /S3_ENDPOINT/,
    );
    const ok = loadConfig({
      STORAGE: 's3',
      S3_ENDPOINT: 'http://10.0.0.5:9000',
      S3_BUCKET: 'zhenggai',
      S3_ACCESS_KEY: 'a',
      S3_SECRET_KEY: 'b',
    });
    assert.equal(ok.S3_REGION, 'us-east-1');
    assert.equal(ok.S3_PREFIX, 'evidence/');
    assert.equal(loadConfig({}).STORAGE, 'local');
  });

  test('the bucket is created when absent; an unreachable store is refused with words for people', async () => {
    const bucket = `zg-created-${process.pid}`;
    const created = storageOf({ dataDir: '/nonexistent', ...s3.config(bucket) });
    await created.init();
    assert.deepEqual(await digestsIn(created), []);
    const closed = storageOf({ dataDir: '/nonexistent', ...s3.config(), S3_ENDPOINT: 'http://127.0.0.1:9' });
    await assert.rejects(closed.init(), (e: unknown) => {
      assert.ok(e instanceof StorageError);
      assert.match(e.userMessage, /无法连接对象存储 http:\/\/127\.0\.0\.1:9/);
      return true;
    });
  });
});
