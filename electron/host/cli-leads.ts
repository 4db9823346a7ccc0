import fs from 'node:fs';
import path from 'node:path';
import type { CountryCode } from '../../shared/phone';
import { DATABASE_FILE, openStore } from '../core/db/open';
import {
  exportContacts,
  fieldKey,
  listLists,
  previewSource,
  rejectedCsv,
  runImportInWorker,
  type ColumnMapping,
  type ContactFilter,
  type ContactStatus,
  type FilePreview,
  type ImportProgress,
  type ImportReport,
} from '../core/leads';
import { plural } from '../../shared/i18n/plural';

/**
 * `recado import FILE --list NAME ...` and `recado export contacts ...`. Both open the database
 * directly (no data-dir lock: WAL lets them run beside the app) and print pt-BR, or JSON.
 * The import runs in the same worker thread as the app's (leads/worker.ts): one code path, the
 * same memory cap, and this thread stays free to show progress and take Ctrl+C.
 */

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Progress line on an interactive terminal (rewritten in place). */
  progress?(line: string): void;
}

const consoleIo: CliIo = {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  progress: process.stderr.isTTY ? (l) => process.stderr.write(`\r${l.padEnd(70)}`) : undefined,
};

export interface ImportFlags {
  list?: string;
  sheet?: string;
  map?: string[];
  consent?: string;
  update?: boolean;
  country?: string;
  'header-row'?: string;
  rejected?: string;
  json?: boolean;
}

export interface ExportFlags {
  list?: string;
  status?: string;
  format?: string;
  out?: string;
  json?: boolean;
}

export const IMPORT_USAGE =
  'Uso: recado import ARQUIVO --list "Nome da lista" [--sheet ABA] [--map "Coluna=campo" ...] [--consent "origem"] [--update] [--country BR] [--header-row N] [--rejected ARQUIVO.csv] [--json]';
export const EXPORT_USAGE = 'Uso: recado export contacts [--list "Nome da lista"] [--status active|opted_out|invalid] [--format csv|xlsx] [--out ARQUIVO] [--json]';

const nf = (n: number) => n.toLocaleString('pt-BR');

function codedError(err: unknown): { code: string; message: string } {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^[a-z]+\.[a-z_.]+$/.test(e.code) && typeof e.message === 'string') return { code: e.code, message: e.message };
  return { code: 'cli.failed', message: `Erro inesperado: ${(err as Error)?.message ?? String(err)}` };
}

function fail(io: CliIo, json: boolean | undefined, code: string, message: string, exitCode = 1): number {
  if (json) io.out(JSON.stringify({ ok: false, error: { code, message } }));
  else io.err(message);
  return exitCode;
}

const ROLE_WORDS: Record<string, 'phone' | 'name' | 'email' | 'areaCode' | 'ignore'> = {
  phone: 'phone', telefone: 'phone', celular: 'phone', whatsapp: 'phone', fone: 'phone',
  name: 'name', nome: 'name',
  email: 'email', 'e-mail': 'email', e_mail: 'email',
  ddd: 'areaCode', areacode: 'areaCode',
  ignore: 'ignore', ignorar: 'ignore', '-': 'ignore',
};

