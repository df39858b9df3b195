/**
 * The `zhenggai` command. Commands that write open the database themselves and
 * so take the data directory's lock: while a server runs on the same PGlite
 * directory they are refused with a clear message instead of losing writes.
 */
import { Command } from 'commander';
import { loadConfig, ConfigError } from '../server/config.js';
import { migrate, DataDirLockedError } from '../server/db/index.js';
import { serve, banner, openConfigured, clockFrom } from '../server/serve.js';
import { loadDemo } from '../server/demo/load.js';
import { citySummary, loadCity, stderrProgress } from '../server/demo/city.js';
import { createUser } from '../server/modules/users/service.js';
import { userBody, ROLES } from '../domain/schemas/index.js';
import { AppError } from '../server/lib/errors.js';
import { registerNoticeCommands } from './notice.js';
import { afterDemoLoad, BackupError, registerTrustCommands } from './trust.js';
import { KeyError } from '../server/lib/crypto.js';
import { registerDocumentCommands } from './documents.js';
import { registerPublishCommands } from './publish.js';
import { registerSupervisionCommands } from './supervise.js';
import { registerOfficeCommands } from './office.js';

const program = new Command();
program.name('zhenggai').description('整改台账系统 Zhenggai — rectification ledger').showHelpAfterError();

program
  .command('serve')
  .description('serve the web app and API (migrates; loads the demo on first start)')
  .action(async () => {
    const s = await serve();
    console.log(banner(s.url, s.db.engine));
    const shutdown = async (sig: string) => {
      console.log(`\n${sig}: stopping…`);
      await s.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending SQL migrations')
  .action(async () => {
    const db = await openConfigured(loadConfig());
    try {
      const r = await migrate(db);
      console.log(r.applied.length ? `applied: ${r.applied.join(', ')}` : `up to date (${r.already} migrations)`);
    } finally {
      await db.close();
    }
  });

program
  .command('demo')
  .description('reset the database and load the demo data')
  .option('--scale <scale>', 'small (the demo) or city (200 units, 100k problems, 1M progress entries)', 'small')
  .option('--units <n>', 'city: number of units')
  .option('--problems <n>', 'city: number of leaf problems')
  .option('--progress <n>', 'city: number of progress entries')
  .action(async (o: { scale: string; units?: string; problems?: string; progress?: string }) => {
    if (o.scale !== 'small' && o.scale !== 'city') program.error('--scale must be small or city');
    const count = (v: string | undefined, name: string) => {
      if (v == null) return undefined;
      if (!/^\d{1,9}$/.test(v)) program.error(`--${name} must be a whole number`);
      return Number(v);
    };
    const sizes = { units: count(o.units, 'units'), problems: count(o.problems, 'problems'), progress: count(o.progress, 'progress') };
    const config = loadConfig();
    const db = await openConfigured(config);
    try {
      await migrate(db);
      if (o.scale === 'city') {
        // the city: bulk-loaded in short transactions, with a progress bar on stderr and a summary on stdout
        const r = await loadCity(db, clockFrom(config), config, { ...sizes, onProgress: stderrProgress() });
        await afterDemoLoad(db, config, clockFrom(config));
        if (process.stderr.isTTY) console.error(''); // end the progress bar's line
        console.log(citySummary(r));
        return;
      }
      const r = await loadDemo(db, clockFrom(config), config);
      // the demo's security policy; the checkpoints start a new epoch (the trail was emptied on purpose)
      await afterDemoLoad(db, config, clockFrom(config));
      console.log(`demo loaded: ${r.problems} problems`);
    } finally {
      await db.close();
    }
  });

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .description('create an account with one role')
  .requiredOption('--username <name>', 'login name')
  .requiredOption('--name <displayName>', 'display name')
  .requiredOption('--org <id>', 'organisation id the role is held in')
  .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
  .option('--password <password>', 'password (or env ZG_PASSWORD)')
  .action(async (o: { username: string; name: string; org: string; role: string; password?: string }) => {
    const parsed = userBody.safeParse({
      username: o.username,
      displayName: o.name,
      orgId: o.org,
      role: o.role,
      password: o.password ?? process.env.ZG_PASSWORD,
    });
    if (!parsed.success) {
      for (const i of parsed.error.issues) console.error(`${i.path.join('.')}: ${i.message}`);
      process.exitCode = 2;
      return;
    }
    const config = loadConfig();
    const db = await openConfigured(config);
    try {
      await migrate(db);
      const id = await createUser(db, clockFrom(config), { id: null, name: 'cli' }, parsed.data);
      console.log(`user ${parsed.data.username} created (id ${id})`);
    } finally {
      await db.close();
    }
  });

registerNoticeCommands(program);
registerTrustCommands(program);
registerDocumentCommands(program);
registerPublishCommands(program);
registerSupervisionCommands(program);
registerOfficeCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof DataDirLockedError || e instanceof ConfigError || e instanceof KeyError) console.error(e.message);
  else if (e instanceof BackupError) console.error(`${e.userMessage} (${e.message})`);
  else if (e instanceof AppError) console.error(`${e.userMessage} (${e.message})`);
  else console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
