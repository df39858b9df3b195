/**
 * Libraries a server start does not need, loaded on first use: a start imports every module of the bundle,
 * and these few cost most of it (measured alone: ECharts 0.7 s, ExcelJS 0.4 s, nodemailer 0.2 s) while only
 * an export, a report or a mail uses them.
 */
import type ExcelJS from 'exceljs';

/** ExcelJS, for the .xlsx exports. */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