/** A column given as its title, its letter (A, B, AA) or its 1-based number. */
function findColumn(headers: string[], ref: string): number {
  const key = fieldKey(ref);
  const byTitle = headers.findIndex((h) => fieldKey(h) === key);
  if (byTitle >= 0) return byTitle;
  if (/^\d{1,5}$/.test(ref.trim())) {
    const n = Number(ref.trim()) - 1;
    return n >= 0 && n < headers.length ? n : -1;
  }
  if (/^[A-Za-z]{1,3}$/.test(ref.trim())) {
    let n = 0;
    for (const ch of ref.trim().toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
    return n - 1 < headers.length ? n - 1 : -1;
  }
  return -1;
}

/** Applies `--map "Coluna=campo"` on top of the suggested mapping. */
export function applyMaps(preview: Pick<FilePreview, 'headers' | 'suggestedMapping'>, maps: string[]): { mapping: Partial<ColumnMapping> & { fields: Record<number, string> }; error?: string } {
  const s = preview.suggestedMapping;
  const m: Partial<ColumnMapping> & { fields: Record<number, string> } = { phone: s.phone, areaCode: s.areaCode, name: s.name, email: s.email, fields: { ...s.fields } };
  const clear = (col: number) => {
    delete m.fields[col];
    for (const role of ['phone', 'areaCode', 'name', 'email'] as const) if (m[role] === col) m[role] = undefined;
  };
  for (const spec of maps) {
    const eq = spec.lastIndexOf('=');
    if (eq <= 0 || eq === spec.length - 1) return { mapping: m, error: `Mapeamento inválido: "${spec}". Use --map "Coluna=campo", por exemplo --map "Celular=phone".` };
    const ref = spec.slice(0, eq).trim();
    const target = spec.slice(eq + 1).trim();
    const col = findColumn(preview.headers, ref);
    if (col < 0) return { mapping: m, error: `A coluna "${ref}" não existe no arquivo. Colunas: ${preview.headers.join(', ')}.` };
    const role = ROLE_WORDS[target.toLowerCase()];
    clear(col);
    if (role === 'ignore') continue;
    if (role) {
      const previous = m[role];
      // The column that held this role before keeps its data as a custom field.
      if (previous !== undefined && previous !== col) m.fields[previous] = fieldKey(preview.headers[previous] ?? '');
      m[role] = col;
    } else {
      m.fields[col] = fieldKey(target);
    }
  }
  return { mapping: m };
}

function progressLine(p: ImportProgress): string {
  const eta = p.etaSeconds === null ? '' : `, faltam ~${p.etaSeconds} s`;
  return `${p.phase === 'saving' ? 'Salvando' : 'Lendo'}… ${Math.floor(p.percent)}% (${nf(p.rowsRead)} linhas, ${nf(p.rowsPerSecond)}/s${eta})`;
}

/** The report as a shop owner reads it. */
export function formatReport(r: ImportReport): string {
  const secs = Math.max(0.1, r.durationMs / 1000).toLocaleString('pt-BR', { maximumFractionDigits: 1 });
  const rows: Array<[string, number, string?]> = [
    ['Linhas lidas', r.rowsRead],
    ['Importados (novos)', r.imported],
    ['Atualizados', r.updated],
    ['Já existiam (mantidos)', r.unchanged],
    ['Duplicados no arquivo', r.duplicates],
    ['Inválidos', r.invalid],
    ['Descadastrados', r.optedOut, 'continuam descadastrados'],
    ['Fora do filtro', r.skippedByFilter],
  ];
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const lines = [`Importação concluída em ${secs} s na lista "${r.listName}"${r.fileName ? ` (${r.fileName})` : ''}.`];
  for (const [label, n, note] of rows) lines.push(`  ${(label + ':').padEnd(width)}${nf(n).padStart(10)}${note && n > 0 ? ` (${note})` : ''}`);
  for (const w of r.warnings ?? []) lines.push(`Atenção: ${w.message}`);
  if (r.rejected.length > 0) {
    lines.push('Linhas rejeitadas:');
    for (const x of r.rejected.slice(0, 20)) lines.push(`  linha ${x.row}: ${x.message}`);
    const more = r.rejected.length - 20 + r.rejectedOmitted;
    if (more > 0) lines.push(`  … e mais ${nf(more)}. Use --rejected ARQUIVO.csv para salvar todas.`);
  }
  return lines.join('\n');
}

export async function cliImport(dataDir: string, file: string | undefined, flags: ImportFlags, io: CliIo = consoleIo): Promise<number> {
  if (!file) return fail(io, flags.json, 'cli.usage', IMPORT_USAGE, 2);
  if (!flags.list?.trim()) return fail(io, flags.json, 'cli.usage', `Informe a lista onde os contatos vão entrar: --list "Clientes".\n${IMPORT_USAGE}`, 2);
  const headerRow = flags['header-row'] === undefined ? undefined : Number(flags['header-row']) - 1;
  if (headerRow !== undefined && (!Number.isInteger(headerRow) || headerRow < -1)) {
    return fail(io, flags.json, 'cli.usage', '--header-row deve ser o número da linha do cabeçalho (1 = primeira linha; 0 = sem cabeçalho).', 2);
  }
  const country = (flags.country ?? 'BR').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) return fail(io, flags.json, 'cli.usage', '--country deve ser o código de duas letras do país, por exemplo BR ou PT.', 2);
  const filePath = path.resolve(file);

  let preview: FilePreview;
  try {
    // Spreadsheets are previewed in a worker thread, whose memory goes back when it ends.
    preview = await previewSource({ path: filePath }, { sheet: flags.sheet, headerRow, defaultCountry: country as CountryCode });
  } catch (err) {
    const e = codedError(err);
    return fail(io, flags.json, e.code, e.message);
  }
  const { mapping, error } = applyMaps(preview, flags.map ?? []);
  if (error) return fail(io, flags.json, 'cli.usage', error, 2);
  if (mapping.phone === undefined) {
    return fail(
      io,
      flags.json,
      'import.no_phone_column',
      `Não encontramos a coluna de telefone em ${path.basename(filePath)}. Colunas: ${preview.headers.join(', ')}. Indique qual é com --map "Coluna=phone".`,
    );
  }

  // Creates or migrates the database before the worker opens it.
  const { db } = openStore(dataDir);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const report = await runImportInWorker(
      path.join(dataDir, DATABASE_FILE),
      { path: filePath },
      {
        sheet: preview.sheet,
        headerRow: preview.headerRow,
        encoding: preview.encoding,
        delimiter: preview.delimiter,
        mapping: { ...mapping, phone: mapping.phone },
        list: { name: flags.list },
        consentSource: flags.consent?.trim() || `Importado pela linha de comando (${path.basename(filePath)})`,
        onExisting: flags.update ? 'update' : 'keep',
        defaultCountry: country as CountryCode,
      },
      { signal: abort.signal, onProgress: io.progress && !flags.json ? (p) => io.progress!(progressLine(p)) : undefined },
    );
    if (io.progress && !flags.json) io.progress('');
    if (flags.rejected && report.rejected.length > 0) fs.writeFileSync(path.resolve(flags.rejected), rejectedCsv(report));
    if (flags.json) io.out(JSON.stringify({ ok: true, report }));
    else {
      io.out(formatReport(report));
      if (flags.rejected && report.rejected.length > 0) io.out(`Linhas rejeitadas salvas em ${path.resolve(flags.rejected)}.`);
    }
    return 0;
  } catch (err) {
    if (io.progress && !flags.json) io.progress('');
    const e = codedError(err);
    return fail(io, flags.json, e.code, e.message);
  } finally {
    process.off('SIGINT', onSignal);
    db.close();
  }
}

