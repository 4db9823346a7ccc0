/** `recado export campaign ID --format csv|xlsx [--out FILE]`: works beside a running app (reads only). */
import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE, openDatabaseFile } from '../db/open';
import type { ReportFormat } from '../../../shared/api/methods/results';
import { reportFileName, reportInfo, writeCampaignReport } from './report';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };
const USAGE = 'Uso: recado export campaign ID --format csv|xlsx [--out ARQUIVO] [--data-dir DIR]';

export async function cliExportCampaign(dataDir: string, args: { what?: string; id?: string; format?: string; out?: string }, io: CliIo = consoleIo): Promise<number> {
  if (args.what !== 'campaign' || !args.id) {
    io.err(USAGE);
    return 2;
  }
  const id = Number(args.id);
  if (!Number.isInteger(id) || id <= 0) {
    io.err(`Campanha inválida: "${args.id}". Use o número da campanha (ex.: recado export campaign 3 --format csv).`);
    return 2;
  }
  const format = (args.format ?? 'csv').toLowerCase();
  if (format !== 'csv' && format !== 'xlsx') {
    io.err(`Formato inválido: "${args.format}". Use --format csv ou --format xlsx.`);
    return 2;
  }
  const dbFile = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(dbFile)) {
    io.err(`Não há dados do Recado em ${dataDir}. Confira a pasta com --data-dir.`);
    return 1;
  }
  const db = openDatabaseFile(dbFile);
  try {
    // The command line answers in pt-BR, and so are its reports, whatever the app's language.
    const info = reportInfo(db, id, 'pt-BR');
    let target = args.out ? path.resolve(args.out) : path.resolve(reportFileName(info, format as ReportFormat));
    if (!target.toLowerCase().endsWith(`.${format}`)) target += `.${format}`;
    const written = await writeCampaignReport(db, id, format as ReportFormat, target, { yieldBetween: false, language: 'pt-BR' });
    io.out(`Relatório da campanha "${info.name}"${info.simulated ? ' (SIMULADO)' : ''} salvo em ${written.file} (${written.rows} ${written.rows === 1 ? 'envio' : 'envios'}).`);
    return 0;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    if (e.code === 'campaigns.not_found') {
      io.err(`Não há campanha com o número ${id} em ${dataDir}. O número aparece no endereço da campanha no Recado (#/campanhas/N).`);
      return 1;
    }
    const friendly = typeof e.code === 'string' && /^[a-z]+\.[a-z_.]+$/.test(e.code) && typeof e.message === 'string';
    io.err(`O relatório não foi gerado. ${friendly ? String(e.message) : `Erro inesperado: ${String((err as Error)?.message ?? err)}`}`);
    return 1;
  } finally {
    db.close();
  }
}
