/**
 * The import page's bridge to src/domain: the request schemas of the import API
 * and the notice contract types, shared with the server, never copied.
 * (lib/domain.ts is the app-wide bridge; these live here because only this
 * feature needs them. The ledger-mapping module is pure: no Node imports.)
 */
export { importCommitBody, importNode, ledgerMappingBody } from '../../../../domain/schemas/imports.js';
export type { ImportCommitBody, ImportNode } from '../../../../domain/schemas/imports.js';
// the answers of the import API, inferred from the response schemas its routes declare
export type { ImportCommitResult, ImportPreview, Ok } from '../../../../domain/schemas/index.js';
export type {
  Finding,
  LedgerField,
  LedgerMapping,
  NodeKind,
  NoticeNode,
  ParsedNotice,
  Severity,
  StatedTotals,
} from '../../../../domain/notice/types.js';
export { detectLedgerMapping } from '../../../../domain/notice/read/ledger-mapping.js';
export { countKinds, type NodeCounts } from '../../../../domain/notice/counts.js';
