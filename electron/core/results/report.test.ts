import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import Papa from 'papaparse';
import { zonedTimeToEpoch } from '../campaigns/schedule/tz';
import { openStore } from '../db/open';
import { cliExportCampaign } from './cli-export';
import { REPORT_HEADERS, REPORT_HEADERS_EN, reportFileName, reportInfo, writeCampaignReport } from './report';
import { SettingsStore } from '../settings/settings-store';
import { seed, TZ, type Seeded } from './test-support';

const T = zonedTimeToEpoch({ year: 2025, month: 11, day: 24 }, 9, 5, TZ);
let s: Seeded | undefined;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-report-'));
});
afterEach(() => {
  s?.db.close();
  s = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function readCsv(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
}

function campaignWithReplies() {
  const t = seed({ contacts: 6, numbers: [{ kind: 'simulator', label: 'Simulado 1' }, { kind: 'whatsapp', label: 'Loja' }] });
  s = t;
  const [sim, real] = t.numbers;
  const id = t.campaign({ name: 'Promoção de Natal' });
  const c = t.contactIds;
  t.db.prepare('UPDATE contacts SET name = ? WHERE id = ?').run('=HYPERLINK("http://evil")', c[1]);
  const d0 = t.send(id, c[0], { at: T, delivered: T + 60_000, read: T + 120_000, replied: T + 180_000, number: sim, text: 'Oi Cliente0, pão quente!' });
  t.inbound({ deliveryId: d0, contactId: c[0], campaignId: id, text: 'Quero; dois "pães"', at: T + 180_000 });
  t.inbound({ deliveryId: d0, contactId: c[0], campaignId: id, text: 'segunda resposta', at: T + 240_000 });
  t.send(id, c[1], { at: T, number: real, text: '@todos -promo' });
  t.fail(id, c[2], T, real);
  t.store.insert(id, c[3]);
  return id;
}

describe('campaign report', () => {
  it('CSV: one row per delivery, matching the deliveries, in the campaign time zone', async () => {
    const id = campaignWithReplies();
    const file = path.join(dir, 'r.csv');
    const out = await writeCampaignReport(s!.db, id, 'csv', file);
    expect(out.rows).toBe(4);
    const rows = readCsv(file);
    expect(rows[0]).toEqual([...REPORT_HEADERS]);
    expect(rows).toHaveLength(5);
    const deliveries = s!.db.prepare('SELECT d.*, c.phone_key FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE campaign_id = ? ORDER BY d.id').all(id) as Array<{ text: string | null; phone_key: string }>;
    expect(rows.slice(1).map((r) => r[4])).toEqual(deliveries.map((d) => d.text ?? '').map((t) => (t.startsWith('@') ? `'${t}` : t)));
    const [first, second, third, fourth] = rows.slice(1);
    expect(first).toEqual([
      'Cliente 0',
      expect.stringMatching(/^\+55 \(11\) 9/),
      'Lida',
      'A',
      'Oi Cliente0, pão quente!',
      'Simulado 1 (SIMULADO)',
      '24/11/2025 09:05:00',
      '24/11/2025 09:06:00',
      '24/11/2025 09:07:00',
      '24/11/2025 09:08:00',
      '',
      'Quero; dois "pães"',
    ]);
    // Formula-looking cells are neutralised; phone numbers are not.
    expect(second[0]).toBe(`'=HYPERLINK("http://evil")`);
    expect(second[4]).toBe(`'@todos -promo`);
    expect(second[5]).toBe('Loja');
    expect(third.slice(2, 3)).toEqual(['Falhou']);
    expect(third[10]).toBe('O WhatsApp recusou a mensagem.');
    expect(fourth[2]).toBe('Na fila');
  });

  it('XLSX: the same rows plus a summary sheet that says SIMULADO', async () => {
    const id = campaignWithReplies();
    const file = path.join(dir, 'r.xlsx');
    await writeCampaignReport(s!.db, id, 'xlsx', file);
    const wb = XLSX.read(fs.readFileSync(file));
    expect(wb.SheetNames).toEqual(['Resumo', 'Envios']);
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Envios, { header: 1, defval: '' });
    const csvFile = path.join(dir, 'r.csv');
    await writeCampaignReport(s!.db, id, 'csv', csvFile);
    expect(rows).toEqual(readCsv(csvFile));
    const summary = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Resumo, { header: 1 });
    expect(summary).toContainEqual(['SIMULADO', expect.stringContaining('número simulado')]);
    expect(summary).toContainEqual(['Enviadas', 2]);
  });

  it('follows the app language: in English the words are English, the data as it was', async () => {
    const id = campaignWithReplies();
    new SettingsStore(s!.db).update({ language: 'en' });
    const file = path.join(dir, 'en.xlsx');
    await writeCampaignReport(s!.db, id, 'xlsx', file);
    const wb = XLSX.read(fs.readFileSync(file));
    expect(wb.SheetNames).toEqual(['Summary', 'Deliveries']);
    const [header, first, , third, fourth] = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Deliveries, { header: 1, defval: '' });
    expect(header).toEqual([...REPORT_HEADERS_EN]);
    expect(first.slice(2, 6)).toEqual(['Read', 'A', 'Oi Cliente0, pão quente!', 'Simulado 1 (SIMULATED)']);
    expect(first[6]).toBe('11/24/2025 09:05:00');
    expect(third.slice(2, 3)).toEqual(['Failed']);
    expect(third[10]).toBe('The message was not sent. We will try again in a moment.');
    expect(fourth[2]).toBe('Queued');
    const summary = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.Summary, { header: 1 });
    expect(summary).toContainEqual(['SIMULATED', expect.stringContaining('simulated number')]);
    expect(summary).toContainEqual(['Sent', 2]);
    expect(summary.map((r) => r[0]).join(' ')).not.toMatch(/[ãõçáéíóú]|Enviadas|Taxa/);
    expect(reportFileName(reportInfo(s!.db, id), 'csv', new Date(T))).toBe(`recado-campaign-${id}-promocao-de-natal-2025-11-24-SIMULATED.csv`);
    // The command line writes pt-BR whatever the app's language.
    expect(reportInfo(s!.db, id, 'pt-BR').language).toBe('pt-BR');
  });

  it('refuses XLSX for very large campaigns and suggests CSV', async () => {
    const id = campaignWithReplies();
    await expect(writeCampaignReport(s!.db, id, 'xlsx', path.join(dir, 'big.xlsx'), { xlsxMaxRows: 3 })).rejects.toMatchObject({ code: 'reports.too_large_for_xlsx', message: expect.stringContaining('CSV') });
  });

  it('names files after the campaign and marks simulated ones', () => {
    const id = campaignWithReplies();
    const name = reportFileName(reportInfo(s!.db, id), 'csv', new Date(T));
    expect(name).toBe(`recado-campanha-${id}-promocao-de-natal-2025-11-24-SIMULADO.csv`);
  });

  it('pages through large campaigns without missing or repeating rows', async () => {
    const t = seed({ contacts: 4500 });
    s = t;
    const id = t.campaign();
    t.db.transaction(() => {
      for (const c of t.contactIds) t.store.insert(id, c);
    })();
    const file = path.join(dir, 'many.csv');
    const out = await writeCampaignReport(s!.db, id, 'csv', file);
    expect(out.rows).toBe(4500);
    const phones = readCsv(file).slice(1).map((r) => r[1]);
    expect(new Set(phones).size).toBe(4500);
  });
});

