/**
 * Audit checkpoints sent to syslog (issue 13 point 4): with SYSLOG_URL set, every checkpoint the server writes
 * (at start, on its timer, after a backup, at stop) also goes to the syslog server as an RFC 5424 message whose
 * MSG is the signed line of the checkpoint file; a receiver the test starts on 127.0.0.1 gets them. Without the
 * setting nothing is sent; a syslog server that is not there does not stop the checkpoint.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { loadConfig } from '../../src/server/config.js';
import { checkpointFileOf } from '../../src/server/lib/crypto.js';
import { auditKeysOf } from '../../src/server/modules/audit/keys.js';
import { readCheckpoints, writeCheckpoint, writeReset } from '../../src/server/modules/audit/checkpoints.js';
import { formatSyslog, parseSyslogUrl } from '../../src/server/modules/audit/syslog.js';

/** A syslog receiver on 127.0.0.1: the messages it got, and a wait for the n-th. */
async function receiver(): Promise<{ url: string; got: Buffer[]; nth(n: number): Promise<Buffer>; close(): void }> {
  const socket: Socket = createSocket('udp4');
  const got: Buffer[] = [];
  const waiting: { n: number; resolve: (b: Buffer) => void }[] = [];
  socket.on('message', (m) => {
    got.push(m);
    for (const w of waiting.filter((x) => x.n <= got.length)) w.resolve(got[w.n - 1]);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return {
    url: `udp://127.0.0.1:${socket.address().port}`,
    got,
    nth: (n) => (got.length >= n ? Promise.resolve(got[n - 1]) : new Promise((resolve) => waiting.push({ n, resolve }))),
    close: () => socket.close(),
  };
}

/** An RFC 5424 message taken apart: header fields, structured data, and the MSG after its BOM. */
function parse(m: Buffer) {
  const bom = m.indexOf(Buffer.from([0xef, 0xbb, 0xbf]));
  assert.ok(bom > 0, 'the MSG starts with a UTF-8 BOM');
  const head = m.subarray(0, bom).toString('utf8');
  const r = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) \[(\S+)((?: \w+="(?:[^"\\\]]|\\["\\\]])*")*)\] $/.exec(head);
  assert.ok(r, head);
  const sd = Object.fromEntries([...r[8].matchAll(/(\w+)="((?:[^"\\\]]|\\["\\\]])*)"/g)].map((x) => [x[1], x[2]]));
  return {
    pri: Number(r[1]),
    timestamp: r[2],
    host: r[3],
    app: r[4],
    procid: r[5],
    msgid: r[6],
    sdId: r[7],
    sd,
    msg: m.subarray(bom + 3).toString('utf8'),
  };
}

describe('checkpoints to syslog', () => {
  let rx: Awaited<ReturnType<typeof receiver>>;
  let t: TestApp;
  before(async () => {
    rx = await receiver();
    t = await startTestApp({ SYSLOG_URL: rx.url }, { demo: false });
  });
  after(async () => {
    await t?.close();
    rx?.close();
  });

  test('the start checkpoint arrives as RFC 5424, its MSG the signed line of the file', async () => {
    const m = parse(await rx.nth(1));
    assert.equal(m.pri, 13 * 8 + 5, 'facility log audit, severity notice');
    assert.equal(m.app, 'zhenggai');
    assert.equal(m.procid, String(process.pid));
    assert.equal(m.msgid, 'checkpoint');
    assert.equal(m.sdId, 'zgCheckpoint@32473');
    const lines = readFileSync(checkpointFileOf(t.config), 'utf8').trim().split('\n');
    assert.equal(m.msg, lines[0], 'the same bytes as the file');
    const cp = JSON.parse(m.msg) as { at: string; lastId: number; rows: number; reason: string; mac: string };
    assert.equal(m.timestamp, cp.at);
    assert.deepEqual(
      { lastId: m.sd.lastId, rows: m.sd.rows, reason: m.sd.reason, mac: m.sd.mac },
      { lastId: String(cp.lastId), rows: String(cp.rows), reason: cp.reason, mac: cp.mac },
    );
    assert.equal(cp.reason, 'keyed');
  });

  test('each later checkpoint and a reset arrive too, in order, and the copies verify with the key', async () => {
    const keys = auditKeysOf(t.db)!;
    const file = checkpointFileOf(t.config);
    const before = rx.got.length;
    await writeCheckpoint(t.db, { file, keys, now: t.clock.now(), reason: 'interval', archivedRows: 0, syslogUrl: t.config.SYSLOG_URL });
    await writeReset({ file, keys, now: t.clock.now(), reason: 'demo reset', syslogUrl: t.config.SYSLOG_URL });
    const cp = parse(await rx.nth(before + 1));
    const reset = parse(await rx.nth(before + 2));
    assert.equal(cp.sd.reason, 'interval');
    assert.equal(reset.msgid, 'reset');
    assert.equal(reset.pri, 13 * 8 + 4, 'a reset is a warning');
    // the receiver's copies are a checkpoint file of their own: every line validly signed
    const copy = `${file}.syslog`;
    writeFileSync(copy, `${rx.got.map((g) => parse(g).msg).join('\n')}\n`);
    const read = readCheckpoints(copy, keys);
    assert.deepEqual(read.bad, []);
    assert.equal(read.lines, rx.got.length);
    assert.deepEqual(
      readFileSync(file, 'utf8').trim().split('\n'),
      rx.got.map((g) => parse(g).msg),
      'the syslog server holds every line of the file',
    );
  });
});

test('no SYSLOG_URL: nothing is sent; one that cannot be sent to warns and the checkpoint is still written', async () => {
  const rx = await receiver();
  const t = await startTestApp({}, { demo: false });
  try {
    const keys = auditKeysOf(t.db)!;
    const file = checkpointFileOf(t.config);
    await writeCheckpoint(t.db, { file, keys, now: t.clock.now(), reason: 'interval', archivedRows: 0 });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      // a target nothing can be sent to (port 0): the send fails, the line is written all the same
      await writeCheckpoint(t.db, {
        file,
        keys,
        now: t.clock.now(),
        reason: 'x',
        archivedRows: 0,
        syslogUrl: 'udp://127.0.0.1:0',
      });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    assert.ok(
      warnings.some((w) => /not sent to syslog/.test(w)),
      warnings.join('; '),
    );
    assert.equal(readFileSync(file, 'utf8').trim().split('\n').at(-1)!.includes('"reason":"x"'), true);
    assert.equal(rx.got.length, 0);
  } finally {
    await t.close();
    rx.close();
  }
});

test('SYSLOG_URL is checked at start; structured data is escaped', () => {
  assert.deepEqual(parseSyslogUrl('udp://10.1.2.3:514'), { host: '10.1.2.3', port: 514 });
  assert.deepEqual(parseSyslogUrl('udp://[::1]:5514'), { host: '::1', port: 5514 });
  for (const bad of ['tcp://10.1.2.3:514', 'udp://10.1.2.3', 'http://x:1'])
    assert.throws(() => loadConfig({ SYSLOG_URL: bad }), /SYSLOG_URL: must be udp:\/\/HOST:PORT/);
  const m = formatSyslog(
    { kind: 'checkpoint', at: '2026-11-21T02:00:00.000Z', fields: { reason: 'a "b" [c] \\d', head: null }, line: '{}' },
    { host: '主机 a', pid: 7 },
  ).toString('utf8');
  assert.ok(
    m.startsWith('<109>1 2026-11-21T02:00:00.000Z a zhenggai 7 checkpoint [zgCheckpoint@32473 reason="a \\"b\\" [c\\] \\\\d"] '),
    m,
  );
});
