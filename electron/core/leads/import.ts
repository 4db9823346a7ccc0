import type { Database } from 'better-sqlite3';
import { CONTACTS_PHONE_INDEX, CREATE_CONTACTS_PHONE_INDEX } from '../db/migrations/0002_contacts';
import { insertContactsInBulk } from './contact-totals';
import { cancelledError, ImportError } from './errors';
import type { ImportHooks, ImportOptions, ImportReport } from './import-types';
import { resolveListForImport } from './lists';
import type { FileFormat } from './parse/sniff';
import { inputName, openSource, type ImportInput, type RowSource } from './parse/source';
import { readRows, STAGE_COLS, type RowCounters } from './rows';
import type { ImportWarning } from './parse/warnings';

export type { ImportHooks, ImportOptions, ImportProgress, ImportReport, RejectedRow } from './import-types';
export type { ImportInput } from './parse/source';
export { MAX_REJECTED } from './rows';

const PROGRESS_EVERY_MS = 200;
/** SQLite page cache during the final save. */
const MERGE_CACHE_KIB = 32 * 1024;
/** From this many rows into an empty table, rebuilding the phone index in one sort is cheaper. */
const REBUILD_INDEX_FROM = 20_000;
/** Rows per multi-row INSERT into the stage: binding is the cost, not SQLite. */
const STAGE_ROWS_PER_STMT = 64;

type Counters = RowCounters;
interface SourceMeta {
  format: FileFormat;
  encoding?: RowSource['encoding'];
  sheet?: string;
  fileName?: string;
  warnings: ImportWarning[];
}

/**
 * Imports leads from a file or pasted text into a list. All-or-nothing: valid, deduplicated
 * rows are first staged in a TEMP table of this connection (the shared database stays unlocked
 * while a big file is read), then merged with set-based SQL in one IMMEDIATE transaction.
 * Cancelling or failing at any point leaves the database untouched.
 */