describe('recado export campaign', () => {
  it('writes the report where asked, beside a running app', async () => {
    const dataDir = path.join(dir, 'data');
    const { db } = openStore(dataDir);
    db.prepare(`INSERT INTO campaigns (name, status, draft, seed, created_at, updated_at) VALUES ('Teste', 'finished', '{}', 's', 1, 1)`).run();
    db.prepare(`INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES ('+5511987654321', 'Ana', 1, 1)`).run();
    db.prepare(`INSERT INTO deliveries (campaign_id, contact_id, state, text, sent_at, created_at, updated_at) VALUES (1, 1, 'sent', 'Oi Ana', ?, 1, 1)`).run(T);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const out = path.join(dir, 'relatorio');
    expect(await cliExportCampaign(dataDir, { what: 'campaign', id: '1', format: 'csv', out }, io)).toBe(0);
    expect(lines.at(-1)).toMatch(/salvo em .*relatorio\.csv \(1 envio\)/);
    expect(readCsv(`${out}.csv`)[1].slice(0, 3)).toEqual(['Ana', '+55 (11) 98765-4321', 'Enviada']);
    expect(await cliExportCampaign(dataDir, { what: 'campaign', id: '7', format: 'csv', out }, io)).toBe(1);
    expect(lines.at(-1)).toMatch(/Não há campanha com o número 7/);
    expect(await cliExportCampaign(dataDir, { what: 'campaign', id: '1', format: 'pdf' }, io)).toBe(2);
    expect(await cliExportCampaign(dataDir, { what: 'contacts' }, io)).toBe(2);
    db.close();
  });
});
