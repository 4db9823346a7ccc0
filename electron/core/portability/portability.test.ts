import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { exportAll } from './export-all';

const temp: string[] = [];
const cores: Core[] = [];
let previousAuto: string | undefined;
beforeAll(() => {
  previousAuto = process.env.RECADO_AUTO_BACKUP;
  process.env.RECADO_AUTO_BACKUP = 'off';
});
afterAll(() => {
  if (previousAuto === undefined) delete process.env.RECADO_AUTO_BACKUP;
  else process.env.RECADO_AUTO_BACKUP = previousAuto;
});
afterEach(async () => {
  for (const c of cores.splice(0)) {
    await new Promise((r) => setImmediate(r));
    await c.close();
  }
  temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-portability-'));
  temp.push(d);
  return d;
}

function start(mode: 'browser' | 'cli' = 'browser'): Core {
  const core = createCore({ dataDir: tmpDir(), mode });
  cores.push(core);
  return core;
}

const T = Date.parse('2025-03-10T12:00:00.000Z');

function seed(core: Core): void {
  const db = core.context.db;
  const insert = db.prepare('INSERT INTO contacts (phone_key, name, email, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  insert.run('+5511987654321', 'Ana Souza', 'ana@example.com', JSON.stringify({ cidade: 'São Paulo' }), T, T);
  insert.run('+5521912345678', '=HYPERLINK("http://mal.example","clique")', null, '{}', T, T);
  insert.run('+5531998765432', '@SUM(1+1)', null, '{}', T, T);
  insert.run('+5541988887777', 'João; "o Zé"', null, '{}', T, T);
  db.prepare('INSERT INTO lists (name, created_at) VALUES (?, ?)').run('Clientes VIP', T);
  db.prepare('INSERT INTO contact_lists (list_id, contact_id) VALUES (1, 1), (1, 2)').run();
  core.context.secrets.set('ai.apiKey', 'sk-secreta-nao-exportar');
}

function unzip(file: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(fs.readFileSync(file)));
}

function csvRows(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('utf8');
  expect(text.startsWith('\ufeff')).toBe(true); // Excel reads UTF-8 only with the BOM
  return text.slice(1).split('\r\n').filter(Boolean);
}

describe('export everything (LGPD portability)', () => {
  it('puts every table in one zip as CSV and XLSX, with formulas neutralised and secrets left out', async () => {
    const core = start('cli');
    seed(core);
    // A table another capability added at run time: exported too, under its own name.
    core.context.db.exec("CREATE TABLE IF NOT EXISTS future_feature (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO future_feature (note) VALUES ('-cmd')");
    const out = path.join(tmpDir(), 'export.zip');
    const result = await exportAll(path.join(core.context.dataDir, 'recado.db'), out);
    expect(result.tables).toMatchObject({ contacts: 4, lists: 1, contact_lists: 2, future_feature: 1 });
    expect(result.tables).not.toHaveProperty('secrets');

    const files = unzip(out);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['csv/contatos.csv', 'csv/listas.csv', 'csv/contatos_listas.csv', 'csv/future_feature.csv', 'recado-dados.xlsx', 'LEIA-ME.txt']));
    expect(Object.keys(files).some((f) => /secrets|wa_creds|wa_keys|license_state|search_backlog/.test(f))).toBe(false);
    expect(Object.values(files).some((b) => Buffer.from(b).includes('sk-secreta'))).toBe(false);

    const contacts = csvRows(files['csv/contatos.csv']);
    const header = contacts[0].split(';');
    expect(header).toEqual(expect.arrayContaining(['id', 'phone_key', 'name', 'email', 'fields', 'created_at']));
    const nameCol = header.indexOf('name');
    expect(contacts[1].split(';')[nameCol]).toBe('Ana Souza');
    expect(contacts[1]).toContain('+5511987654321'); // a phone number is not a formula: left as is
    expect(contacts[1]).toContain('2025-03-10T12:00:00.000Z'); // dates readable, not epoch ms
    expect(contacts[1]).toContain('"{""cidade"":""São Paulo""}"');
    expect(contacts[2]).toContain(`"'=HYPERLINK(""http://mal.example"",""clique"")"`);
    expect(contacts[3].split(';')[nameCol]).toBe("'@SUM(1+1)");
    expect(contacts[4]).toContain('"João; ""o Zé"""');
    expect(csvRows(files['csv/future_feature.csv'])[1]).toBe("1;'-cmd");

    const book = XLSX.read(Buffer.from(files['recado-dados.xlsx']), { type: 'buffer' });
    expect(book.SheetNames).toEqual(expect.arrayContaining(['contatos', 'listas', 'future_feature']));
    const sheet = book.Sheets.contatos;
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet);
    expect(rows.map((r) => r.name)).toEqual(['Ana Souza', `'=HYPERLINK("http://mal.example","clique")`, "'@SUM(1+1)", 'João; "o Zé"']);
    // Text cells only, never formulas.
    const cells = Object.entries(sheet).filter(([k]) => !k.startsWith('!')) as Array<[string, XLSX.CellObject]>;
    expect(cells.some(([, c]) => c.f !== undefined)).toBe(false);

    const readme = Buffer.from(files['LEIA-ME.txt']).toString();
    expect(readme).toContain('contatos: 4 linha(s)');
    expect(readme).toContain('não são exportadas');
  });

  it('is offered once as a download in browser mode, and the temporary file goes away', async () => {
    const core = start('browser');
    seed(core);
    const reply = await core.dispatch('data.exportAll', {});
    expect(reply).toMatchObject({ ok: true, result: { status: 'download', fileName: expect.stringMatching(/^recado-dados-.*\.zip$/), tables: { contacts: 4 } } });
    const token = (reply as { result: { url: string } }).result.url.split('/').pop()!;
    const download = core.services.downloads.take(token)!;
    expect(download.fileName).toMatch(/^recado-dados-/);
    const chunks: Buffer[] = [];
    for await (const c of download.stream) chunks.push(c as Buffer);
    expect(unzipSync(new Uint8Array(Buffer.concat(chunks)))['csv/contatos.csv']).toBeDefined();
    if (!download.stream.closed) await once(download.stream, 'close');
    expect(core.services.downloads.take(token)).toBeNull(); // single use
    expect(fs.readdirSync(path.join(core.context.dataDir, 'exports', '.pending'))).toEqual([]);
  });
});

