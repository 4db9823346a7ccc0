import { z } from 'zod';
import { method, none } from '../method';
import { FIELD_KEY_PATTERN } from '../../leads/field-key';
import { uploadIdSchema } from './uploads';
import { PASTE_MAX_CHARS } from '../../leads/limits';

/**
 * Lead import (preview, import jobs) and the contacts they produce: contacts, lists and tags.
 * The file itself arrives first through `uploads.*` (uploads.ts).
 */

export { PASTE_MAX_CHARS, SPREADSHEET_MAX_ROWS, SPREADSHEET_MAX_UNCOMPRESSED_BYTES } from '../../leads/limits';

const ok = z.object({ ok: z.literal(true) });
const id = z.number().int().positive();
const column = z.number().int().nonnegative().max(16_383);
const fieldKey = z.string().regex(FIELD_KEY_PATTERN, { error: 'Use só letras minúsculas sem acento, números e _ no nome do campo.' });

export const fileFormats = ['csv', 'xlsx', 'xls', 'ods', 'text'] as const;
export const textEncodings = ['utf8', 'windows1252', 'utf16le', 'utf16be'] as const;
export const delimiters = [',', ';', '\t', '|'] as const;
export const contactStatuses = ['active', 'opted_out', 'invalid'] as const;
export type ContactStatus = (typeof contactStatuses)[number];

/** Where rows come from: an uploaded file, or cells pasted from Excel/Sheets. */
export const importSourceSchema = z.union([
  z.object({ fileId: uploadIdSchema }).strict(),
  z.object({ text: z.string().max(PASTE_MAX_CHARS, { error: 'O texto colado é grande demais (máximo 20 MB). Salve a planilha como CSV e envie o arquivo.' }) }).strict(),
]);
export type ImportSource = z.infer<typeof importSourceSchema>;

/** Column indexes are 0-based; `fields` maps a column to a template variable key ({cidade}). */
export const columnMappingSchema = z
  .object({
    phone: column,
    areaCode: column.optional(),
    name: column.optional(),
    email: column.optional(),
    fields: z.record(z.string().regex(/^\d{1,5}$/), fieldKey),
  })
  .strict();
export type ColumnMappingInput = z.infer<typeof columnMappingSchema>;

export const suggestedMappingSchema = z.object({
  phone: z.number().int().optional(),
  areaCode: z.number().int().optional(),
  name: z.number().int().optional(),
  email: z.number().int().optional(),
  fields: z.record(z.string(), z.string()),
  phoneBy: z.enum(['header', 'content']).optional(),
});

export const previewSchema = z.object({
  fileName: z.string().optional(),
  format: z.enum(fileFormats),
  encoding: z.enum(textEncodings).optional(),
  delimiter: z.enum(delimiters).optional(),
  sheets: z.array(z.string()).optional(),
  /** Rows and phone-like rows of each sheet, for the sheet picker. */
  sheetInfo: z.array(z.object({ name: z.string(), rows: z.number().int(), phoneRows: z.number().int() })).optional(),
  sheet: z.string().optional(),
  /** 0-based row of the header in the file; -1 = no header. */
  headerRow: z.number().int(),
  headers: z.array(z.string()),
  /** Columns without a title (shown as "Coluna F"): not offered as variables until the user names them. */
  untitled: z.array(z.number().int()).optional(),
  /** First data rows (at most 20). */
  rows: z.array(z.array(z.string())),
  totalRowsEstimate: z.number().optional(),
  suggestedMapping: suggestedMappingSchema,
});
export type ImportPreview = z.infer<typeof previewSchema>;

const readOptions = {
  sheet: z.string().max(200).optional(),
  headerRow: z.number().int().min(-1).max(10_000).optional(),
  encoding: z.enum(textEncodings).optional(),
  delimiter: z.enum(delimiters).optional(),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/).optional(),
};

export const importInputSchema = z
  .object({
    source: importSourceSchema,
    ...readOptions,
    mapping: columnMappingSchema,
    filter: z.object({ column, equals: z.string().max(200) }).strict().optional(),
    list: z.union([z.object({ id }).strict(), z.object({ name: z.string().trim().min(1, { error: 'Dê um nome à nova lista.' }).max(120) }).strict()]),
    consentSource: z.string().trim().min(2, { error: 'Diga de onde vieram estes contatos (por exemplo "Clientes da loja").' }).max(200),
    onExisting: z.enum(['update', 'keep']),
  })
  .strict();
