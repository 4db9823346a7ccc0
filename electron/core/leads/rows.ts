import { normalizePhoneLite, type PhoneKind } from '../../../shared/phone';
import { fastBrKind, fastBrPhone } from '../../../shared/phone/fast-br';
import { cancelledError } from './errors';
import type { ImportOptions, RejectedRow } from './import-types';
import { cleanText, firstNameOf } from './names';
import { NumberSet } from './number-set';
import { detectHeaderRow } from './parse/header';
import { columnLetter } from './parse/mapping';
import { columnVariableKey } from '../../../shared/leads/field-key';
import type { RowSource } from './parse/source';

/** Rejected rows kept in the report; beyond this they are only counted. */
export const MAX_REJECTED = 50_000;
/** Phones the dedupe set makes room for up front (16 MB); beyond, it grows as it goes. */
const MAX_RESERVE = 1 << 20;
/** Values per staged contact: phone, kind, name, first_name, email, fields (stage.ts). */
export const STAGE_COLS = 6;
/** Values per kept row (readRows): phone, kind, raw name, raw e-mail, the custom fields' JSON. */
const KEPT_WIDTH = 5;
/**
 * A phone kind as a staged number (stage.ts turns it back into text): a number crosses threads
 * and binds to SQLite without a string per row.
 */
export const KIND_CODES: Record<PhoneKind, number> = { mobile: 0, landline: 1, other: 2 };