export async function cliExportContacts(dataDir: string, what: string | undefined, flags: ExportFlags, io: CliIo = consoleIo): Promise<number> {
  if (what !== 'contacts' && what !== 'contatos') return fail(io, flags.json, 'cli.usage', EXPORT_USAGE, 2);
  const format = (flags.format ?? (flags.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv')).toLowerCase();
  if (format !== 'csv' && format !== 'xlsx') return fail(io, flags.json, 'cli.usage', '--format deve ser csv ou xlsx.', 2);
  const statuses: ContactStatus[] = ['active', 'opted_out', 'invalid'];
  if (flags.status && !statuses.includes(flags.status as ContactStatus)) {
    return fail(io, flags.json, 'cli.usage', '--status deve ser active (ativos), opted_out (descadastrados) ou invalid (inválidos).', 2);
  }
  const { db } = openStore(dataDir);
  try {
    const filter: ContactFilter = { status: flags.status as ContactStatus | undefined };
    if (flags.list) {
      const list = listLists(db).find((l) => l.name.toLocaleLowerCase('pt-BR') === flags.list!.trim().toLocaleLowerCase('pt-BR'));
      if (!list) return fail(io, flags.json, 'lists.not_found', `Não existe uma lista chamada "${flags.list}".`);
      filter.listId = list.id;
    }
    const out = path.resolve(flags.out ?? `contatos-${new Date().toISOString().slice(0, 10)}.${format}`);
    const r = await exportContacts(db, filter, format, out);
    if (flags.json) io.out(JSON.stringify({ ok: true, rows: r.rows, file: r.file }));
    else io.out(`${plural(r.rows, 'contato exportado', 'contatos exportados')} em ${r.file}.`);
    return 0;
  } catch (err) {
    const e = codedError(err);
    return fail(io, flags.json, e.code, e.message);
  } finally {
    db.close();
  }
}
