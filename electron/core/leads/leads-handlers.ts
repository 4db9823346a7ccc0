import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CountryCode } from '../../../shared/phone';
import { ApiError, type ErrorParams } from '../../../shared/api/errors';
import type { ImportJob, ImportProgressEvent } from '../../../shared/api/methods/leads';
import type { Downloads } from '../backup/downloads';
import type { CoreContext } from '../context';
import { chosenSaveTarget } from '../portability/save-target';
import type { Handlers } from '../rpc/dispatcher';
import { UploadStore } from '../uploads/upload-store';
import { uploadHandlers } from '../uploads/upload-handlers';
import {
  createList,
  deleteContact,
  deleteList,
  exportContact,
  exportContacts,
  getContact,
  isImportError,
  listContacts,
  listLists,
  listTags,
  previewSource,
  rejectedCsv,
  renameList,
  runImportInWorker,
  tagContacts,
  untagContact,
  updateContact,
  type ImportInput,
  type ImportOptions,
  type ImportReport,
} from '.';
import { SearchIndexer } from './search-indexer';

type LeadsMethods =
  | 'uploads.begin'
  | 'uploads.chunk'
  | 'uploads.finish'
  | 'uploads.cancel'
  | 'leads.preview'
  | 'leads.import'
  | 'leads.cancelImport'
  | 'leads.currentImport'
  | 'leads.rejectedCsv'
  | 'lists.list'
  | 'lists.create'
  | 'lists.rename'
  | 'lists.delete'
  | 'tags.list'
  | 'contacts.list'
  | 'contacts.get'
  | 'contacts.update'
  | 'contacts.delete'
  | 'contacts.exportOne'
  | 'contacts.export'
  | 'contacts.addTag'
  | 'contacts.removeTag';

/** Reports sent in events carry this many rejected rows; the CSV download has them all. */
const REPORT_SAMPLE = 200;
const KEEP_FINISHED_JOBS = 5;
const EXPORTS_DIR = 'exports';
/** Preview failures that no other option fixes: the uploaded copy is dropped at once. */
const UNREADABLE = new Set<string>(['import.too_large', 'import.corrupt_file', 'import.unsupported_file', 'import.empty_file', 'import.bad_encoding', 'import.encrypted_xlsx', 'import.line_too_long']);

interface Job {
  id: string;
  state: 'running' | 'done' | 'failed';
  fileName: string | null;
  fileId: string | null;
  progress: ImportProgressEvent | null;
  report: ImportReport | null;
  error: { code: string; message: string; params?: ErrorParams } | null;
  abort: AbortController;
  settled: Promise<void>;
}

/** The report as the UI sees it: counts plus a sample of the rejected rows. */
export function reportForUi(r: ImportReport): ImportReport {
  if (r.rejected.length <= REPORT_SAMPLE) return r;
  return { ...r, rejected: r.rejected.slice(0, REPORT_SAMPLE), rejectedOmitted: r.rejectedOmitted + r.rejected.length - REPORT_SAMPLE };
}

