/**
 * `zhenggai verify FILE [--server URL]` and `zhenggai export ledger --inspection N --out FILE.xlsx`.
 * Contracts for scripts:
 * - verify: exit 0 and one line "FILE: 已发布版本 …（发布编号 CODE，…发布）" when the file's SM3 is
 *   a published .docx's or a published text's; exit 1 and "FILE: 不是已发布的版本 …" otherwise;
 *   exit 2 for a missing or unreadable file or bad arguments. Without --server it reads the
 *   configured database (refused while a server holds the PGlite directory: then pass --server).
 * - export ledger: exit 0 and "FILE: <rows> rows, <problems> problems (<bytes> bytes, sm3 <digest>)";
 *   exit 2 for bad arguments; exit 1 when the round does not exist.
 */
import type { Command } from 'commander';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { z } from 'zod';
import { id } from '../domain/schemas/primitives.js';
import { verifyResultSchema } from '../domain/schemas/publications.js';

type VerifyResult = z.output<typeof verifyResultSchema>;
import { loadConfig } from '../server/config.js';
import { migrate } from '../server/db/index.js';
import { openConfigured } from '../server/serve.js';
import { sm3 } from '../server/lib/sm3.js';
import { verifyBytes } from '../server/modules/publications/service.js';
import { exportableRound, writeLedgerXlsx } from '../server/modules/exports/service.js';
import { verifySystem } from './trust.js';

/** Files larger than this are no published notice. */
const MAX_VERIFY_BYTES = 256 * 1024 * 1024;

function beijing(iso: string | Date): string {
  const b = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}（北京时间）`;
}

/** The one line `verify` prints, and its exit code. */
export function verifyLine(file: string, r: VerifyResult): { line: string; code: 0 | 1 } {
  const p = r.publication;
  if (r.match && p) {
    const what = r.matchedOn === 'docx' ? 'Word 文件' : '正文文本';
    return {
      line:
        `${file}: 已发布版本（${what}一致）——${p.unitName}《${p.title}》第 ${p.version} 版，` +
        `发布编号 ${p.code}，${beijing(p.publishedAt)}发布（sm3 ${r.digest}）`,
      code: 0,
    };
  }
  return { line: `${file}: 不是已发布的版本——没有任何已发布的通报与之完全一致（sm3 ${r.digest}）`, code: 1 };
}

async function verifyOnServer(server: string, bytes: Buffer, name: string): Promise<VerifyResult> {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${server.replace(/\/+$/, '')}/api/v1/public/verify`, { method: 'POST', body: fd });
  if (!res.ok) throw new Error(`${server}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  return verifyResultSchema.parse(await res.json());
}

const exportArgs = z.object({
  inspection: id,
  out: z
    .string()
    .min(1, { message: '请用 --out 指定输出文件' })
    .regex(/\.xlsx$/i, { message: '输出文件应以 .xlsx 结尾' }),
});

export function registerPublishCommands(program: Command): void {
  program
    .command('verify')
    .argument('[file]', 'a .docx (or .txt) downloaded from the portal; without it, the whole system is verified (cli/trust.ts)')
    .description(
      'with a file: whether it is exactly a published notice (exit 0) or not (exit 1); without: the audit chain, checkpoints, ' +
        'archives, business seals, publications and evidence files (exit 1 on a finding)',
    )
    .option('--server <url>', "ask a running server's portal (http://host:port) instead of reading the database")
    .option('--json', 'without a file: print the report as JSON')
    .action(async (file: string | undefined, o: { server?: string; json?: boolean }) => {
      if (!file) return verifySystem({ json: o.json });
      let bytes: Buffer;
      try {
        if (statSync(file).size > MAX_VERIFY_BYTES) throw new Error('too large');
        bytes = readFileSync(file);
      } catch (e) {
        console.error(`无法读取文件：${file} (${(e as Error).message})`);
        process.exitCode = 2;
        return;
      }
      if (o.server && !/^https?:\/\/\S+$/.test(o.server)) {
        console.error('--server 应为 http:// 或 https:// 开头的地址');
        process.exitCode = 2;
        return;
      }
      let result: VerifyResult;
      if (o.server) result = await verifyOnServer(o.server, bytes, file.split(/[\\/]/).pop() ?? 'file');
      else {
        const db = await openConfigured(loadConfig());
        try {
          await migrate(db);
          result = await verifyBytes(db, bytes);
        } finally {
          await db.close();
        }
      }
      const { line, code } = verifyLine(file, result);
      console.log(line);
      process.exitCode = code;
    });

  const exp = program.command('export').description('export data');
  exp
    .command('ledger')
    .description("write a round's ledger (三清单一台账) as .xlsx: group rows, frozen header, A3 landscape")
    .requiredOption('--inspection <id>', 'the inspection round')
    .requiredOption('--out <file>', 'the .xlsx to write')
    .action(async (o: { inspection: string; out: string }) => {
      const parsed = exportArgs.safeParse(o);
      if (!parsed.success) {
        for (const i of parsed.error.issues) console.error(`--${i.path.join('.')}: ${i.message}`);
        process.exitCode = 2;
        return;
      }
      const db = await openConfigured(loadConfig());
      try {
        await migrate(db);
        const round = await exportableRound(db, null, parsed.data.inspection);
        const out = createWriteStream(parsed.data.out);
        const done = once(out, 'close');
        const r = await writeLedgerXlsx(db, round, out);
        await done;
        const bytes = readFileSync(parsed.data.out);
        console.log(`${parsed.data.out}: ${r.rows} rows, ${r.problems} problems (${bytes.length} bytes, sm3 ${sm3(bytes)})`);
      } finally {
        await db.close();
      }
    });
}
