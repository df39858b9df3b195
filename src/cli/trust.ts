/**
 * The trust commands (issue 13): `admin init` (the three administrators with
 * one-time passwords), `admin reset-password`, `verify`, `backup`, `restore`,
 * `keys rotate`, `audit archive`, `storage clean`, `storage copy`, and what `demo` adds for the
 * audit chain (a signed reset of the checkpoints, the demo's security policy).
 */
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../server/config.js';
import { migrate, type Db } from '../server/db/index.js';
import { lockDataDir } from '../server/db/lock.js';
import { openConfigured, clockFrom } from '../server/serve.js';
import type { Clock } from '../server/lib/clock.js';
import { addFieldKey, archiveDirOf, checkpointFileOf, fieldCipher, keyDirOf, retireFieldKeys } from '../server/lib/crypto.js';
import { createUser } from '../server/modules/users/service.js';
import { userRepo } from '../server/modules/users/repository.js';
import { orgRepo } from '../server/modules/orgs/repository.js';
import { writeAudit } from '../server/modules/audit/service.js';
import { openTrust } from '../server/modules/audit/trust.js';
import { auditKeysOf } from '../server/modules/audit/keys.js';
import { verifyAll, type VerifyReport } from '../server/modules/audit/verify.js';
import { archiveAudit, checkArchives } from '../server/modules/audit/archive.js';
import { writeCheckpoint, writeReset } from '../server/modules/audit/checkpoints.js';
import { cleanStorage } from '../server/modules/audit/integrity.js';
import { copyFiles, storageOf } from '../server/storage/index.js';
import { applyDemoPolicy } from '../server/modules/security/service.js';
import { fieldRepo } from '../server/modules/security/repository.js';
import { sealPlainNames } from '../server/modules/registers/names.js';
import { countDifferences, createBackup, recordRestore, restoreBackup, BackupError } from '../server/modules/security/backup.js';
import { authRepo } from '../server/modules/auth/repository.js';
import { hashPassword } from '../server/modules/auth/service.js';
import type { Role } from '../domain/schemas/index.js';

const CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '#%+-=@^_'];

