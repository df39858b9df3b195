/**
 * Ledger throughput against a bare route, measured in one run on one machine:
 * starts the built server on the demo data (its own process, PGlite), logs in,
 * then alternates autocannon rounds of GET /api/health and GET /api/v1/ledger
 * (50 rows) and prints the medians and their ratio. Ratios, not absolute
 * numbers, are what compare across these shared, noisy machines.
 *
 *   npm run bench:ledger            (ROUNDS=5 SECONDS=5 by default)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const SECONDS = Number(process.env.SECONDS ?? 5);
const PORT = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'zg-bench-'));

const server = spawn(process.execPath, ['bin/zhenggai.mjs', 'serve'], {
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = () => {
  server.kill('SIGTERM');
};
process.on('exit', () => {
  stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitHealthy(): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

function run(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 10, duration: SECONDS, headers }, (err, res) => (err ? reject(err) : resolve(res.requests.average)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await waitHealthy();
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'unit', password: 'Zhenggai@2026' }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
const ledgerUrl = `${base}/api/v1/ledger?pageSize=50`;
const check = (await (await fetch(ledgerUrl, { headers: { cookie } })).json()) as { items: unknown[]; total: number };
console.log(`ledger page: ${check.items.length} rows of ${check.total}`);

const health: number[] = [];
const ledger: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  health.push(await run(`${base}/api/health`, {}));
  ledger.push(await run(ledgerUrl, { cookie }));
  console.log(`round ${i + 1}: health ${health[i].toFixed(0)} req/s, ledger ${ledger[i].toFixed(0)} req/s`);
}
const h = median(health);
const l = median(ledger);
console.log(`\nmedian over ${ROUNDS} rounds of ${SECONDS} s, 10 connections:`);
console.log(`  GET /api/health               ${h.toFixed(0)} req/s`);
console.log(`  GET /api/v1/ledger (50 rows)  ${l.toFixed(0)} req/s`);
console.log(`  ratio ledger/health           ${(l / h).toFixed(3)}`);
stop();
process.exit(0);