export type ImportRequest = z.input<typeof importInputSchema>;

export const rejectedRowSchema = z.object({
  row: z.number().int(),
  reason: z.string(),
  message: z.string(),
  raw: z.array(z.string()),
});

export const importWarningSchema = z.object({
  code: z.enum(['unclosed_quote', 'mixed_encoding', 'mojibake']),
  /** Spreadsheet rows concerned (the first ones). */
  rows: z.array(z.number().int()),
  more: z.number().int(),
  /** pt-BR, naming the rows. */
  message: z.string(),
});
export type ImportWarningView = z.infer<typeof importWarningSchema>;

export const importReportSchema = z.object({
  /** Row id in the import log (not the job id). */
  importId: z.number().int(),
  listId: z.number().int(),
  listName: z.string(),
  format: z.enum(fileFormats),
  encoding: z.enum(textEncodings).optional(),
  sheet: z.string().optional(),
  fileName: z.string().optional(),
  rowsRead: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  duplicates: z.number().int(),
  invalid: z.number().int(),
  optedOut: z.number().int(),
  skippedByFilter: z.number().int(),
  /** A sample of the rejected rows (the full set is in `leads.rejectedCsv`). */
  rejected: z.array(rejectedRowSchema),
  rejectedOmitted: z.number().int(),
  headers: z.array(z.string()),
  /** Things the import worked around that the user should check; absent in reports of older versions. */
  warnings: z.array(importWarningSchema).optional(),
  durationMs: z.number(),
});
export type ImportReportView = z.infer<typeof importReportSchema>;

export const importProgressSchema = z.object({
  importId: z.string(),
  phase: z.enum(['reading', 'saving']),
  rowsRead: z.number(),
  /** 0..100 */
  percent: z.number(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});
export type ImportProgressEvent = z.infer<typeof importProgressSchema>;

const errorShape = z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const importJobSchema = z.object({
  importId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  fileName: z.string().nullable(),
  progress: importProgressSchema.nullable(),
  report: importReportSchema.nullable(),
  error: errorShape.nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const contactListRefSchema = z.object({ id: z.number().int(), name: z.string() });

export const contactSchema = z.object({
  id: z.number().int(),
  /** E.164 */
  phone: z.string(),
  /** +55 (11) 98765-4321 */
  phoneDisplay: z.string(),
  kind: z.enum(['mobile', 'landline', 'other']),
  name: z.string().nullable(),
  firstName: z.string().nullable(),
  email: z.string().nullable(),
  fields: z.record(z.string(), z.string()),
  status: z.enum(contactStatuses),
  consentSource: z.string().nullable(),
  consentAt: z.number().nullable(),
  optedOutAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const contactRowSchema = contactSchema.extend({ lists: z.array(contactListRefSchema) });
export type ContactRow = z.infer<typeof contactRowSchema>;

export const contactDetailSchema = contactSchema.extend({
  waCandidates: z.array(z.string()),
  lists: z.array(contactListRefSchema),
  tags: z.array(contactListRefSchema),
});
export type ContactDetailView = z.infer<typeof contactDetailSchema>;

export const contactFilterSchema = z
  .object({
    search: z.string().max(200).optional(),
    listId: id.optional(),
    tag: id.optional(),
    status: z.enum(contactStatuses).optional(),
  })
  .strict();
export type ContactFilterInput = z.infer<typeof contactFilterSchema>;

export const contactListSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  source: z.string().nullable(),
  createdAt: z.number(),
  /** Contacts a campaign can reach (active). */
  count: z.number().int(),
  total: z.number().int(),
  active: z.number().int(),
  optedOut: z.number().int(),
});
export type ContactListView = z.infer<typeof contactListSchema>;

export const tagSchema = z.object({ id: z.number().int(), name: z.string(), count: z.number().int() });

/** Where a produced file went (same shape as the data exports). */
export const leadsFileDeliverySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), file: z.string(), fileName: z.string(), bytes: z.number(), rows: z.number() }),
  z.object({ status: z.literal('download'), url: z.string(), fileName: z.string(), bytes: z.number(), rows: z.number() }),
  z.object({ status: z.literal('cancelled') }),
]);
export type LeadsFileDelivery = z.infer<typeof leadsFileDeliverySchema>;

