/**
 * The round's ledger (三清单一台账) as an .xlsx, streamed: exceljs's streaming
 * WorkbookWriter commits each row to the output as it is written, and rows are
 * read a page at a time (./repository.ts), so memory stays flat whatever the
 * ledger's size and no transaction is held while the client downloads.
 *
 * The sheet: a title row, the header (frozen), then the tree — each group and
 * theme a banner row merged across the columns (the way offices' ledgers show
 * "一、…方面"), each problem a row with its measures numbered in one cell; rows
 * carry outline levels so Excel can fold the tree. A3 landscape, fitted to the
 * page width, header repeated on every printed page. The same file goes back in
 * through the ledger importer (src/domain/notice/read/ledger-*.ts): banners become
 * its groups, 是否销号 and 整改时限 its statuses and deadlines.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/lazy.js';
import type { Writable } from 'node:stream';
import type { AppContext } from '../../context.js';
import type { Db, Queryable } from '../../db/index.js';
import { notFound } from '../../lib/errors.js';
import { enforce } from '../../lib/policy.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../audit/service.js';
import { noticeRepo, type RoundRow } from '../notices/repository.js';
import { KIND_ZH, STATUS_ZH } from '../../../domain/workflow/index.js';
import { chineseDate } from '../../../domain/document/model.js';
import { exportRepo, type Cursor, type ExportRow } from './repository.js';
import * as policy from './policy.js';

/** The columns, as offices head them, with widths in characters. */
export const LEDGER_COLUMNS = [
  { header: '序号', width: 8 },
  { header: '问题', width: 42 },
  { header: '整改措施', width: 52 },
  { header: '责任领导', width: 12 },
  { header: '责任部门', width: 16 },
  { header: '配合部门', width: 18 },
  { header: '整改时限', width: 16 },
  { header: '类型', width: 11 },
  { header: '状态', width: 10 },
  { header: '整改进展', width: 42 },
  { header: '是否销号', width: 14 },
] as const;

/** Rows read per query. */
export const PAGE_ROWS = 500;
const LAST_COLUMN = 'K';
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** 是否销号 as the importer reads it back: 是 for closed, 否 with the state in brackets otherwise. */
function closedCell(r: ExportRow): string {
  if (r.status === 'closed') return '是';
  if (r.status === 'long_term') return '否（长期坚持）';
  return r.status === 'pending' ? '否（未启动）' : '否（正在推进）';
}

function deadlineCell(r: ExportRow): string {
  if (r.deadline) return chineseDate(r.deadline);
  return r.rectify_kind === 'long_term' ? '长期坚持' : '';
}

export interface ExportResult {
  rows: number;
  problems: number;
}

/** The round, when the actor may export it (404 otherwise, the same as absent). */
export async function exportableRound(q: Queryable, actor: Actor | null, inspectionId: number): Promise<RoundRow> {
  const round = await noticeRepo.round(q, inspectionId);
  if (!round || (actor && !policy.exportLedger(actor, round.unit_id).allowed))
    throw notFound(`inspection ${inspectionId}`, '该巡视巡察轮次');
  if (actor) enforce('exportLedger', policy.exportLedger(actor, round.unit_id));
  return round;
}

