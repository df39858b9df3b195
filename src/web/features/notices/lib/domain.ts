/**
 * What the notices feature takes from src/domain: the request schemas and the
 * answer types of the notices module (z.input: the JSON on the wire), and the
 * composer itself, so the preview is composed by the same function as the .docx.
 */
export { contactBody, draftContentBody, DOCUMENT_KINDS } from '../../../../domain/schemas/notices.js';
export type {
  Compare,
  Composer,
  ContactBody,
  DraftContentView,
  NoticeVersion,
  UnitContact,
  VersionSummary,
} from '../../../../domain/schemas/notices.js';
export {
  composeDocument,
  chineseDate,
  blockText,
  type Block,
  type DocumentModel,
  type DocumentKind,
  type DraftContent,
  type RoundFacts,
} from '../../../../domain/document/index.js';