// Quotes, backslashes, control characters and lone surrogates need JSON.stringify.
// eslint-disable-next-line no-control-regex
const NEEDS_JSON_ESCAPE = /["\\\x00-\x1f\ud800-\udfff]/;

export function foldText(s: string): string {
  return s.trim().normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export interface RowCounters {
  rowsRead: number;
  duplicates: number;
  invalid: number;
  skippedByFilter: number;
  rejected: RejectedRow[];
  rejectedOmitted: number;
  headers: string[];
}

function isBlankRow(row: string[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (v && v.trim() !== '') return false;
  }
  return true;
}

/** The custom-field columns of a mapping and their template keys, in one fixed order. */
function fieldColumns(options: ImportOptions): Array<readonly [column: number, key: string]> {
  // A built-in's name would hide the column's values in messages: {data} → {data_planilha}.
  return Object.entries(options.mapping.fields ?? {}).map(([col, key]) => [Number(col), columnVariableKey(key)] as const);
}

/**
 * The custom fields of a source row as the JSON object stored with the contact (null when all
 * its cells are empty): cells tidied, keys template-safe. Built while reading (readRows), so one
 * string per row crosses to the importing thread instead of one per custom-field cell.
 */
function fieldsJsonOf(options: ImportOptions): (row: string[]) => string | null {
  const fieldCols = fieldColumns(options);
  const columns = fieldCols.map(([col]) => col);
  const prefixes = fieldCols.map(([, key]) => JSON.stringify(key) + ':');
  return (row) => {
    // JSON built by hand: keys are template-safe and values rarely need escaping.
    let fields: string | null = null;
    for (let f = 0; f < columns.length; f++) {
      const v = cleanText(row[columns[f]] ?? null, 1000);
      if (v === null) continue;
      const item = prefixes[f] + (NEEDS_JSON_ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"');
      fields = fields === null ? '{' + item : fields + ',' + item;
    }
    return fields === null ? null : fields + '}';
  };
}

/**
 * Turns kept rows (readRows: phone, kind, the raw name and e-mail, the custom fields' JSON) into
 * staged contacts, STAGE_COLS values each: name and e-mail tidied, the first name. A phone seen
 * before in the file is dropped and counted (the first row wins). This runs where the rows are
 * written (import.ts), so it can run while the reader thread parses the next batch
 * (read-thread.ts), and the set's random probes are off the reader, the busier thread.
 */
export class StageShaper {
  /** Rows dropped because an earlier row of the file has the same phone. */
  duplicates = 0;
  private readonly seen = new NumberSet(1 << 16);
  private sized = false;

  /** Sizes the set once for the whole file from how far reading has got, instead of growing it. */
  expect(rowsRead: number, fraction: number): void {
    if (this.sized || !(fraction > 0 && fraction < 1) || rowsRead === 0) return;
    this.sized = true;
    this.seen.reserve(Math.min(MAX_RESERVE, Math.ceil((rowsRead / fraction) * 1.1)));
  }

  shape(kept: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (let k = 0; k < kept.length; k += KEPT_WIDTH) {
      if (!this.seen.add(kept[k] as number)) {
        this.duplicates++;
        continue;
      }
      const name = cleanText(kept[k + 2] as string | null, 200);
      const email = cleanText(kept[k + 3] as string | null, 200);
      out.push(kept[k], kept[k + 1], name, firstNameOf(name), email ? email.toLowerCase() : null, kept[k + 4]);
    }
    return out;
  }
}

/**
 * Reads a source and keeps the rows that can become contacts: phone normalized, bad rows
 * collected with a reason. Each batch goes to `sink` as a flat array of kept rows, which a
 * StageShaper deduplicates and turns into staged contacts: the E.164 phone as its digits (a
 * number: 5511987654321 for +5511987654321), its kind as a KIND_CODES number, the raw name and
 * e-mail cells, and the custom fields' JSON. Pure of SQLite, so it can run in a thread of its own.
 */
export async function readRows(
  src: RowSource,
  options: ImportOptions,
  cancelled: () => boolean,
  sink: (values: unknown[]) => void | Promise<void>,
  tick?: (c: RowCounters) => void,
): Promise<RowCounters> {
  const m = options.mapping;
  const defaultCountry = options.defaultCountry ?? 'BR';
  const br = defaultCountry === 'BR';
  const fieldCols = fieldColumns(options);
  const fieldsJson = fieldsJsonOf(options);
  const filterCol = options.filter?.column;
  const filterVal = options.filter ? foldText(options.filter.equals) : '';
  const c: RowCounters = { rowsRead: 0, duplicates: 0, invalid: 0, skippedByFilter: 0, rejected: [], rejectedOmitted: 0, headers: [] };
  let headerRow = options.headerRow;
  let seq = 0; // index of the row in the source: the unit of headerRow

  const reject = (row: number, reason: RejectedRow['reason'], message: string, raw: string[]) => {
    c.invalid++;
    // JSON round trip copies the cells: parser strings are slices that would pin whole chunks.
    if (c.rejected.length < MAX_REJECTED) c.rejected.push({ row, reason, message, raw: JSON.parse(JSON.stringify(raw.map((v) => (v.length > 1000 ? v.slice(0, 1000) : v)))) });
    else c.rejectedOmitted++;
  };

  const processBatch = (rows: string[][], startRow: number): unknown[] => {
    const out: unknown[] = [];
    const skipUpTo = headerRow as number;
    for (let i = 0; i < rows.length; i++, seq++) {
      if (seq <= skipUpTo) continue;
      const row = rows[i];
      if (isBlankRow(row)) continue;
      c.rowsRead++;
      if (filterCol !== undefined && foldText(row[filterCol] ?? '') !== filterVal) {
        c.skippedByFilter++;
        continue;
      }
      let rawPhone = row[m.phone] ?? '';
      if (m.areaCode !== undefined) {
        const digits = rawPhone.replace(/\D/g, '').length;
        if (digits > 0 && digits <= 9) rawPhone = `${row[m.areaCode] ?? ''} ${rawPhone}`;
      }
      // Most Brazilian phones take the fast path: no strings or objects at all.
      const fast = br ? fastBrPhone(rawPhone) : 0;
      let num: number;
      let kind: number;
      if (fast > 0) {
        num = fast;
        kind = KIND_CODES[fastBrKind(fast)];
      } else {
        const p = normalizePhoneLite(rawPhone, defaultCountry);
        if (!p.ok) {
          reject(startRow + i, p.reason, p.message, row);
          continue;
        }
        num = Number(p.e164.slice(1));
        kind = KIND_CODES[p.kind];
      }
      out.push(num, kind, m.name !== undefined ? (row[m.name] ?? null) : null, m.email !== undefined ? (row[m.email] ?? null) : null, fieldsJson(row));
    }
    return out;
  };

  let first = true;
  for await (const batch of src.batches()) {
    if (cancelled()) throw cancelledError();
    if (first) {
      first = false;
      if (headerRow === undefined) headerRow = detectHeaderRow(batch.rows, defaultCountry);
      const h = headerRow >= 0 ? (batch.rows[headerRow] ?? []) : [];
      const width = Math.max(h.length, m.phone + 1, ...fieldCols.map(([col]) => col + 1), ...batch.rows.slice(0, 50).map((r) => r.length));
      // Copied: the header cells are slices of the first chunk.
      c.headers = JSON.parse(JSON.stringify(Array.from({ length: width }, (_, i) => (h[i] ?? '').trim() || `Coluna ${columnLetter(i)}`)));
    }
    const values = processBatch(batch.rows, batch.startRow);
    if (values.length > 0) await sink(values);
    tick?.(c);
  }
  return c;
}
