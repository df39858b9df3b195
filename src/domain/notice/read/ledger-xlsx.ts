/**
 * exceljs workbook → LedgerSheet grids. The only module that knows exceljs, so
 * the builder stays pure and the library stays replaceable.
 */
import type { LedgerMapping, ParsedNotice } from '../types.js';
import { buildLedgerNotice, MAX_LEDGER_ROWS } from './ledger-build.js';
import { plainValue, valueText } from './ledger-cells.js';
import type { GridCell, LedgerSheet } from './ledger-grid.js';
import { refuse } from './refuse.js';

/** Ledgers have a dozen or two columns; a stray format in column XFD must not cost 16k cells a row. */
const MAX_COLUMNS = 64;

export async function readLedgerSheets(bytes: Uint8Array): Promise<LedgerSheet[]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own global `Buffer extends ArrayBuffer`, which no Buffer of
    // current @types/node satisfies; at run time it hands the bytes to JSZip as they are.
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await workbook.xlsx.load(input as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (err) {
    throw refuse('corrupt', `exceljs: ${(err as Error).message}`);
  }
  return workbook.worksheets
    .filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
    .map((ws) => {
      const totalRows = ws.rowCount;
      const rowsToRead = Math.min(totalRows, MAX_LEDGER_ROWS);
      const width = Math.min(ws.columnCount, MAX_COLUMNS);
      const rows: (GridCell | null)[][] = [];
      for (let r = 1; r <= rowsToRead; r++) {
        const row = ws.findRow(r);
        const cells: (GridCell | null)[] = [];
        for (let c = 1; c <= width; c++) {
          const cell = row?.findCell(c);
          if (!cell) {
            cells.push(null);
            continue;
          }
          // A merged cell's value is its master's; keep the master's address to tell ranges apart.
          const source = cell.isMerged ? cell.master : cell;
          const value = plainValue(source.value);
          const grid: GridCell = { value, text: valueText(value) };
          if (cell.isMerged) {
            grid.merge = source.address;
            if (source.address !== cell.address) grid.slave = true;
          }
          cells.push(grid);
        }
        while (cells.length && cells[cells.length - 1] === null) cells.pop();
        rows.push(cells);
      }
      return { name: ws.name, rows, totalRows };
    });
}

export async function readLedger(bytes: Uint8Array, mapping?: LedgerMapping): Promise<ParsedNotice> {
  return buildLedgerNotice(await readLedgerSheets(bytes), mapping);
}