function day(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export interface LeadsHandlerOptions {
  uploads?: UploadStore;
}

/**
 * Lead import over the API (chunked uploads, preview, import jobs in a worker thread with
 * progress events) and the contacts, lists and tags it feeds.
 */
export function leadsHandlers(ctx: CoreContext, downloads: Downloads, options: LeadsHandlerOptions = {}): Pick<Handlers, LeadsMethods> {
  const db = ctx.db;
  const uploads = options.uploads ?? new UploadStore(path.join(ctx.dataDir, 'tmp', 'uploads'));
  // The CLI may run next to the app: never wipe the app's uploads from there. The app clears
  // what a previous run left, then drops uploads abandoned after a preview as it goes.
  let stopSweeping = () => {};
  if (ctx.mode !== 'cli') {
    uploads.clear();
    stopSweeping = uploads.startSweeping();
  }

  let running: Job | null = null;
  const finished: Job[] = [];
  const changed = (reason: 'import' | 'update' | 'delete' | 'lists' | 'tags') => ctx.events.emit('contacts.changed', { reason });
  const country = (c: string | undefined) => (c ?? ctx.settings.get().defaultCountry ?? 'BR') as CountryCode;

  // Contacts a big import left without search entries get them in the background. The CLI never
  // starts it: it may run beside the app, which does.
  const indexer = new SearchIndexer(db, ctx.logger);
  if (ctx.mode !== 'cli') indexer.kick();

  ctx.onClose(async () => {
    stopSweeping();
    const job = running;
    if (job) {
      job.abort.abort();
      await job.settled;
    }
    await indexer.close();
    if (ctx.mode !== 'cli') uploads.clear();
  });

  function findJob(id: string): Job | undefined {
    if (running?.id === id) return running;
    return finished.find((j) => j.id === id);
  }

  function jobView(j: Job): ImportJob {
    return { importId: j.id, state: j.state, fileName: j.fileName, progress: j.progress, report: j.report ? reportForUi(j.report) : null, error: j.error };
  }

  function inputFor(source: { fileId: string } | { text: string }): { input: ImportInput; fileName: string | null; fileId: string | null } {
    if ('fileId' in source) {
      const { file, fileName } = uploads.pathOf(source.fileId);
      return { input: { path: file }, fileName, fileId: source.fileId };
    }
    return { input: { text: source.text }, fileName: null, fileId: null };
  }

  return {
    ...uploadHandlers(uploads),

    'leads.preview': async ({ source, sheet, headerRow, encoding, delimiter, defaultCountry }) => {
      const { input, fileName, fileId } = inputFor(source);
      const opts = { sheet, headerRow, encoding, delimiter, defaultCountry: country(defaultCountry) };
      try {
        // Spreadsheets are read in a worker thread: the core's thread keeps serving (and sending).
        const preview = await previewSource(input, opts);
        return { ...preview, fileName: fileName ?? undefined };
      } catch (err) {
        // A file that can never be read is not kept (another sheet or header row can be tried).
        if (fileId && isImportError(err) && UNREADABLE.has(err.code)) uploads.remove(fileId);
        throw err;
      }
    },

    'leads.import': (req) => {
      if (running) {
        throw new ApiError('import.busy', 'Já há uma importação em andamento. Espere ela terminar ou cancele-a antes de começar outra.');
      }
      const { input, fileName, fileId } = inputFor(req.source);
      const opts: ImportOptions = {
        sheet: req.sheet,
        headerRow: req.headerRow,
        encoding: req.encoding,
        delimiter: req.delimiter,
        mapping: req.mapping,
        filter: req.filter,
        list: req.list,
        consentSource: req.consentSource,
        onExisting: req.onExisting,
        defaultCountry: country(req.defaultCountry),
      };
      const id = crypto.randomBytes(8).toString('hex');
      const abort = new AbortController();
      const job: Job = { id, state: 'running', fileName, fileId, progress: null, report: null, error: null, abort, settled: Promise.resolve() };
      running = job;
      const release = fileId ? uploads.hold(fileId) : () => {};
      // Done, failed or cancelled, the uploaded copy of the spreadsheet goes before anyone is
      // told: personal data should not outlive its use. Another try means choosing the file again.
      const dropUpload = () => {
        release();
        try {
          if (fileId) uploads.remove(fileId);
        } catch (err) {
          // Held open by another program (Windows): the sweep or the next start removes it.
          ctx.logger.warn({ err: (err as Error).message }, 'could not remove an uploaded file');
        }
      };
      ctx.logger.info({ importId: id, source: fileId ? 'file' : 'paste' }, 'import started');
      job.settled = runImportInWorker(db.name, input, opts, {
        signal: abort.signal,
        onProgress: (p) => {
          job.progress = { importId: id, ...p };
          ctx.events.emit('leads.importProgress', job.progress);
        },
      })
        .then((report) => {
          dropUpload();
          job.state = 'done';
          job.report = report;
          ctx.logger.info(
            { importId: id, rowsRead: report.rowsRead, imported: report.imported, updated: report.updated, invalid: report.invalid, durationMs: report.durationMs },
            'import done',
          );
          ctx.events.emit('leads.importDone', { importId: id, report: reportForUi(report) });
          changed('import');
          indexer.kick();
        })
        .catch((err: unknown) => {
          dropUpload();
          job.state = 'failed';
          job.error = isImportError(err)
            ? { code: err.code, message: err.message, ...(err.params ? { params: err.params } : {}) }
            : { code: 'import.failed', message: 'A importação falhou e nenhum contato foi alterado. Tente de novo.' };
          if (!isImportError(err)) ctx.logger.error({ err, importId: id }, 'import failed');
          else ctx.logger.info({ importId: id, code: err.code }, 'import stopped');
          ctx.events.emit('leads.importFailed', { importId: id, error: job.error });
        })
        .finally(() => {
          if (running === job) running = null;
          finished.unshift(job);
          finished.splice(KEEP_FINISHED_JOBS);
        });
      return { importId: id };
    },

    'leads.cancelImport': ({ importId }) => {
      if (running?.id === importId) running.abort.abort();
      return { ok: true as const };
    },

    'leads.currentImport': () => {
      const j = running ?? finished[0];
      return j ? jobView(j) : null;
    },

    'leads.rejectedCsv': ({ importId }) => {
      let report: ImportReport | null = typeof importId === 'string' ? (findJob(importId)?.report ?? null) : null;
      if (!report) {
        const logId = typeof importId === 'number' ? importId : /^\d+$/.test(importId) ? Number(importId) : null;
        const stored = logId === null ? undefined : (db.prepare('SELECT report FROM imports WHERE id = ?').pluck().get(logId) as string | null | undefined);
        if (stored) report = JSON.parse(stored) as ImportReport;
      }
      if (!report) throw new ApiError('import.not_found', 'Não encontramos esta importação. Ela pode ser de antes de o Recado ser reiniciado.');
      const base = (report.fileName ?? 'texto-colado').replace(/\.[^.]+$/, '');
      return { fileName: `linhas-rejeitadas-${base}.csv`, csv: rejectedCsv(report), rows: report.rejected.length };
    },

    'lists.list': () => listLists(db).map((l) => ({ ...l, count: l.active })),
    'lists.create': ({ name }) => {
      const l = createList(db, name);
      changed('lists');
      return l;
    },
    'lists.rename': ({ id, name }) => {
      renameList(db, id, name);
      changed('lists');
      return { ok: true as const };
    },
    'lists.delete': ({ id, deleteContacts }) => {
      const r = deleteList(db, id, { deleteContacts });
      changed('lists');
      return r;
    },

    'tags.list': () => listTags(db),

    'contacts.list': ({ search, listId, tag, status, offset, afterId, limit, withTotal }) => {
      // A search reads what the index lacks directly, which is slower: make sure it is being filled.
      if (search && ctx.mode !== 'cli') indexer.kick();
      const page = listContacts(db, { search, listId, tag, status, offset, afterId, limit, withTotal });
      const ids = page.rows.map((r) => r.id);
      const lists = new Map<number, Array<{ id: number; name: string }>>();
      if (ids.length > 0) {
        const rows = db
          .prepare(
            `SELECT cl.contact_id AS cid, l.id AS id, l.name AS name FROM contact_lists cl JOIN lists l ON l.id = cl.list_id
             WHERE cl.contact_id IN (SELECT value FROM json_each(?)) ORDER BY l.name`,
          )
          .all(JSON.stringify(ids)) as Array<{ cid: number; id: number; name: string }>;
        for (const r of rows) {
          let a = lists.get(r.cid);
          if (!a) lists.set(r.cid, (a = []));
          a.push({ id: r.id, name: r.name });
        }
      }
      return { rows: page.rows.map((c) => ({ ...c, lists: lists.get(c.id) ?? [] })), total: page.total, totalCapped: page.totalCapped };
    },
    'contacts.get': ({ id }) => getContact(db, id),
    'contacts.update': ({ id, patch }) => {
      const c = updateContact(db, id, patch);
      changed('update');
      return c;
    },
    'contacts.delete': ({ id }) => {
      deleteContact(db, id);
      ctx.logger.info({ contactId: id }, 'contact deleted on request');
      changed('delete');
      return { ok: true as const };
    },
    'contacts.exportOne': ({ id }) => {
      const data = exportContact(db, id);
      return { fileName: `contato-${id}-dados.json`, ...data };
    },
    'contacts.export': async ({ filter, format, target }) => {
      const fileName = `contatos-${day()}.${format}`;
      let file: string;
      let temporary = false;
      if (target) {
        file = chosenSaveTarget(ctx.mode, target, `.${format}`);
      } else if (ctx.mode === 'browser') {
        const dir = path.join(ctx.dataDir, EXPORTS_DIR, '.pending');
        fs.mkdirSync(dir, { recursive: true });
        file = path.join(dir, `${crypto.randomUUID()}.${format}`);
        temporary = true;
      } else {
        const dir = path.join(ctx.dataDir, EXPORTS_DIR);
        fs.mkdirSync(dir, { recursive: true });
        file = path.join(dir, fileName);
      }
      let rows: number;
      try {
        ({ rows } = await exportContacts(db, filter ?? {}, format, file));
      } catch (err) {
        if (temporary) fs.rmSync(file, { force: true });
        throw err;
      }
      const bytes = fs.statSync(file).size;
      ctx.logger.info({ rows, format }, 'contacts exported');
      if (temporary) return { status: 'download' as const, url: downloads.register(file, fileName, { temporary: true }), fileName, bytes, rows };
      return { status: 'saved' as const, file, fileName: path.basename(file), bytes, rows };
    },
    'contacts.addTag': ({ contactIds, name }) => {
      const tagId = tagContacts(db, contactIds, name);
      changed('tags');
      return { tagId };
    },
    'contacts.removeTag': ({ contactId, tagId }) => {
      untagContact(db, contactId, tagId);
      changed('tags');
      return { ok: true as const };
    },
  };
}