/** A one-time password of 16 characters with every class (it meets any policy the schema allows). */
export function oneTimePassword(): string {
  const all = CLASSES.join('');
  const chars = [...CLASSES.map((c) => c[randomInt(c.length)]), ...Array.from({ length: 12 }, () => all[randomInt(all.length)])];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

async function withDb<T>(fn: (db: Db, config: Config, clock: Clock) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const clock = clockFrom(config);
  const db = await openConfigured(config);
  try {
    await migrate(db);
    return await fn(db, config, clock);
  } finally {
    await db.close();
  }
}

async function checkpoint(db: Db, config: Config, clock: Clock, reason: string): Promise<void> {
  const keys = auditKeysOf(db);
  if (!keys) return;
  await writeCheckpoint(db, {
    file: checkpointFileOf(config),
    keys,
    now: clock.now(),
    reason,
    archivedRows: checkArchives(archiveDirOf(config), keys).rows,
    syslogUrl: config.SYSLOG_URL,
  });
}

const ADMINS: { role: Role; username: string; displayName: string }[] = [
  { role: 'sysadmin', username: 'sysadmin', displayName: '系统管理员' },
  { role: 'secadmin', username: 'secadmin', displayName: '安全管理员' },
  { role: 'auditor', username: 'auditor', displayName: '审计管理员' },
];

/** `admin init`: the three administrators, each with a one-time password to change at the first sign-in. */
export async function adminInit(
  db: Db,
  config: Config,
  clock: Clock,
  o: { office: string },
): Promise<{ username: string; role: Role; password: string }[]> {
  await openTrust(db, config, clock);
  const existing = await userRepo.anyWithRoles(db, ['sysadmin', 'secadmin', 'auditor']);
  if (existing.length)
    throw new Error(`the administrators exist already (${existing.join(', ')}); use \`zhenggai admin reset-password\`. 三员账号已存在。`);
  const orgs = await userRepo.allOrgs(db);
  let office = orgs.find((x) => x.kind === 'office')?.id;
  if (!office) {
    office = await db.tx(async (q) => {
      const id = await orgRepo.insert(q, { parentId: null, kind: 'office', name: o.office });
      await writeAudit(q, {
        at: clock.now(),
        actorId: null,
        actorName: 'admin init',
        action: 'org.create',
        objectType: 'organization',
        objectId: id,
        detail: { kind: 'office', name: o.office },
      });
      return id;
    });
  }
  const out: { username: string; role: Role; password: string }[] = [];
  for (const a of ADMINS) {
    const password = oneTimePassword();
    await createUser(
      db,
      clock,
      { id: null, name: 'admin init' },
      { username: a.username, displayName: a.displayName, password, orgId: office, role: a.role },
      { mustChange: true, config },
    );
    out.push({ username: a.username, role: a.role, password });
  }
  await db.tx((q) =>
    writeAudit(q, {
      at: clock.now(),
      actorId: null,
      actorName: 'admin init',
      action: 'admin.init',
      detail: { accounts: out.map((x) => x.username), officeId: office },
    }),
  );
  await checkpoint(db, config, clock, 'admin init');
  return out;
}

function printReport(r: VerifyReport): void {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const by = (check: string) => r.findings.filter((f) => f.check === check).length === 0;
  console.log(
    `审计日志 audit chain: ${r.chain.rows} 行` +
      (r.chain.plainRows ? `（其中 ${r.chain.plainRows} 行为启用密钥前的 SM3 链）` : '') +
      (r.chain.keyedFrom ? `，第 ${r.chain.keyedFrom} 行起为 HMAC-SM3 密钥链` : '') +
      ` ${mark(by('chain') && by('key'))}`,
  );
  console.log(
    `检查点 checkpoints: ${r.checkpoints.checked} 个` +
      (r.checkpoints.latest
        ? `，最新 ${r.checkpoints.latest.at} 至第 ${r.checkpoints.latest.lastId} 行（共 ${r.checkpoints.latest.rows} 行）`
        : '') +
      ` ${mark(by('checkpoint'))}`,
  );
  console.log(`归档 archives: ${r.archives.files} 个文件，${r.archives.rows} 行 ${mark(by('archive'))}`);
  console.log(
    `业务数据 business: 流转记录 ${r.business.transitions ?? 0}，进展 ${r.business.progress ?? 0}，问题 ${r.business.problems ?? 0}，` +
      `已发布通报 ${r.business.publications ?? 0} ${mark(by('transition') && by('progress') && by('status') && by('publication'))}`,
  );
  console.log(`佐证材料 evidence: ${r.evidence.checked} 条 ${mark(by('evidence'))}`);
  console.log(`个人信息 personal data: ${by('personal') ? '均以 SM4 加密保存' : '有明文保存的值'} ${mark(by('personal'))}`);
  if (r.ok) console.log('校验通过 verified: no finding.');
  else {
    console.log(`发现 ${r.findings.length} 个问题 findings:`);
    for (const f of r.findings) console.log(`  [${f.check}] ${f.table}${f.id != null ? ` #${f.id}` : ''}: ${f.message}`);
  }
}

export function registerTrustCommands(program: Command): void {
  const admin = program.command('admin').description('the three administrators (三员)');
  admin
    .command('init')
    .description('create the system, security and audit administrators with one-time passwords')
    .option('--office <name>', 'name of the inspection office when the database has none', '巡察办')
    .action(async (o: { office: string }) => {
      const made = await withDb((db, config, clock) => adminInit(db, config, clock, o));
      console.log('三员账号已创建（一次性密码，首次登录须修改，并须绑定双因素认证）:');
      for (const a of made) console.log(`  ${a.username.padEnd(9)} ${a.role.padEnd(9)} ${a.password}`);
    });
  admin
    .command('reset-password')
    .description("give an administrator's account a one-time password (and optionally unbind its second factor)")
    .requiredOption('--username <name>', 'account name')
    .option('--reset-mfa', 'unbind the second factor too')
    .action(async (o: { username: string; resetMfa?: boolean }) => {
      const password = oneTimePassword();
      await withDb(async (db, config, clock) => {
        await openTrust(db, config, clock);
        const u = await authRepo.userByName(db, o.username);
        if (!u) throw new Error(`no account ${o.username} (账号不存在)`);
        const hash = await hashPassword(password);
        const now = clock.now();
        await db.tx(async (q) => {
          await authRepo.addHistory(q, u.id, u.password_hash, now, 24);
          await authRepo.setPassword(q, u.id, hash, now, true);
          if (o.resetMfa) await authRepo.disableTotp(q, u.id);
          const ended = await authRepo.deleteUserSessions(q, u.id, null);
          await writeAudit(q, {
            at: now,
            actorId: null,
            actorName: 'cli',
            action: 'admin.password_reset',
            objectType: 'user',
            objectId: u.id,
            detail: { username: u.username, mfaReset: !!o.resetMfa, sessionsEnded: ended.length },
          });
        });
      });
      console.log(`${o.username}: ${password}  (一次性密码，登录后须修改)`);
    });

  program
    .command('backup')
    .description('write an SM4-encrypted backup (database snapshot, evidence, checkpoints, archives)')
    .requiredOption('--out <file>', 'the backup file to write')
    .action(async (o: { out: string }) => {
      const r = await withDb(async (db, config, clock) => {
        await openTrust(db, config, clock);
        return createBackup({ db, config, clock, out: o.out, by: { id: null, name: 'cli' } });
      });
      console.log(`backup written: ${r.file} (${r.size} bytes, SM3 ${r.sm3})`);
      console.log(
        `rows: ${Object.entries(r.counts)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}`,
      );
    });

  program
    .command('restore')
    .description('restore a backup into an empty data directory or database, then verify it')
    .argument('<file>', 'the backup file')
    .action(async (file: string) => {
      const config = loadConfig();
      const clock = clockFrom(config);
      // the data directory stays ours while the database is written (a server must not open it half-restored)
      const release = config.DATABASE_URL ? () => undefined : lockDataDir(config.dataDir);
      let result;
      try {
        result = await restoreBackup({ file, config, openTarget: () => openConfigured(config) });
      } finally {
        release();
      }
      const db = await openConfigured(config);
      try {
        await migrate(db);
        await openTrust(db, config, clock);
        const counts = await recordRestore(db, config, clock, { ...result, file, by: 'cli' });
        const diff = countDifferences(result.manifest.counts, counts);
        console.log(`restored ${file} (SM3 ${result.sm3}), made ${result.manifest.createdAt}`);
        console.log(
          diff.length ? `row counts differ: ${diff.join(', ')}` : `row counts equal the source's (${Object.keys(counts).length} tables)`,
        );
        const r = await verifyAll(db, config);
        printReport(r);
        if (!r.ok || diff.length) process.exitCode = 1;
      } finally {
        await db.close();
      }
    });

  program
    .command('keys')
    .description('field encryption keys')
    .command('rotate')
    .description('add a new SM4 field key, re-encrypt every encrypted field with it; --retire then drops the old keys')
    .option('--retire', 'drop every key but the current one (after a rotation)')
    .action(async (o: { retire?: boolean }) => {
      await withDb(async (db, config, clock) => {
        await openTrust(db, config, clock);
        if (o.retire) {
          const left = await fieldRepo.keyIds(db);
          const current = fieldCipher(config).currentKeyId;
          const old = left.filter((k) => k !== current);
          if (old.length) throw new Error(`values still sealed with ${old.join(', ')}: run \`zhenggai keys rotate\` first`);
          const dropped = retireFieldKeys(config);
          await db.tx((q) =>
            writeAudit(q, { at: clock.now(), actorId: null, actorName: 'cli', action: 'keys.retire', detail: { dropped } }),
          );
          console.log(dropped.length ? `retired: ${dropped.join(', ')}` : 'nothing to retire');
          return;
        }
        const { previous, current, values: n } = await rotateFieldKeys(db, config, clock);
        console.log(`field key ${current} in use (was ${previous}); ${n} values re-encrypted. Keep ${keyDirOf(config)} backed up.`);
      });
    });

  program
    .command('audit')
    .description('audit trail housekeeping')
    .command('archive')
    .description('move audit rows older than AUDIT_RETENTION_DAYS (≥ 180) to a signed archive file')
    .option('--before <date>', 'only rows before this date (YYYY-MM-DD), never younger than the retention')
    .action(async (o: { before?: string }) => {
      await withDb(async (db, config, clock) => {
        const { keys } = await openTrust(db, config, clock);
        const r = await archiveAudit(db, {
          dir: archiveDirOf(config),
          keys,
          now: clock.now(),
          retentionDays: config.AUDIT_RETENTION_DAYS,
          before: o.before ? new Date(`${o.before}T00:00:00+08:00`) : undefined,
          actorName: 'cli',
        });
        await checkpoint(db, config, clock, 'archive');
        console.log(r.rows ? `archived rows ${r.firstId}–${r.lastId} (${r.rows}) to ${r.file}` : 'no row is older than the retention');
      });
    });

  const storage = program.command('storage').description('evidence store housekeeping');
  storage
    .command('clean')
    .description('remove temporary upload files and files no row has referred to for a day')
    .action(async () => {
      await withDb(async (db, config) => {
        const r = await cleanStorage(db, config);
        console.log(`removed ${r.temp} temporary and ${r.unreferenced} unreferenced files (${storageOf(config).location})`);
      });
    });
  storage
    .command('copy')
    .description('copy the files of a data directory (its evidence/) into the configured store, e.g. when moving to STORAGE=s3')
    .requiredOption('--from-dir <dir>', 'the data directory whose evidence/ is copied')
    .action(async (o: { fromDir: string }) => {
      const config = loadConfig();
      const to = storageOf(config);
      const from = storageOf(resolve(o.fromDir));
      if (from === to) throw new Error('--from-dir is the configured store itself (复制的来源与目标相同)');
      await to.init();
      const r = await copyFiles(from, to);
      console.log(`copied ${r.copied} files, ${r.present} already present (${from.location} → ${to.location})`);
    });
}

/**
 * `zhenggai verify` without a file (the command is registered in cli/publish.ts,
 * which checks a published notice when given one): exit 1 on any finding.
 */
export async function verifySystem(o: { json?: boolean }): Promise<void> {
  const config = loadConfig();
  const db = await openConfigured(config);
  try {
    const r = await verifyAll(db, config);
    if (o.json) console.log(JSON.stringify(r, null, 2));
    else printReport(r);
    if (!r.ok) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

/**
 * `keys rotate`: a new field key becomes current and every value of ENCRYPTED_COLUMNS (TOTP secrets, the
 * public's contact data, the accountability register's names) is re-encrypted with it, in one audited transaction.
 */
export async function rotateFieldKeys(
  db: Db,
  config: Config,
  clock: Clock,
): Promise<{ previous: string; current: string; values: number }> {
  const { previous, current } = addFieldKey(config);
  const cipher = fieldCipher(config);
  const values = await db.tx(async (q) => {
    const changed = await fieldRepo.reencrypt(q, (v) => cipher.encrypt(cipher.decrypt(v)));
    await writeAudit(q, {
      at: clock.now(),
      actorId: null,
      actorName: 'cli',
      action: 'keys.rotate',
      detail: { previous, current, values: changed },
    });
    return changed;
  });
  return { previous, current, values };
}

/**
 * What `zhenggai demo` does after loading: the demo's policy, and a signed new
 * epoch of the checkpoints (the trail was emptied on purpose).
 */
export async function afterDemoLoad(db: Db, config: Config, clock: Clock): Promise<void> {
  await applyDemoPolicy(db, config, clock);
  // the demo loader writes names in clear (it has no configuration): encrypt them now, not at the next start
  await sealPlainNames(db, config);
  const keys = auditKeysOf(db);
  if (!keys) return;
  await writeReset({ file: checkpointFileOf(config), keys, now: clock.now(), reason: 'demo reset', syslogUrl: config.SYSLOG_URL });
  await checkpoint(db, config, clock, 'demo');
}

export { BackupError };