describe('delete everything', () => {
  it('needs the typed confirmation, backs up first, wipes the data and keeps the settings', async () => {
    const core = start('browser');
    seed(core);
    await core.dispatch('settings.update', { businessName: 'Padaria Pão Quente' });
    fs.mkdirSync(path.join(core.context.dataDir, 'attachments'), { recursive: true });
    fs.writeFileSync(path.join(core.context.dataDir, 'attachments', 'promo.jpg'), 'img');

    const wrong = await core.dispatch('data.deleteAll', { confirm: 'apagar' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'api.invalid_input' } });
    expect((core.context.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n).toBe(4);

    const reply = await core.dispatch('data.deleteAll', { confirm: 'APAGAR' });
    expect(reply).toMatchObject({ ok: true, result: { ok: true, deleted: { contacts: 4, lists: 1 } } });
    const db = core.context.db;
    for (const table of ['contacts', 'lists', 'contact_lists', 'campaigns']) {
      expect((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect(fs.existsSync(path.join(core.context.dataDir, 'attachments'))).toBe(false);
    // The search index (contentless FTS5, which refuses a plain DELETE) is emptied too, and
    // works for contacts added afterwards.
    expect(db.prepare('SELECT count(*) FROM contacts_fts_data').pluck().get()).toBeLessThanOrEqual(2);
    db.prepare("INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES ('+5511911112222', 'Depois', 1, 1)").run();
    expect(await core.dispatch('contacts.list', { search: 'depois' })).toMatchObject({ ok: true, result: { total: 1 } });
    expect(await core.dispatch('contacts.list', { search: 'ana souza' })).toMatchObject({ ok: true, result: { total: 0 } });
    expect(core.context.settings.get().businessName).toBe('Padaria Pão Quente');
    expect(core.context.secrets.has('ai.apiKey')).toBe(true);

    // The automatic backup taken first still has everything.
    const backupFile = (reply as { result: { backupFile: string } }).result.backupFile;
    expect(path.basename(backupFile)).toMatch(/^recado-before-delete-.*\.zip$/);
    const manifest = JSON.parse(Buffer.from(unzip(backupFile)['manifest.json']).toString());
    expect(manifest).toMatchObject({ kind: 'before-delete', counts: { contacts: 4, lists: 1 }, attachments: { files: 1 } });
  });

  it('refuses while a campaign is sending', async () => {
    const core = start('browser');
    seed(core);
    core.context.db
      .prepare("INSERT INTO campaigns (name, status, draft, seed, created_at, updated_at) VALUES ('Black Friday', 'running', '{}', 's', 1, 1)")
      .run();
    const reply = await core.dispatch('data.deleteAll', { confirm: 'APAGAR' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'backup.campaigns_running', message: expect.stringContaining('Pause todas as campanhas') } });
    expect((core.context.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n).toBe(4);
  });
});
