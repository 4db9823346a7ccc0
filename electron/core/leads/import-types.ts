import type { CountryCode, PhoneFailReason } from '../../../shared/phone';
import type { ColumnMapping } from './parse/mapping';
import type { Delimiter } from './parse/dialect';
import type { TextEncoding } from './parse/encoding';
import type { FileFormat } from './parse/sniff';
import type { ImportWarning } from './parse/warnings';

export interface ImportOptions {
  sheet?: string;
  /** 0-based header row from the preview; -1 = no header; omitted = detect again. */
  headerRow?: number;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  mapping: ColumnMapping;
  /** Import only rows whose column equals this value (trimmed, case- and accent-insensitive). */
  filter?: { column: number; equals: string };
  list: { id: number } | { name: string };
  /** Where consent came from, e.g. "Formulário do site" or "Clientes da loja". */
  consentSource: string;
  onExisting: 'update' | 'keep';
  defaultCountry?: CountryCode;
}

export interface ImportProgress {
  phase: 'reading' | 'saving';
  rowsRead: number;
  /** 0..100 */
  percent: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
}

export interface ImportHooks {
  onProgress?(p: ImportProgress): void;
  signal?: AbortSignal;
  /** Polled synchronously, also between the SQL steps of the final save (worker cancel flag). */
  isCancelled?(): boolean;
  /**
   * From this many rows, the new contacts' search entries are left to the catch-up
   * (search-backlog.ts) instead of the import's own transaction. Default DEFER_SEARCH_INDEX_FROM;
   * tests lower it for importLeads on their thread (the worker path always uses the default).
   */
  deferSearchIndexFrom?: number;
}

export type RejectReason = PhoneFailReason;

export interface RejectedRow {
  /** Row number as the spreadsheet shows it (1-based). */
  row: number;
  reason: RejectReason;
  /** pt-BR explanation. */
  message: string;
  /** The original cells. */
  raw: string[];
}

export interface ImportReport {
  importId: number;
  listId: number;
  listName: string;
  format: FileFormat;
  encoding?: TextEncoding;
  sheet?: string;
  fileName?: string;
  /** Data rows seen (blank rows and the header are not counted). */
  rowsRead: number;
  /** New contacts. */
  imported: number;
  /** Existing contacts whose data was merged (onExisting = 'update'). */
  updated: number;
  /** Existing contacts left as they were (onExisting = 'keep'). */
  unchanged: number;
  /** Rows repeating a phone already seen earlier in the same file. */
  duplicates: number;
  /** Rows without a usable phone (see rejected). */
  invalid: number;
  /** Existing contacts who opted out: kept opted out, never re-activated. */
  optedOut: number;
  skippedByFilter: number;
  rejected: RejectedRow[];
  /** Rejected rows not kept in `rejected` (it is capped to bound memory). */
  rejectedOmitted: number;
  /** Column titles, for the rejected-rows CSV. */
  headers: string[];
  /** What the import worked around and the user should check (unclosed quotes, encodings). */
  warnings: ImportWarning[];
  durationMs: number;
}
