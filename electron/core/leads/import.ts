import type { Database } from 'better-sqlite3';
import { assertFieldKey, cancelledError, ImportError } from './errors';
import type { ImportHooks, ImportOptions, ImportReport } from './import-types';
import { ContactMerge, type SaveStep } from './merge';
import { inputName, type ImportInput } from './parse/source';
import { readInline, type RowReader } from './read';
import { StageShaper } from './rows';
import { openStage, stageWriter, type Stage } from './stage';

export type { ImportHooks, ImportOptions, ImportProgress, ImportReport, RejectedRow } from './import-types';
export type { ImportInput } from './parse/source';
export { MAX_REJECTED } from './rows';

const PROGRESS_EVERY_MS = 200;
/**
 * The percent of an import that reading stands for, the rest being the save (merge.ts reports
 * its steps from here to 100). About half on a big CSV since the reading got its own thread.
 */
export const READ_SHARE = 50;

/**
 * Imports leads from a file or pasted text into a list, on this thread and connection.
 * All-or-nothing: valid, deduplicated rows are first staged in a temporary database attached to
 * this connection (stage.ts; the shared database stays unlocked while a big file is read), then
 * merged with set-based SQL in one IMMEDIATE transaction (merge.ts). Cancelling or failing at
 * any point leaves the database untouched. The app and the CLI run it in a worker thread
 * (worker.ts), with the reading in a second one (`reader`, read-thread.ts).
 */
export async function importLeads(db: Database, input: ImportInput, options: ImportOptions, hooks: ImportHooks = {}, reader: RowReader = readInline): Promise<ImportReport> {
  const started = Date.now();
  const cancelled = () => !!hooks.signal?.aborted || !!hooks.isCancelled?.();
  validateOptions(options);
  if (cancelled()) throw cancelledError();

  let stage: Stage | null = null;
  let merge: ContactMerge | null = null;
  try {
    stage = openStage(db);
    const write = stageWriter(db, stage.table);
    const shaper = new StageShaper();
    let stagedRows = 0;
    const progress = progressEmitter(hooks, started);
    let first = true;
    const { counters, meta } = await reader(input, options, cancelled, (kept) => void (stagedRows = write(shaper.shape(kept))), (rowsRead, fraction) => {
      shaper.expect(rowsRead, fraction);
      progress(rowsRead, fraction, first);
      first = false;
    });
    counters.duplicates += shaper.duplicates;
    progress(counters.rowsRead, 1, true);
    if (cancelled()) throw cancelledError();
    const step = saveStep(hooks, cancelled, started, counters.rowsRead);
    step(READ_SHARE);
    merge = new ContactMerge(db, stage.table, options, Date.now(), hooks.deferSearchIndexFrom);
    merge.begin(meta.fileName ?? 'Texto colado', stagedRows);
    step(READ_SHARE + 2);
    merge.mergeThrough(stagedRows, step);
    step(80);
    return merge.finish(meta, counters, step, started, inputName(input));
  } catch (err) {
    merge?.rollback();
    throw asImportError(err);
  } finally {
    stage?.discard();
  }
}

/** Anything but an ImportError becomes the generic "nothing was changed" one. */
export function asImportError(err: unknown): ImportError {
  if (err instanceof ImportError) return err;
  return new ImportError('import.failed', 'A importação falhou e nenhum contato foi alterado. Tente de novo; se continuar, salve a planilha como "CSV UTF-8" e importe esse arquivo.', {
    cause: String((err as Error)?.message ?? err).slice(0, 300),
  });
}

/** Progress of the save (after reading), honouring a cancel before and after each report. */
export function saveStep(hooks: ImportHooks, cancelled: () => boolean, started: number, rowsRead: number): SaveStep {
  return (percent) => {
    if (cancelled()) throw cancelledError();
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    hooks.onProgress?.({ phase: 'saving', rowsRead, percent, rowsPerSecond: Math.round(rowsRead / secs), etaSeconds: null });
    // A progress callback may cancel (UI button, tests): honour it before going on.
    if (cancelled()) throw cancelledError();
  };
}

export function validateOptions(o: ImportOptions): void {
  const m = o?.mapping;
  if (!m || !Number.isInteger(m.phone) || m.phone < 0) {
    throw new ImportError('import.no_phone_column', 'Escolha qual coluna tem o telefone (WhatsApp) dos contatos antes de importar.');
  }
  for (const c of [m.name, m.email, m.areaCode, o.filter?.column, ...Object.keys(m.fields ?? {}).map(Number)]) {
    if (c !== undefined && (!Number.isInteger(c) || c < 0)) {
      throw new ImportError('import.bad_mapping', 'O mapeamento de colunas está inválido. Volte à etapa anterior e escolha as colunas de novo.', undefined, { variant: 'columns' });
    }
  }
  for (const key of Object.values(m.fields ?? {})) assertFieldKey(key);
  const list = o.list as { id?: unknown; name?: unknown } | undefined;
  if (!list || (list.id === undefined && !String(list.name ?? '').trim())) {
    throw new ImportError('import.bad_mapping', 'Escolha uma lista existente ou dê um nome para a nova lista.', undefined, { variant: 'list' });
  }
}

/**
 * Progress while reading: `readShare` is the percent of the whole import the reading stands for
 * (the rest is the save), which the ETA assumes too.
 */
export function progressEmitter(hooks: ImportHooks, started: number, readShare = READ_SHARE): (rowsRead: number, fraction: number, force: boolean) => void {
  let last = 0;
  const saveFactor = (100 - readShare) / readShare;
  return (rowsRead, fraction, force) => {
    const now = Date.now();
    if (!hooks.onProgress || (!force && now - last < PROGRESS_EVERY_MS)) return;
    last = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    const readSecs = secs / Math.max(fraction, 1e-9);
    const eta = fraction > 0.02 ? Math.max(0, readSecs * (1 - fraction) + readSecs * saveFactor) : null;
    hooks.onProgress({
      phase: 'reading',
      rowsRead,
      percent: Math.round(fraction * readShare * 10) / 10,
      rowsPerSecond: Math.round(rowsRead / secs),
      etaSeconds: eta === null ? null : Math.round(eta),
    });
  };
}
