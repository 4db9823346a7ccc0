// Lead import and contacts: the public surface for the RPC layer.
export { ImportError, isImportError, type ImportErrorCode } from './errors';
export { importLeads, MAX_REJECTED } from './import';
export type { ImportOptions, ImportHooks, ImportProgress, ImportReport, RejectedRow, RejectReason } from './import-types';
export { runImportInWorker, runPreviewInWorker, previewSource } from './worker';
export { rejectedCsv } from './report';
export { escapeFormula } from './csv-out';
export { previewFile, previewInput, type FilePreview, type PreviewOptions } from './parse/preview';
export type { ImportInput } from './parse/source';
export { fieldKey, suggestMapping, type ColumnMapping, type SuggestedMapping } from './parse/mapping';
export type { FileFormat } from './parse/sniff';
export type { TextEncoding } from './parse/encoding';
export type { Delimiter } from './parse/dialect';
export {
  listContacts,
  getContact,
  updateContact,
  deleteContact,
  exportContact,
  exportContacts,
  optOutByPhone,
  XLSX_EXPORT_MAX_ROWS,
  type Contact,
  type ContactDetail,
  type ContactFilter,
  type ContactPatch,
  type ContactStatus,
  type ListContactsQuery,
} from './contacts';
export { listLists, getList, createList, renameList, deleteList, type ContactList } from './lists';
export { listTags, tagContacts, untagContact, deleteTag } from './tags';