/** The file name offices recognise. */
export function ledgerFileName(round: RoundRow): string {
  return `${round.unit_name}整改台账（${round.title}）.xlsx`.replace(/[\\/:*?"<>|]/g, '');
}

/** Writes the round's ledger as .xlsx to `out` (ended when done). */
export async function writeLedgerXlsx(db: Db, round: RoundRow, out: Writable, pageRows = PAGE_ROWS): Promise<ExportResult> {
  const Excel = await loadExcel();
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Zhenggai';
  const sheetName = '整改台账';
  const ws = wb.addWorksheet(sheetName, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
    properties: { outlineLevelRow: 3, defaultRowHeight: 18 },
    pageSetup: {
      // A3 (8): exceljs's PaperSize enum omits it, though Excel's paperSize codes have it
      paperSize: 8 as ExcelJS.PaperSize,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      // the header row on every printed page (a sheet-local _xlnm.Print_Titles name)
      printTitlesRow: '2:2',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = LEDGER_COLUMNS.map((c) => ({ width: c.width }));
  const border = { style: 'thin' as const, color: { argb: 'FF808080' } };
  const box = { top: border, left: border, bottom: border, right: border };
  const title = ws.getRow(1);
  title.values = [`${round.unit_name}${round.title}整改台账`];
  title.height = 30;
  title.font = { name: '方正小标宋简体', size: 18 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.mergeCells(`A1:${LAST_COLUMN}1`);
  title.commit();
  const header = ws.getRow(2);
  header.values = LEDGER_COLUMNS.map((c) => c.header);
  header.height = 24;
  header.eachCell((cell) => {
    cell.font = { name: '黑体', size: 12, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF2' } };
    cell.border = box;
  });
  header.commit();

  let rowNo = 3;
  let problems = 0;
  let after: Cursor | null = null;
  for (;;) {
    const page = await exportRepo.page(db, round.id, after, pageRows);
    if (!page.length) break;
    const leafIds = page.filter((r) => !r.has_children).map((r) => r.id);
    const measures = new Map<number, string[]>();
    for (const m of await exportRepo.measures(db, leafIds))
      (measures.get(m.problem_id) ?? measures.set(m.problem_id, []).get(m.problem_id)!).push(m.text);
    const progress = new Map((await exportRepo.latestProgress(db, leafIds)).map((p) => [p.problem_id, p.text]));
    for (const r of page) {
      const row = ws.getRow(rowNo);
      row.outlineLevel = Math.max(0, r.level - 1);
      if (r.has_children) {
        row.values = [`${r.label}${oneLine(r.title)}`];
        row.font = { name: '黑体', size: r.level === 1 ? 12 : 11, bold: r.level === 1 };
        row.alignment = { vertical: 'middle', indent: r.level - 1 };
        row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: r.level === 1 ? 'FFF2F2F2' : 'FFFAFAFA' } };
        ws.mergeCells(`A${rowNo}:${LAST_COLUMN}${rowNo}`);
      } else {
        problems++;
        const ms = (measures.get(r.id) ?? []).map((m, i) => `${i + 1}. ${oneLine(m)}`);
        row.values = [
          r.label,
          r.description.trim() ? `${oneLine(r.title)}\n${r.description.trim()}` : oneLine(r.title),
          ms.join('\n'),
          r.leader ?? '',
          r.lead_dept ?? '',
          r.cooperators ?? '',
          deadlineCell(r),
          r.rectify_kind ? KIND_ZH[r.rectify_kind] : '',
          `${STATUS_ZH[r.status]}${r.status === 'long_term' && r.stage_done ? '（阶段性完成）' : ''}`,
          progress.get(r.id) ?? '',
          closedCell(r),
        ];
        row.font = { name: '仿宋_GB2312', size: 11 };
        row.alignment = { vertical: 'top', wrapText: true };
        row.eachCell({ includeEmpty: true }, (cell) => {
          cell.border = box;
        });
      }
      row.commit();
      rowNo++;
    }
    const last = page[page.length - 1];
    after = { path: last.path, id: last.id };
    if (page.length < pageRows) break;
  }
  ws.commit();
  await wb.commit();
  return { rows: rowNo - 3, problems };
}

/** GET /inspections/:id/ledger.xlsx — checks access before the first byte, then streams. */
export async function startLedgerExport(ctx: AppContext, o: { actor: Actor; inspectionId: number }) {
  const round = await exportableRound(ctx.db, o.actor, o.inspectionId);
  await ctx.db.tx(async (q) => {
    await writeAudit(q, {
      at: ctx.clock.now(),
      actorId: o.actor.id,
      actorName: o.actor.username,
      action: 'ledger.export',
      objectType: 'inspection',
      objectId: round.id,
      unitId: round.unit_id,
      detail: { format: 'xlsx' },
      ip: o.actor.ip,
    });
  });
  return { round, filename: ledgerFileName(round), write: (out: Writable) => writeLedgerXlsx(ctx.db, round, out) };
}
