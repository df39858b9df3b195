// Starts a throwaway PostgreSQL server for the API suite: initdb in a temp
// directory, pg_ctl on 127.0.0.1 with a free port, stopped and removed at the end.
// PostgreSQL refuses to run as root, so under root it runs as the `postgres`
// user that Debian's package creates.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

function findBin(name) {
  const dirs = [...(process.env.PG_BIN ? [process.env.PG_BIN] : [])];
  try {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) dirs.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    /* not installed there */
  }
  for (const d of (process.env.PATH ?? '').split(':')) dirs.push(d);
  for (const d of dirs) if (d && existsSync(join(d, name))) return join(d, name);
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startPostgres() {
  const initdb = findBin('initdb');
  const pgctl = findBin('pg_ctl');
  if (!initdb || !pgctl) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found: ' +
        'install the Debian package "postgresql" (apt-get install -y postgresql) or set PG_BIN.',
    );
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'zg-pg-'));
  const run = (cmd, args) => {
    const full = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (root) {
    const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (pg.status !== 0) throw new Error('running as root and there is no "postgres" user: install the Debian package "postgresql"');
    chownSync(dir, Number(pg.stdout), Number(gid.stdout));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  // C.UTF-8: pg_trgm and our bigram search need a UTF-8 ctype (a C ctype sees no CJK)
  run(initdb, ['-D', data, '-U', 'zg', '--auth=trust', '--locale=C.UTF-8', '--encoding=UTF8', '-N']);
  run(pgctl, [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} ` +
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200',
    'start',
  ]);
  const url = `postgres://zg@127.0.0.1:${port}/postgres`;
  const stop = () => {
    try {
      run(pgctl, ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      /* already down */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, stop };
}
