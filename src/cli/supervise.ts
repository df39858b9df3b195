/**
 * Supervision on the command line (issue 9):
 *
 *   zhenggai tick [--date YYYY-MM-DD] [--json]
 *     runs everything due up to that Beijing date: the daily evaluation (reminders,
 *     escalations), the weekly and monthly digests whose day has come, the outbox.
 *     Idempotent: a second run for the same date sends nothing new. Prints what it
 *     did (one line, or JSON with --json).
 *
 *   zhenggai digest --unit N --kind weekly|monthly [--date D] (--json | --out FILE.docx)
 *     the digest's data as JSON, or the .docx (the monthly one is the 月调度 report
 *     with the chart by department). Reads only: it sends nothing.
 *
 * Exit 2 for bad arguments, 1 when the unit does not exist.
 */
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { id, isoDate } from '../domain/schemas/primitives.js';
import { loadConfig } from '../server/config.js';
import { migrate } from '../server/db/index.js';
import { clockFrom, openConfigured } from '../server/serve.js';
import { ManualClock, beijingDate } from '../server/lib/clock.js';
import { runTick } from '../server/jobs/tick.js';
import { buildDigest, digestDocx } from '../server/modules/digests/service.js';

function bad(issues: z.core.$ZodIssue[]): void {
  for (const i of issues) console.error(`--${i.path.join('.')}: ${i.message}`);
  process.exitCode = 2;
}

/** The instant of `date` at the clock's Beijing time of day: "today" becomes that date, time still moves. */
export function clockAt(now: Date, date: string | undefined): Date {
  if (!date) return now;
  const sinceMidnight = (now.getTime() + 8 * 3600_000) % 86_400_000;
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + sinceMidnight);
}

const silentLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as FastifyBaseLogger;

export function registerSupervisionCommands(program: Command): void {
  program
    .command('tick')
    .description('run the scheduler once: reminders, escalations, digests and deliveries due up to --date (idempotent)')
    .option('--date <date>', 'the Beijing date to run for (default today)')
    .option('--json', 'print the report as JSON')
    .action(async (o: { date?: string; json?: boolean }) => {
      const parsed = z.object({ date: isoDate.optional() }).safeParse({ date: o.date });
      if (!parsed.success) return bad(parsed.error.issues);
      const config = loadConfig();
      const db = await openConfigured(config);
      try {
        await migrate(db);
        const clock = new ManualClock(clockAt(clockFrom(config).now(), parsed.data.date));
        // the clock stands at the date; deliveries' backoff still needs time to pass, so let it follow the real one
        const start = Date.now();
        const moving = { now: () => new Date(clock.now().getTime() + (Date.now() - start)) };
        const r = await runTick({ db, clock: moving, config, log: silentLog });
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else {
          const e = r.evaluation;
          const what = `evaluated, ${e.notifications} reminders, ${e.escalations} escalations, ${e.summaries} channel summaries`;
          console.log(
            `${r.date}: ${e.ran ? what : 'already evaluated'}; ` +
              `digests ${r.digests.length ? r.digests.map((d) => `${d.kind}@unit ${d.unitId}`).join(', ') : 'none due'}; ` +
              `deliveries sent ${r.deliveries.sent}, retrying ${r.deliveries.retrying}, failed ${r.deliveries.failed}`,
          );
        }
      } finally {
        await db.close();
      }
    });

  program
    .command('digest')
    .description("print a unit's weekly urging or monthly dispatch (--json) or write it as .docx (--out)")
    .requiredOption('--unit <id>', 'the unit')
    .requiredOption('--kind <kind>', 'weekly (周督促) | monthly (月调度)')
    .option('--date <date>', 'as of this Beijing date (default today)')
    .option('--json', 'print the data as JSON')
    .option('--out <file>', 'write the .docx')
    .action(async (o: { unit: string; kind: string; date?: string; json?: boolean; out?: string }) => {
      const parsed = z
        .object({
          unit: id,
          kind: z.enum(['weekly', 'monthly'], { message: '应为 weekly 或 monthly' }),
          date: isoDate.optional(),
          out: z
            .string()
            .regex(/\.docx$/i, { message: '输出文件应以 .docx 结尾' })
            .optional(),
        })
        .safeParse(o);
      if (!parsed.success) return bad(parsed.error.issues);
      if (!o.json && !o.out)
        return bad([{ code: 'custom', path: ['json'], message: '请指定 --json 或 --out FILE.docx', input: undefined }]);
      const a = parsed.data;
      const config = loadConfig();
      const db = await openConfigured(config);
      try {
        await migrate(db);
        const asOf = a.date ?? beijingDate(clockFrom(config).now());
        if (a.out) {
          const f = await digestDocx(db, { unitId: a.unit, kind: a.kind, asOf });
          writeFileSync(a.out, f.bytes);
          if (!o.json) console.log(`${a.out}: ${f.filename.replace(/\.docx$/, '')} (${f.bytes.length} bytes)`);
          else console.log(JSON.stringify(f.data, null, 2));
        } else {
          console.log(JSON.stringify(await buildDigest(db, { unitId: a.unit, kind: a.kind, asOf }), null, 2));
        }
      } finally {
        await db.close();
      }
    });
}
