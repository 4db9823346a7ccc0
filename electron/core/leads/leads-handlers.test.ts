import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../core';
import { silentLogger } from '../log/logger';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { coreCaller } from '../../../tests/helpers/core';
import { DEFER_SEARCH_INDEX_FROM } from './merge';
import { backlogRanges } from './search-backlog';
import { importLeads } from './import';
import type { MethodInput, MethodName } from '../../../shared/api/contract';

let tmp: ReturnType<typeof makeTempDir>;
let core: Core;

beforeEach(() => {
  tmp = makeTempDir('recado-leads-api-');
  core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

const call = coreCaller(() => core);

async function callError(method: MethodName, input?: unknown): Promise<{ code: string; message: string }> {
  const reply = await core.dispatch(method, input);
  if (reply.ok) throw new Error(`${method} should have failed`);
  return reply.error as { code: string; message: string };
}

/** Records every event; `next` resolves with the first matching one (past or future). */
function recordEvents() {
  const seen: Array<{ name: string; payload: any }> = [];
  const waiters: Array<{ name: string; resolve(p: any): void }> = [];
  core.subscribe((name, payload) => {
    seen.push({ name, payload });
    for (const w of waiters.filter((x) => x.name === name)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(payload);
    }
  });
  return {
    seen,
    next(name: string): Promise<any> {
      const past = seen.find((e) => e.name === name);
      if (past) return Promise.resolve(past.payload);
      return new Promise((resolve) => waiters.push({ name, resolve }));
    },
  };
}

async function upload(fileName: string, data: Buffer, chunk = 7): Promise<string> {
  const { uploadId } = await call('uploads.begin', { fileName, size: data.length });
  for (let off = 0; off < data.length; off += chunk) {
    await call('uploads.chunk', { uploadId, offset: off, dataBase64: data.subarray(off, off + chunk).toString('base64') });
  }
  const { fileId } = await call('uploads.finish', { uploadId });
  return fileId;
}

/** Brazilian Excel "CSV (separado por vírgulas)": Windows-1252, ';', a title above the header. */
function excelCsv(): Buffer {
  const text = [
    'Relatório de clientes;;;',
    ';;;',
    'Nome;Celular;Cidade;E-mail',
    'João Gonçalves;(11) 98765-4321;São Paulo;joao@example.com',
    'Antônia Araújo;+55 21 99876-5432;Rio de Janeiro;',
    'Sem DDD;98765-4321;Campinas;',
    'Repetido;11987654321;Santos;',
    '=HYPERLINK("http://x");31 99999-0000;BH;',
  ].join('\r\n');
  return iconv.encode(text, 'win1252');
}

type ImportRequest = MethodInput<'leads.import'>;
const importRequest = (source: ImportRequest['source'], extra: Partial<ImportRequest> = {}): ImportRequest => ({
  source,
  mapping: { phone: 1, name: 0, email: 3, fields: { '2': 'cidade' } },
  list: { name: 'Clientes da loja' },
  consentSource: 'Clientes da loja',
  onExisting: 'update',
  ...extra,
});

async function importAndWait(req: ImportRequest): Promise<{ importId: string; report: any; events: ReturnType<typeof recordEvents> }> {
  const events = recordEvents();
  const { importId } = await call('leads.import', req);
  const outcome = await Promise.race([events.next('leads.importDone'), events.next('leads.importFailed').then((f) => Promise.reject(Object.assign(new Error(f.error.message), f.error)))]);
  return { importId, report: outcome.report, events };
}

describe('uploads', () => {
  it('stores a file sent in ordered chunks under the data dir and drops it on cancel', async () => {
    const data = Buffer.from('Nome,Telefone\nAna,11987654321\n');
    const fileId = await upload('clientes.csv', data, 5);
    const stored = path.join(tmp.dir, 'tmp', 'uploads', fileId, 'clientes.csv');
    expect(fs.readFileSync(stored)).toEqual(data);
    await call('uploads.cancel', { uploadId: fileId });
    expect(fs.existsSync(path.dirname(stored))).toBe(false);
    const err = await callError('leads.preview', { source: { fileId } });
    expect(err.code).toBe('uploads.not_found');
    expect(err.message).toMatch(/Escolha o arquivo de novo/);
  });

  it('refuses files over 500 MB, chunks out of order and unfinished uploads, in Portuguese', async () => {
    const big = await callError('uploads.begin', { fileName: 'enorme.csv', size: 600 * 1024 * 1024 });
    expect(big.code).toBe('uploads.too_large');
    expect(big.message).toMatch(/limite é 500 MB/);

    const { uploadId } = await call('uploads.begin', { fileName: 'a.csv', size: 10 });
    const skip = await callError('uploads.chunk', { uploadId, offset: 5, dataBase64: Buffer.from('abc').toString('base64') });
    expect(skip.code).toBe('uploads.out_of_order');
    await call('uploads.chunk', { uploadId, offset: 0, dataBase64: Buffer.from('abc').toString('base64') });
    const early = await callError('uploads.finish', { uploadId });
    expect(early.code).toBe('uploads.incomplete');
    const tooMuch = await callError('uploads.chunk', { uploadId, offset: 3, dataBase64: Buffer.from('0123456789').toString('base64') });
    expect(tooMuch.code).toBe('uploads.too_much');
  });

  it('clears uploads left over from a previous run at startup', async () => {
    await core.close();
    const leftover = path.join(tmp.dir, 'tmp', 'uploads', 'a'.repeat(32));
    fs.mkdirSync(leftover, { recursive: true });
    fs.writeFileSync(path.join(leftover, 'old.csv'), 'x');
    core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
    expect(fs.existsSync(leftover)).toBe(false);
  });
});

describe('leads.preview', () => {
  it('reads a Windows-1252 semicolon CSV with the header below a title, and proposes the mapping', async () => {
    const fileId = await upload('clientes.csv', excelCsv());
    const p = await call('leads.preview', { source: { fileId } });
    expect(p).toMatchObject({ fileName: 'clientes.csv', format: 'csv', encoding: 'windows1252', delimiter: ';', headerRow: 2 });
    expect(p.headers).toEqual(['Nome', 'Celular', 'Cidade', 'E-mail']);
    expect(p.rows[0]).toEqual(['João Gonçalves', '(11) 98765-4321', 'São Paulo', 'joao@example.com']);
    expect(p.suggestedMapping).toMatchObject({ phone: 1, name: 0, email: 3, fields: { '2': 'cidade' } });
  });

  it('previews pasted cells (tab-separated, as copied from a spreadsheet)', async () => {
    const p = await call('leads.preview', { source: { text: 'Nome\tWhatsApp\nMaria\t(21) 98888-7777\n' } });
    expect(p.format).toBe('text');
    expect(p.suggestedMapping.phone).toBe(1);
  });

  it('explains bad files in Portuguese: empty, binary; and does not keep them', async () => {
    const emptyId = await upload('vazio.csv', Buffer.alloc(0));
    const empty = await callError('leads.preview', { source: { fileId: emptyId } });
    expect(empty.code).toBe('import.empty_file');
    expect(empty.message).toMatch(/vazio/);
    expect(fs.existsSync(path.join(tmp.dir, 'tmp', 'uploads', emptyId))).toBe(false);
    const binary = await callError('leads.preview', { source: { fileId: await upload('foto.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3])) } });
    expect(binary.code).toBe('import.unsupported_file');
  });
});

describe('search after a big import', () => {
  it('finds the new contacts at once and builds their search index right after the import', async () => {
    const rows = DEFER_SEARCH_INDEX_FROM + 10;
    const csv = ['Nome;Celular;Cidade;E-mail', ...Array.from({ length: rows }, (_, i) => `Pessoa ${i} Araújo;11 9${String(70000000 + i)};Rio;p${i}@ex.com`)].join('\n');
    const fileId = await upload('grande.csv', Buffer.from(csv), 8 * 1024 * 1024);
    const { report } = await importAndWait(importRequest({ fileId }, { headerRow: 0 }));
    expect(report.imported).toBe(rows);
    // Whether the catch-up has got there yet or not, a search finds them.
    expect((await call('contacts.list', { search: `pessoa ${rows - 1} araujo` })).rows.map((r) => r.email)).toEqual([`p${rows - 1}@ex.com`]);
    await vi.waitFor(() => expect(backlogRanges(core.context.db)).toEqual([]), { timeout: 30_000, interval: 50 });
    const indexed = core.context.db.prepare(`SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH '"700"'`).pluck().get() as number;
    expect(indexed).toBeGreaterThan(0);
    expect((await call('contacts.list', { search: `pessoa ${rows - 1} araujo` })).rows.map((r) => r.email)).toEqual([`p${rows - 1}@ex.com`]);
  });

  it('finishes at start-up an index a previous run left behind (an import from the command line)', async () => {
    await core.close();
    // What `recado import` leaves: the contacts committed, their search entries still to come.
    const seeded = createCore({ dataDir: tmp.dir, mode: 'cli', logger: silentLogger() });
    const csv = ['Nome\tTelefone', ...Array.from({ length: 30 }, (_, i) => `Pessoa ${i}\t11 9${String(70000000 + i)}`)].join('\n');
    await importLeads(seeded.context.db, { text: csv }, { mapping: { phone: 1, name: 0, fields: {} }, list: { name: 'CLI' }, consentSource: 'CLI', onExisting: 'keep' }, { deferSearchIndexFrom: 1 });
    expect(backlogRanges(seeded.context.db)).toEqual([{ from: 0, through: 30 }]);
    await seeded.close();

    core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
    await vi.waitFor(() => expect(backlogRanges(core.context.db)).toEqual([]), { timeout: 30_000, interval: 50 });
    expect((await call('contacts.list', { search: 'pessoa 29' })).rows.map((r) => r.name)).toEqual(['Pessoa 29']);
  });
});

describe('leads.import', () => {
  it('imports in the worker with progress events and a report, then removes the uploaded copy', async () => {
    const fileId = await upload('clientes.csv', excelCsv());
    const { report, events } = await importAndWait(importRequest({ fileId }, { headerRow: 2 }));
    expect(report).toMatchObject({ listName: 'Clientes da loja', rowsRead: 5, imported: 3, duplicates: 1, invalid: 1, fileName: 'clientes.csv' });
    expect(report.rejected[0]).toMatchObject({ row: 6, reason: 'no_area_code' });
    expect(events.seen.some((e) => e.name === 'leads.importProgress' && typeof e.payload.percent === 'number')).toBe(true);
    expect(events.seen.some((e) => e.name === 'contacts.changed')).toBe(true);
    expect(fs.existsSync(path.join(tmp.dir, 'tmp', 'uploads', fileId))).toBe(false);

    const found = await call('contacts.list', { search: 'João' });
    expect(found.total).toBe(1);
    expect(found.rows[0]).toMatchObject({ name: 'João Gonçalves', phoneDisplay: '+55 (11) 98765-4321', consentSource: 'Clientes da loja', fields: { cidade: 'São Paulo' } });
    expect(found.rows[0].lists).toEqual([{ id: report.listId, name: 'Clientes da loja' }]);

    // The campaign wizard reads { id, name, count }.
    const lists = await call('lists.list');
    expect(lists).toEqual([expect.objectContaining({ id: report.listId, name: 'Clientes da loja', count: 3, total: 3 })]);

    const current = await call('leads.currentImport');
    expect(current).toMatchObject({ state: 'done', report: { imported: 3 } });
  });

  it('offers the rejected rows as CSV with the reason', async () => {
    const { importId } = await importAndWait(importRequest({ text: iconv.decode(excelCsv(), 'win1252') }, { headerRow: 2 }));
    const r = await call('leads.rejectedCsv', { importId });
    expect(r.fileName).toBe('linhas-rejeitadas-texto-colado.csv');
    expect(r.rows).toBe(1);
    const lines = r.csv.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('Nome;Celular;Cidade;E-mail;Linha na planilha;Motivo');
    expect(lines[1]).toMatch(/^Sem DDD;98765-4321;Campinas;;6;Número sem DDD/);
  });

  it('cancelling leaves nothing behind', async () => {
    const events = recordEvents();
    const { importId } = await call('leads.import', importRequest({ text: iconv.decode(excelCsv(), 'win1252') }, { headerRow: 2 }));
    await call('leads.cancelImport', { importId });
    const failed = await events.next('leads.importFailed');
    expect(failed).toMatchObject({ importId, error: { code: 'import.cancelled' } });
    expect(failed.error.message).toMatch(/Nenhum contato foi alterado/);
    expect((await call('contacts.list', {})).total).toBe(0);
    expect(await call('lists.list')).toEqual([]);
  });

  it('deletes the uploaded file when the import is cancelled or fails', async () => {
    const events = recordEvents();
    const big = ['Nome;Celular;Cidade;E-mail', ...Array.from({ length: 30_000 }, (_, i) => `Pessoa ${i};11 9${String(70000000 + i)};Rio;`)].join('\n');
    const fileId = await upload('grande.csv', Buffer.from(big), 4 * 1024 * 1024);
    const dir = path.join(tmp.dir, 'tmp', 'uploads', fileId);
    expect(fs.existsSync(dir)).toBe(true);
    const { importId } = await call('leads.import', importRequest({ fileId }, { headerRow: 0 }));
    await call('leads.cancelImport', { importId });
    expect(await events.next('leads.importFailed')).toMatchObject({ importId, error: { code: 'import.cancelled' } });
    expect(fs.existsSync(dir)).toBe(false);

    const failing = recordEvents();
    const second = await upload('clientes.csv', excelCsv());
    const job = await call('leads.import', importRequest({ fileId: second }, { headerRow: 2, list: { id: 999 } }));
    expect(await failing.next('leads.importFailed')).toMatchObject({ importId: job.importId, error: { code: 'import.list_not_found' } });
    expect(fs.existsSync(path.join(tmp.dir, 'tmp', 'uploads', second))).toBe(false);
    expect(fs.readdirSync(path.join(tmp.dir, 'tmp', 'uploads'))).toEqual([]);
  });

  it('runs one import at a time and reports a failure as an event, writing nothing', async () => {
    const events = recordEvents();
    const first = await call('leads.import', importRequest({ text: 'Nome;Celular\nAna;11987654321\n' }, { mapping: { phone: 1, fields: {} }, list: { id: 999 } }));
    const busy = await callError('leads.import', importRequest({ text: 'a;b' }));
    expect(busy.code).toBe('import.busy');
    expect(busy.message).toMatch(/Já há uma importação em andamento/);
    const failed = await events.next('leads.importFailed');
    expect(failed).toMatchObject({ importId: first.importId, error: { code: 'import.list_not_found' } });
    expect(failed.error.message).toMatch(/lista escolhida não existe/);
    expect((await call('contacts.list', {})).total).toBe(0);
  });

  it('requires the consent source', async () => {
    const err = await callError('leads.import', importRequest({ text: 'x' }, { consentSource: ' ' }));
    expect(err.code).toBe('api.invalid_input');
    expect(err.message).toMatch(/de onde vieram/);
  });
});

describe('contacts, lists and tags', () => {
  async function seed(n: number): Promise<number> {
    const lines = ['Nome;Telefone;Empresa'];
    for (let i = 0; i < n; i++) lines.push(`Pessoa ${String(i).padStart(3, '0')};11 9${String(70000000 + i)};${i % 2 ? '+SOMA(1,2)' : 'Loja'}`);
    const { report } = await importAndWait({
      source: { text: lines.join('\n') },
      mapping: { phone: 1, name: 0, fields: { '2': 'empresa' } },
      list: { name: 'Base' },
      consentSource: 'Formulário do site',
      onExisting: 'keep',
    });
    return report.listId;
  }

  it('pages by offset and by keyset, skips the count on demand, searches by phone and filters', async () => {
    const listId = await seed(250);
    const p1 = await call('contacts.list', { limit: 100 });
    expect(p1.total).toBe(250);
    expect(p1.rows).toHaveLength(100);
    const p2 = await call('contacts.list', { limit: 100, afterId: p1.rows[99].id, withTotal: false });
    expect(p2.total).toBeNull();
    const byOffset = await call('contacts.list', { limit: 100, offset: 100 });
    expect(p2.rows.map((r: any) => r.id)).toEqual(byOffset.rows.map((r: any) => r.id));
    const last = await call('contacts.list', { limit: 100, offset: 200 });
    expect(last.rows.map((r: any) => r.name).at(-1)).toBe('Pessoa 249');

    const phone = await call('contacts.list', { search: '(11) 97000-0007' });
    expect(phone.rows.map((r: any) => r.name)).toEqual(['Pessoa 007']);

    const target = phone.rows[0].id;
    await call('contacts.update', { id: target, patch: { status: 'opted_out' } });
    expect((await call('contacts.list', { status: 'opted_out' })).rows.map((r: any) => r.id)).toEqual([target]);
    expect((await call('contacts.list', { status: 'active', listId })).total).toBe(249);

    const { tagId } = await call('contacts.addTag', { contactIds: [target], name: 'VIP' });
    expect((await call('contacts.list', { tag: tagId })).total).toBe(1);
    expect(await call('tags.list')).toEqual([{ id: tagId, name: 'VIP', count: 1 }]);
    await call('contacts.removeTag', { contactId: target, tagId });
    expect((await call('contacts.list', { tag: tagId })).total).toBe(0);
  });

  it('tagging a contact that does not exist answers not found and creates no tag', async () => {
    await seed(2);
    const missing = await callError('contacts.addTag', { contactIds: [987654], name: 'Fantasma' });
    expect(missing.code).toBe('contacts.not_found');
    expect(missing.message).toMatch(/não existe mais/);
    const mixed = await callError('contacts.addTag', { contactIds: [1, 987654], name: 'Fantasma' });
    expect(mixed.code).toBe('contacts.not_found');
    expect(mixed.message).toMatch(/Um dos contatos/);
    expect(await call('tags.list')).toEqual([]);
  });

  it('edits, exports one contact (LGPD) and deletes it with its data', async () => {
    await seed(3);
    const [c] = (await call('contacts.list', { search: 'Pessoa 001' })).rows;
    const edited = await call('contacts.update', { id: c.id, patch: { name: 'Ana Souza', email: 'ANA@EXEMPLO.COM', fields: { empresa: 'Padaria' } } });
    expect(edited).toMatchObject({ name: 'Ana Souza', firstName: 'Ana', email: 'ana@exemplo.com', fields: { empresa: 'Padaria' } });
    const taken = await callError('contacts.update', { id: c.id, patch: { phone: '11 97000-0000' } });
    expect(taken.code).toBe('contacts.phone_taken');

    const one = await call('contacts.exportOne', { id: c.id });
    expect(one.fileName).toBe(`contato-${c.id}-dados.json`);
    expect(one.contact).toMatchObject({ name: 'Ana Souza', consentSource: 'Formulário do site', lists: [{ name: 'Base' }] });

    await call('contacts.delete', { id: c.id });
    expect((await callError('contacts.get', { id: c.id })).code).toBe('contacts.not_found');
    expect((await call('lists.list'))[0].total).toBe(2);
  });

  it('creates, renames and deletes lists; deleting keeps the contacts unless asked', async () => {
    const listId = await seed(4);
    const other = await call('lists.create', { name: 'Promoção' });
    expect((await callError('lists.create', { name: 'promoção' })).code).toBe('lists.name_taken');
    await call('lists.rename', { id: other.id, name: 'Promoção de maio' });
    expect((await call('lists.list')).map((l: any) => l.name)).toEqual(['Base', 'Promoção de maio']);
    expect(await call('lists.delete', { id: listId })).toEqual({ deletedContacts: 0 });
    expect((await call('contacts.list', {})).total).toBe(4);

    const again = await seed(4);
    expect(await call('lists.delete', { id: again, deleteContacts: true })).toEqual({ deletedContacts: 4 });
    expect((await call('contacts.list', {})).total).toBe(0);
  });

  it('exports the filtered contacts as a one-time download, with formulas neutralized (CSV and XLSX)', async () => {
    await seed(4);
    const csv = await call('contacts.export', { format: 'csv', filter: { search: 'Pessoa' } });
    expect(csv).toMatchObject({ status: 'download', rows: 4 });
    if (csv.status !== 'download') throw new Error('not a download');
    expect(csv.fileName).toMatch(/^contatos-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readDownload(csv.url);
    expect(text).toContain("'+SOMA(1,2)");
    expect(text).not.toMatch(/;\+SOMA/);

    const xlsx = await call('contacts.export', { format: 'xlsx' });
    if (xlsx.status !== 'download') throw new Error('not a download');
    const wb = XLSX.read(Buffer.from(await readDownload(xlsx.url, 'binary'), 'binary'));
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
    expect(rows.flat()).toContain("'+SOMA(1,2)");
    // Used once: the link does not work twice.
    expect(core.services.downloads.take(xlsx.url.split('/').pop()!)).toBeNull();
  });

  it('browser mode never writes to a path the request names', async () => {
    await seed(1);
    await expect(call('contacts.export', { format: 'csv', target: '/tmp/qualquer.csv' })).rejects.toMatchObject({ code: 'files.target_not_allowed' });
  });
});

async function readDownload(url: string, encoding: BufferEncoding = 'utf8'): Promise<string> {
  const d = core.services.downloads.take(url.split('/').pop()!);
  if (!d) throw new Error('no download');
  const chunks: Buffer[] = [];
  for await (const c of d.stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString(encoding);
}