export async function importLeads(db: Database, input: ImportInput, options: ImportOptions, hooks: ImportHooks = {}): Promise<ImportReport> {
  const started = Date.now();
  const cancelled = () => !!hooks.signal?.aborted || !!hooks.isCancelled?.();
  validateOptions(options);
  if (cancelled()) throw cancelledError();

  const stage = `import_stage_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  let staged = false;
  try {
    db.exec(`CREATE TEMP TABLE ${stage} (key TEXT NOT NULL, kind TEXT NOT NULL, name TEXT, first_name TEXT, email TEXT, fields TEXT)`);
    staged = true;
    const writer = stageWriter(db, stage);
    const progress = progressEmitter(hooks, started);
    // UTF-8 and Windows-1252 are decoded by content, line by line (see parse/encoding.ts), so
    // a file that changes encoding after its first megabyte is read in one pass.
    const src = await openSource(input, { sheet: options.sheet, encoding: options.encoding, delimiter: options.delimiter });
    progress(0, 0, true);
    const counters: Counters = await readRows(src, options, cancelled, writer, (c) => progress(c.rowsRead, src.progress(), false));
    const meta: SourceMeta = {
      format: src.format,
      encoding: src.effectiveEncoding?.() ?? src.encoding,
      sheet: src.sheet,
      fileName: src.fileName,
      warnings: src.warnings(),
    };
    progress(counters.rowsRead, 1, true);
    if (cancelled()) throw cancelledError();
    return mergeStage(db, stage, meta, input, options, counters, hooks, cancelled, started);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError('import.failed', 'A importação falhou e nenhum contato foi alterado. Tente de novo; se continuar, salve a planilha como "CSV UTF-8" e importe esse arquivo.', {
      cause: String((err as Error)?.message ?? err).slice(0, 300),
    });
  } finally {
    if (staged) {
      try {
        db.exec(`DROP TABLE IF EXISTS temp.${stage}`);
      } catch {
        // Connection closed: the TEMP table went with it.
      }
    }
  }
}

function validateOptions(o: ImportOptions): void {
  const m = o?.mapping;
  if (!m || !Number.isInteger(m.phone) || m.phone < 0) {
    throw new ImportError('import.no_phone_column', 'Escolha qual coluna tem o telefone (WhatsApp) dos contatos antes de importar.');
  }
  for (const c of [m.name, m.email, m.areaCode, o.filter?.column, ...Object.keys(m.fields ?? {}).map(Number)]) {
    if (c !== undefined && (!Number.isInteger(c) || c < 0)) {
      throw new ImportError('import.bad_mapping', 'O mapeamento de colunas está inválido. Volte à etapa anterior e escolha as colunas de novo.', undefined, { variant: 'columns' });
    }
  }
  for (const key of Object.values(m.fields ?? {})) {
    if (!/^[a-z0-9_]{1,60}$/.test(key)) {
      throw new ImportError('import.bad_mapping', `O nome de campo "${key}" não pode ser usado: use só letras minúsculas sem acento, números e _.`, { key }, { variant: 'field', key });
    }
  }
  const list = o.list as { id?: unknown; name?: unknown } | undefined;
  if (!list || (list.id === undefined && !String(list.name ?? '').trim())) {
    throw new ImportError('import.bad_mapping', 'Escolha uma lista existente ou dê um nome para a nova lista.', undefined, { variant: 'list' });
  }
}

/** Writes flat batches (STAGE_COLS values per contact) into the stage, one transaction each. */
function stageWriter(db: Database, stage: string): (values: unknown[]) => void {
  const tuple = '(' + Array(STAGE_COLS).fill('?').join(', ') + ')';
  const one = db.prepare(`INSERT INTO temp.${stage} VALUES ${tuple}`);
  const many = db.prepare(`INSERT INTO temp.${stage} VALUES ` + Array(STAGE_ROWS_PER_STMT).fill(tuple).join(', '));
  const chunk = STAGE_ROWS_PER_STMT * STAGE_COLS;
  return db.transaction((values: unknown[]) => {
    let k = 0;
    for (; k + chunk <= values.length; k += chunk) many.run(values.slice(k, k + chunk));
    for (; k < values.length; k += STAGE_COLS) one.run(values.slice(k, k + STAGE_COLS));
  });
}

function progressEmitter(hooks: ImportHooks, started: number): (rowsRead: number, fraction: number, force: boolean) => void {
  let last = 0;
  return (rowsRead, fraction, force) => {
    const now = Date.now();
    if (!hooks.onProgress || (!force && now - last < PROGRESS_EVERY_MS)) return;
    last = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    // Reading is ~60% of the work; the save takes the rest.
    const eta = fraction > 0.02 ? Math.max(0, (secs / fraction) * (1 - fraction) + (secs / fraction) * 0.6) : null;
    hooks.onProgress({
      phase: 'reading',
      rowsRead,
      percent: Math.round(fraction * 60 * 10) / 10,
      rowsPerSecond: Math.round(rowsRead / secs),
      etaSeconds: eta === null ? null : Math.round(eta),
    });
  };
}

function mergeStage(
  db: Database,
  stage: string,
  src: SourceMeta,
  input: ImportInput,
  options: ImportOptions,
  c: Counters,
  hooks: ImportHooks,
  cancelled: () => boolean,
  started: number,
): ImportReport {
  const now = Date.now();
  const step = (percent: number) => {
    if (cancelled()) throw cancelledError();
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    hooks.onProgress?.({ phase: 'saving', rowsRead: c.rowsRead, percent, rowsPerSecond: Math.round(c.rowsRead / secs), etaSeconds: null });
    // A progress callback may cancel (UI button, tests): honour it before going on.
    if (cancelled()) throw cancelledError();
  };
  step(60);
  const stagedCount = db.prepare(`SELECT count(*) FROM temp.${stage}`).pluck().get() as number;

  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  const cacheKib = cacheBefore < 0 ? -cacheBefore : (cacheBefore * 4096) / 1024;
  if (cacheKib < MERGE_CACHE_KIB) db.pragma(`cache_size = -${MERGE_CACHE_KIB}`);
  db.exec('BEGIN IMMEDIATE');
  try {
    const list = resolveListForImport(db, options.list, src.fileName ?? 'Texto colado', now);
    const maxIdBefore = db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck().get() as number;
    step(62);
    // File order: contact ids follow the spreadsheet. Existing phones are skipped here and
    // handled below. Into an empty table (the first big import) nothing can conflict, since the
    // stage is deduplicated: load without the phone index and build it once, sorted.
    const insertSql = `INSERT INTO contacts (phone_key, kind, name, first_name, email, fields, status, consent_source, consent_at, created_at, updated_at)
         SELECT key, kind, name, first_name, email, coalesce(fields, '{}'), 'active', ?, ?, ?, ?
         FROM temp.${stage} WHERE true`;
    const imported = insertContactsInBulk(db, () => {
      if (maxIdBefore === 0 && stagedCount >= REBUILD_INDEX_FROM && !db.prepare('SELECT 1 FROM contacts LIMIT 1').get()) {
        db.exec(`DROP INDEX ${CONTACTS_PHONE_INDEX}`);
        const n = db.prepare(insertSql).run(options.consentSource, now, now, now).changes;
        step(72);
        // The sorter keeps up to cache_size in memory: a small cache spills sorted runs to temp
        // files instead, which bounds the peak RSS for a small cost.
        db.pragma('cache_size = -8192');
        db.exec(CREATE_CONTACTS_PHONE_INDEX);
        db.pragma(`cache_size = -${Math.max(cacheKib, MERGE_CACHE_KIB)}`);
        return n;
      }
      return db.prepare(insertSql + ' ON CONFLICT (phone_key) DO NOTHING').run(options.consentSource, now, now, now).changes;
    });
    step(84);
    // New contacts are exactly the ids above the previous maximum.
    db.prepare('INSERT INTO contact_lists (list_id, contact_id) SELECT ?, id FROM contacts WHERE id > ?').run(list.id, maxIdBefore);
    step(92);

    let optedOut = 0;
    let matched = 0;
    if (imported < stagedCount) {
      const existing = `${stage}_existing`;
      // CROSS JOIN pins the loop order: scan the stage, probe the phone index.
      db.prepare(
        `CREATE TEMP TABLE ${existing} AS
         SELECT c.id AS id, c.status AS status, s.rowid AS sid
         FROM temp.${stage} s CROSS JOIN contacts c ON c.phone_key = s.key
         WHERE c.id <= ${Number(maxIdBefore)}`,
      ).run(); // CREATE TABLE ... AS takes no bound parameters
      try {
        optedOut = db.prepare(`SELECT count(*) FROM temp.${existing} WHERE status = 'opted_out'`).pluck().get() as number;
        matched = db.prepare(`SELECT count(*) FROM temp.${existing}`).pluck().get() as number;
        step(94);
        if (options.onExisting === 'update') {
          // Non-empty cells win; custom fields merge key by key. Status is never touched.
          db.prepare(
            `UPDATE contacts SET
               name = coalesce(u.name, contacts.name),
               first_name = CASE WHEN u.name IS NOT NULL THEN u.first_name ELSE contacts.first_name END,
               email = coalesce(u.email, contacts.email),
               fields = CASE WHEN u.fields IS NULL THEN contacts.fields ELSE json_patch(contacts.fields, u.fields) END,
               kind = u.kind,
               consent_source = coalesce(contacts.consent_source, ?),
               consent_at = coalesce(contacts.consent_at, ?),
               updated_at = ?
             FROM (SELECT e.id AS id, s.name AS name, s.first_name AS first_name, s.email AS email, s.fields AS fields, s.kind AS kind
                   FROM temp.${existing} e JOIN temp.${stage} s ON s.rowid = e.sid
                   WHERE e.status <> 'opted_out') AS u
             WHERE contacts.id = u.id`,
          ).run(options.consentSource, now, now);
        }
        step(97);
        db.prepare(`INSERT OR IGNORE INTO contact_lists (list_id, contact_id) SELECT ?, id FROM temp.${existing} ORDER BY id`).run(list.id);
      } finally {
        db.exec(`DROP TABLE IF EXISTS temp.${existing}`);
      }
    }

    const existingActive = matched - optedOut;
    const report: ImportReport = {
      importId: 0,
      listId: list.id,
      listName: list.name,
      format: src.format,
      encoding: src.encoding,
      sheet: src.sheet,
      fileName: inputName(input),
      rowsRead: c.rowsRead,
      imported,
      updated: options.onExisting === 'update' ? existingActive : 0,
      unchanged: options.onExisting === 'keep' ? existingActive : 0,
      duplicates: c.duplicates,
      invalid: c.invalid,
      optedOut,
      skippedByFilter: c.skippedByFilter,
      rejected: c.rejected,
      rejectedOmitted: c.rejectedOmitted,
      headers: c.headers,
      warnings: src.warnings,
      durationMs: Date.now() - started,
    };
    report.importId = Number(
      db
        .prepare(`INSERT INTO imports (list_id, file_name, started_at, finished_at, status, report) VALUES (?, ?, ?, ?, 'done', ?)`)
        .run(list.id, report.fileName ?? null, started, Date.now(), JSON.stringify(storedReport(report))).lastInsertRowid,
    );
    step(100);
    db.exec('COMMIT');
    return report;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    db.pragma(`cache_size = ${cacheBefore}`);
  }
}

/** The import log keeps the counts and a sample of the rejected rows. */
function storedReport(r: ImportReport): ImportReport {
  const keep = 1000;
  return { ...r, rejected: r.rejected.slice(0, keep), rejectedOmitted: r.rejectedOmitted + Math.max(0, r.rejected.length - keep) };
}