export const leadsMethods = {
  'leads.preview': method(z.object({ source: importSourceSchema, ...readOptions }).strict(), previewSchema),
  /** Starts the import in a worker thread and answers at once; follow the leads.import* events. */
  'leads.import': method(importInputSchema, z.object({ importId: z.string() })),
  /** All or nothing: a cancelled import writes no contact. */
  'leads.cancelImport': method(z.object({ importId: z.string().max(64) }).strict(), ok),
  /** The running (or last) import, for a window reopened mid-import. */
  'leads.currentImport': method(none, importJobSchema.nullable()),
  /** Rejected rows with a "Motivo" column, as CSV text (Excel pt-BR: ';', BOM). */
  'leads.rejectedCsv': method(
    z.object({ importId: z.union([z.string().max(64), z.number().int().positive()]) }).strict(),
    z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
  ),

  'lists.list': method(none, z.array(contactListSchema)),
  'lists.create': method(z.object({ name: z.string().max(200) }).strict(), contactListRefSchema),
  'lists.rename': method(z.object({ id, name: z.string().max(200) }).strict(), ok),
  /** Keeps the contacts unless `deleteContacts` (then only those in no other list go). */
  'lists.delete': method(z.object({ id, deleteContacts: z.boolean().optional() }).strict(), z.object({ deletedContacts: z.number().int() })),

  'tags.list': method(none, z.array(tagSchema)),

  /**
   * A page of contacts in id order. `afterId` continues after a row already shown (keyset: no
   * row repeated or missed while contacts change); `offset` jumps to a position (scrollbar).
   * A search counts up to 10,000: past that, `total` is 10,000 and `totalCapped` is true.
   */
  'contacts.list': method(
    contactFilterSchema
      .extend({
        offset: z.number().int().nonnegative().optional(),
        afterId: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(500).optional(),
        /** Skip the count when the caller already has it (scrolling). */
        withTotal: z.boolean().optional(),
      })
      .strict(),
    z.object({ rows: z.array(contactRowSchema), total: z.number().int().nullable(), totalCapped: z.boolean() }),
  ),
  'contacts.get': method(z.object({ id }).strict(), contactDetailSchema),
  'contacts.update': method(
    z
      .object({
        id,
        patch: z
          .object({
            name: z.string().max(200).nullable().optional(),
            email: z.string().max(200).nullable().optional(),
            phone: z.string().max(60).optional(),
            fields: z.record(fieldKey, z.string().max(1000)).optional(),
            status: z.enum(contactStatuses).optional(),
          })
          .strict(),
      })
      .strict(),
    contactDetailSchema,
  ),
  /** Deletes the contact with all its data (lists, tags, history that cascades). */
  'contacts.delete': method(z.object({ id }).strict(), ok),
  /** LGPD access request: everything stored about one person. */
  'contacts.exportOne': method(z.object({ id }).strict(), z.object({ fileName: z.string(), exportedAt: z.string(), contact: contactDetailSchema })),
  /** `target` is honoured only in the desktop app (chosen in the main process's save dialog). */
  'contacts.export': method(
    z.object({ filter: contactFilterSchema.optional(), format: z.enum(['csv', 'xlsx']), target: z.string().min(1).max(4096).optional() }).strict(),
    leadsFileDeliverySchema,
  ),
  'contacts.addTag': method(z.object({ contactIds: z.array(id).min(1).max(10_000), name: z.string().max(100) }).strict(), z.object({ tagId: z.number().int() })),
  'contacts.removeTag': method(z.object({ contactId: id, tagId: id }).strict(), ok),
};

export const leadsEvents = {
  'leads.importProgress': importProgressSchema,
  'leads.importDone': z.object({ importId: z.string(), report: importReportSchema }),
  'leads.importFailed': z.object({ importId: z.string(), error: errorShape }),
  /** Contacts or lists changed (import, edit, delete): pages showing them refresh. */
  'contacts.changed': z.object({ reason: z.enum(['import', 'update', 'delete', 'lists', 'tags']) }),
};
