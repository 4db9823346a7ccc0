import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import Papa from 'papaparse';
import { zonedTimeToEpoch } from '../campaigns/schedule/tz';
import { SettingsStore } from '../settings/settings-store';
import { writeCampaignReport } from './report';
import { seed, TZ, type Seeded } from './test-support';

// The report says what the screens say: cumulative Enviadas/Entregues/Lidas, cancelled rows as
// "Cancelada" (not "Não enviada"), times in the app's time zone, named in the summary.

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

function cancelledCampaign(): number {
  const t = seed({ contacts: 5 });
  s = t;
  const id = t.campaign({ name: 'Cancelada no meio' });
  const c = t.contactIds;
  t.send(id, c[0], { at: T, delivered: T + 60_000, read: T + 120_000 });
  t.send(id, c[1], { at: T, delivered: T + 60_000 });
  const skipped = t.store.insert(id, c[2]);
  t.store.skip(skipped.id, { code: 'OPTED_OUT', reason: 'O contato pediu para não receber mais mensagens.' });
  t.store.insert(id, c[3]);
  t.store.insert(id, c[4]);
  t.store.skipQueuedForCampaign(id, { code: 'CANCELLED', reason: 'Campanha cancelada antes deste envio.' });
  t.db.prepare(`UPDATE campaigns SET status = 'cancelled' WHERE id = ?`).run(id);
  return id;
}

describe('campaign report consistency', () => {
  it('labels cancelled deliveries "Cancelada" and counts them apart from the other skips', async () => {
    const id = cancelledCampaign();
    const csv = path.join(dir, 'r.csv');
    await writeCampaignReport(s!.db, id, 'csv', csv);
    const rows = Papa.parse<string[]>(fs.readFileSync(csv, 'utf8').slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(rows.slice(1).map((r) => r[2])).toEqual(['Lida', 'Entregue', 'Não enviada', 'Cancelada', 'Cancelada']);

    const xlsx = path.join(dir, 'r.xlsx');
    await writeCampaignReport(s!.db, id, 'xlsx', xlsx);
    const summary = XLSX.utils.sheet_to_json<Array<string | number>>(XLSX.read(fs.readFileSync(xlsx)).Sheets.Resumo, { header: 1 });
    // Cumulative: the read message is also delivered and sent.
    expect(summary).toContainEqual(['Enviadas', 2]);
    expect(summary).toContainEqual(['Entregues', 2]);
    expect(summary).toContainEqual(['Lidas', 1]);
    expect(summary).toContainEqual(['Não enviadas', 1]);
    expect(summary).toContainEqual(['Canceladas', 2]);
  });

  it('writes times in the app time zone and names it', async () => {
    const id = cancelledCampaign();
    new SettingsStore(s!.db).update({ timeZone: 'America/Manaus' });
    const csv = path.join(dir, 'r.csv');
    await writeCampaignReport(s!.db, id, 'csv', csv);
    const rows = Papa.parse<string[]>(fs.readFileSync(csv, 'utf8').slice(1), { delimiter: ';', skipEmptyLines: true }).data;
    expect(rows[1][6]).toBe('24/11/2025 08:05:00'); // 09:05 in São Paulo
    const xlsx = path.join(dir, 'r.xlsx');
    await writeCampaignReport(s!.db, id, 'xlsx', xlsx);
    const summary = XLSX.utils.sheet_to_json<string[]>(XLSX.read(fs.readFileSync(xlsx)).Sheets.Resumo, { header: 1 });
    expect(summary).toContainEqual(['Fuso horário', 'America/Manaus']);
  });
});
