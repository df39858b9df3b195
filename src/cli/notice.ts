/**
 * `zhenggai check` and `zhenggai import`. The JSON printed by
 * `import --dry-run --json` is a contract used by scripts: keep it stable.
 */
import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readNotice, NoticeInputError, type ParsedNotice, type Finding } from '../domain/notice/index.js';
import { planImport } from '../domain/notice/plan.js';
import { importCommitBody } from '../domain/schemas/imports.js';
import { loadConfig } from '../server/config.js';
import { migrate } from '../server/db/index.js';
import { openConfigured, clockFrom } from '../server/serve.js';
import { importTree } from '../server/modules/imports/service.js';
import { sm3 } from '../server/lib/sm3.js';

async function read(file: string): Promise<{ bytes: Buffer; parsed: ParsedNotice }> {
  let bytes: Buffer;
  try {
    if (statSync(file).size > 64 * 1024 * 1024) throw new NoticeInputError('too-large', `文件过大：${file}`, `file too large: ${file}`);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof NoticeInputError) throw e;
    throw new NoticeInputError('unsupported', `无法读取文件：${file}`, `cannot read ${file}: ${(e as Error).message}`);
  }
  return { bytes, parsed: await readNotice({ bytes, filename: basename(file) }) };
}

/** The stable JSON shape of a dry run (fields are only ever added). */
export function dryRunJson(p: ParsedNotice) {
  return {
    ...(p.fileFormat ? { fileFormat: p.fileFormat } : {}),
    meta: p.meta,
    nodes: p.nodes.map((n) => ({
      id: n.id,
      parentId: n.parentId,
      kind: n.kind,
      label: n.label,
      title: n.title,
      line: n.line,
      ...(n.status ? { status: n.status } : {}),
      ...(n.deadline ? { deadline: n.deadline } : {}),
    })),
    counts: p.counts,
    stated: p.stated,
    // Which structure was chosen, its score, the runner-up and why it lost (the runner-up's tree
    // stays out of the JSON: it is for the import page's "use this instead").
    ...(p.structure ? { structure: structureJson(p.structure) } : {}),
    findings: p.findings,
  };
}

function structureJson(s: NonNullable<ParsedNotice['structure']>) {
  const { nodes: _tree, ...runnerUp } = s.runnerUp ?? { nodes: undefined };
  return { chosen: s.chosen, runnerUp: s.runnerUp ? runnerUp : null, close: s.close };
}

function lintLine(file: string, f: Finding): string {
  return `${file}:${f.line} ${f.severity} ${f.rule} ${f.message}${f.suggestion ? `（建议：${f.suggestion}）` : ''}`;
}

function fail(e: unknown): never {
  if (e instanceof NoticeInputError) {
    console.error(`${e.userMessage} (${e.message})`);
    process.exit(2);
  }
  throw e;
}

export function registerNoticeCommands(program: Command): void {
  program
    .command('check')
    .description('check a notice (text, .docx, .doc, .pdf, .xlsx) like an editor; exit 1 when an error is found')
    .argument('<file>')
    .option('--json', 'print the findings as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const { parsed } = await read(file).catch(fail);
      if (o.json) console.log(JSON.stringify(parsed.findings, null, 2));
      else {
        for (const f of parsed.findings) console.log(lintLine(file, f));
        const n = (s: string) => parsed.findings.filter((f) => f.severity === s).length;
        console.log(`${file}: ${n('error')} errors, ${n('warning')} warnings, ${n('info')} notes`);
      }
      process.exitCode = parsed.findings.some((f) => f.severity === 'error') ? 1 : 0;
    });

  program
    .command('import')
    .description('read a notice or ledger into the ledger of a unit (or only show what would be imported)')
    .argument('<file>')
    .option('--dry-run', 'parse and check only; write nothing')
    .option('--json', 'print the result as JSON')
    .option('--unit <id>', 'the unit to import into (required without --dry-run)')
    .option('--kind <kind>', '巡视 | 巡察 | 审计 | 督察 (default: from the notice)')
    .option('--title <title>', 'name of the inspection round (default: the notice title)')
    .option('--body <body>', 'inspecting body (default: from the notice)')
    .option('--confirm-duplicate', 'import even if this document was imported before')
    .action(
      async (
        file: string,
        o: { dryRun?: boolean; json?: boolean; unit?: string; kind?: string; title?: string; body?: string; confirmDuplicate?: boolean },
      ) => {
        const { bytes, parsed } = await read(file).catch(fail);
        if (o.dryRun) {
          if (o.json) console.log(JSON.stringify(dryRunJson(parsed), null, 2));
          else {
            console.log(`${parsed.meta.title ?? basename(file)}`);
            console.log(
              `groups ${parsed.counts.groups}, themes ${parsed.counts.themes}, ` +
                `problems ${parsed.counts.problems}, measures ${parsed.counts.measures}`,
            );
            const s = parsed.structure;
            if (s) {
              console.log(`structure ${s.chosen.id} (${s.chosen.score}): ${s.chosen.description}`);
              const r = s.runnerUp;
              if (r) console.log(`runner-up ${r.id} (${r.score}): ${r.description} — ${r.lostBecause}`);
              if (s.close) console.log('the two structures score close: check which one is right before importing');
            }
            for (const f of parsed.findings) console.log(lintLine(file, f));
          }
          return;
        }
        if (!o.unit) {
          console.error('--unit is required to write (或使用 --dry-run 仅预览)');
          process.exit(2);
        }
        const m = parsed.meta;
        const body = importCommitBody.safeParse({
          unitId: o.unit,
          digest: sm3(bytes),
          filename: basename(file),
          source: parsed.source,
          inspection: {
            kind: o.kind ?? m.inspection.kind ?? '巡察',
            title: o.title ?? m.title ?? basename(file),
            body: o.body ?? m.inspection.body ?? '（未注明）',
            onsiteStart: m.inspection.onSite[0] ?? undefined,
            onsiteEnd: m.inspection.onSite[1] ?? undefined,
            feedbackDate: m.inspection.feedback?.length === 10 ? m.inspection.feedback : undefined,
          },
          nodes: parsed.nodes.map((n) => ({ ...n, title: n.title || n.label || '（无标题）', text: n.text ?? '' })),
          confirmDuplicate: !!o.confirmDuplicate,
        });
        if (!body.success) {
          for (const i of body.error.issues) console.error(`${i.path.join('.')}: ${i.message}`);
          process.exit(2);
        }
        const config = loadConfig();
        const db = await openConfigured(config);
        try {
          await migrate(db);
          const r = await importTree(db, clockFrom(config), { id: null, name: 'cli', ip: null }, body.data, planImport(body.data.nodes));
          if (o.json) console.log(JSON.stringify(r));
          else console.log(`imported into inspection ${r.inspectionId}: ${r.problems} problems, ${r.measures} measures`);
        } finally {
          await db.close();
        }
      },
    );
}
