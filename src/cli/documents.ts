/**
 * `zhenggai notice --inspection N --kind notice|report --out FILE.docx [--version K]`:
 * the round's report or public notice as a GB/T 9704 Word file — the current draft
 * composed with today's data, or a frozen version. A contract for scripts: exit 0
 * and one line "FILE: <title> (<bytes> bytes, sm3 <digest>)" on success; exit 2 for
 * bad arguments; exit 1 with a message when the round or version does not exist.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { id } from '../domain/schemas/primitives.js';
import { documentKindSchema } from '../domain/schemas/notices.js';
import { loadConfig } from '../server/config.js';
import { migrate } from '../server/db/index.js';
import { clockFrom, openConfigured } from '../server/serve.js';
import { renderRound } from '../server/modules/notices/service.js';

const args = z.object({
  inspection: id,
  kind: documentKindSchema,
  out: z
    .string()
    .min(1, { message: '请用 --out 指定输出文件' })
    .regex(/\.docx$/i, { message: '输出文件应以 .docx 结尾' }),
  version: id.optional(),
});

export function registerDocumentCommands(program: Command): void {
  program
    .command('notice')
    .description('write the report (--kind report) or the public notice (--kind notice) of a round as .docx (GB/T 9704 layout)')
    .requiredOption('--inspection <id>', 'the inspection round')
    .requiredOption('--kind <kind>', 'notice (整改情况通报) | report (整改报告)')
    .requiredOption('--out <file>', 'the .docx to write')
    .option('--version <k>', 'a saved version instead of the current draft')
    .action(async (o: { inspection: string; kind: string; out: string; version?: string }) => {
      const parsed = args.safeParse(o);
      if (!parsed.success) {
        for (const i of parsed.error.issues) console.error(`--${i.path.join('.')}: ${i.message}`);
        process.exitCode = 2;
        return;
      }
      const a = parsed.data;
      const config = loadConfig();
      const db = await openConfigured(config);
      try {
        await migrate(db);
        const f = await renderRound(db, clockFrom(config), { inspectionId: a.inspection, kind: a.kind, version: a.version });
        writeFileSync(a.out, f.bytes);
        console.log(`${a.out}: ${f.filename.replace(/\.docx$/, '')} (${f.bytes.length} bytes, sm3 ${f.digest})`);
      } finally {
        await db.close();
      }
    });
}
