import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { loadSheetjs, sheetjs } from '../lib/sheetjs';
import { CSV_BOM, csvLine, escapeFormula } from '../leads/csv-out';
import { ZipFileWriter } from '../backup/zip/zip-writer';

/**
 * "Exportar tudo" (LGPD data portability): every table that exists right now (others are
 * still adding theirs) as one CSV each, plus one XLSX workbook, in a single zip. It reads on a
 * separate read-only connection inside one transaction, so the files are a consistent snapshot
 * and the app's own connection is never blocked while rows stream out.
 *
 * - CSV: UTF-8 with BOM, ';' and CRLF, as Excel in Portuguese expects.
 * - Cells starting with = + - @ (tab, CR) are neutralised with a leading apostrophe, in CSV and
 *   XLSX alike (a phone number like +55 11 ... stays as it is).
 * - Timestamps (`*_at` columns, epoch ms) become ISO 8601 dates; blobs become base64.
 * - Encrypted secrets, WhatsApp session keys and the license token are never exported.
 */

/** File names users recognise, for the tables we know; unknown tables keep their own name. */
export const FRIENDLY_NAMES: Record<string, string> = {
  contacts: 'contatos',
  lists: 'listas',
  contact_lists: 'contatos_listas',
  tags: 'etiquetas',
  contact_tags: 'contatos_etiquetas',
  imports: 'importacoes',
  numbers: 'numeros',
  campaigns: 'campanhas',
  deliveries: 'envios',
  replies: 'respostas',
  inbound_messages: 'respostas',
  opt_outs: 'descadastros',
  opt_out_events: 'descadastros',
  attachments: 'anexos',
  ai_usage: 'uso_ia',
  settings: 'configuracoes',
  conversations: 'conversas',
  conversation_messages: 'conversas_mensagens_enviadas',
  quick_replies: 'respostas_rapidas',
  assistant_settings: 'assistente_de_respostas',
};

/** Most useful first. */
const ORDER = ['contacts', 'lists', 'contact_lists', 'tags', 'contact_tags', 'campaigns', 'deliveries', 'replies', 'inbound_messages', 'opt_outs', 'opt_out_events', 'numbers', 'imports'];

/**
 * Never exported: sealed secrets (API keys, WhatsApp session keys: ciphertext, useless elsewhere
 * and not data about anyone), the license key/token, and the search index's to-do list (id
 * ranges still to index, like the index itself: not data).
 */
const EXCLUDED = new Set(['secrets', 'wa_creds', 'wa_keys', 'license_state', 'search_backlog']);

/** Above this many rows a table is only in CSV: a workbook that large does not fit in memory nor open well in Excel. */
export const XLSX_MAX_ROWS = 50_000;

export interface ExportOptions {
  /** Yield to the event loop every this many rows. */
  batchRows?: number;
  xlsxMaxRows?: number;
  now?(): Date;
}

export interface ExportResultInfo {
  file: string;
  bytes: number;
  /** Rows exported per table (by table name). */
  tables: Record<string, number>;
}

interface TableInfo {
  name: string;
  fileBase: string;
  columns: string[];
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The tables to export, in a friendly order, skipping SQLite internals, FTS shadows and secrets. */
export function exportableTables(db: Database.Database): TableInfo[] {
  const rows = db.prepare<[], { name: string; sql: string | null }>("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  const virtual = rows.filter((r) => /^CREATE VIRTUAL TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  const tables = rows
    .map((r) => r.name)
    .filter((n) => !EXCLUDED.has(n) && !virtual.includes(n) && !virtual.some((v) => n.startsWith(`${v}_`)));
  tables.sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 999 : ia) - (ib === -1 ? 999 : ib);
    return a.localeCompare(b);
  });
  const usedBases = new Set<string>();
  return tables.map((name) => {
    // table_xinfo includes generated columns (contacts.e164); hidden=1 are virtual-table internals.
    const columns = (db.pragma(`table_xinfo(${quoteIdent(name)})`) as Array<{ name: string; hidden: number }>).filter((c) => c.hidden !== 1).map((c) => c.name);
    let fileBase = (FRIENDLY_NAMES[name] ?? name).replace(/[^\w.-]/g, '_');
    if (usedBases.has(fileBase)) fileBase = name.replace(/[^\w.-]/g, '_');
    usedBases.add(fileBase);
    return { name, fileBase, columns };
  });
}

/** One cell's exported value (not yet escaped). */
export function exportValue(column: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && /_at$/.test(column) && Number.isInteger(value) && value > 1e11 && value < 1e14) return new Date(value).toISOString();
  return value as string | number;
}

function sheetName(base: string, used: Set<string>): string {
  const clean = base.replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || 'tabela';
  let name = clean;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${clean.slice(0, 28)}_${i}`;
  used.add(name.toLowerCase());
  return name;
}

export async function exportAll(dbFile: string, target: string, options: ExportOptions = {}): Promise<ExportResultInfo> {
  const batch = options.batchRows ?? 2000;
  const xlsxMax = options.xlsxMaxRows ?? XLSX_MAX_ROWS;
  const now = options.now?.() ?? new Date();
  await loadSheetjs();
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const partial = `${target}.partial`;
  let writer: ZipFileWriter | null = null;
  try {
    db.pragma('busy_timeout = 5000');
    // One read transaction: every file reflects the same instant.
    db.prepare('BEGIN').run();
    const tables = exportableTables(db);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writer = await ZipFileWriter.create(partial);
    const book = sheetjs().utils.book_new();
    const usedSheets = new Set<string>();
    const counts: Record<string, number> = {};
    const skippedXlsx: string[] = [];

    for (const table of tables) {
      const total = (db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(table.name)}`).get() as { n: number }).n;
      const inXlsx = total <= xlsxMax;
      const aoa: unknown[][] | null = inXlsx ? [table.columns] : null;
      const select = db.prepare(`SELECT ${table.columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table.name)}`).raw(true);
      let rows = 0;
      async function* csv(): AsyncGenerator<string> {
        yield CSV_BOM + csvLine(table.columns);
        let chunk = '';
        for (const raw of select.iterate() as IterableIterator<unknown[]>) {
          const values = raw.map((v, i) => exportValue(table.columns[i], v));
          chunk += csvLine(values);
          aoa?.push(values.map((v) => (typeof v === 'string' ? escapeFormula(v) : v)));
          if (++rows % batch === 0) {
            yield chunk;
            chunk = '';
            await yieldToLoop();
          }
        }
        if (chunk) yield chunk;
      }
      await writer.addStream(`csv/${table.fileBase}.csv`, csv(), { mtime: now });
      counts[table.name] = rows;
      if (aoa) {
        // Strings stay typed as text cells: a workbook never turns them into formulas.
        sheetjs().utils.book_append_sheet(book, sheetjs().utils.aoa_to_sheet(aoa, { cellDates: false }), sheetName(table.fileBase, usedSheets));
        await yieldToLoop();
      } else {
        skippedXlsx.push(table.fileBase);
      }
    }
    if (book.SheetNames.length === 0) sheetjs().utils.book_append_sheet(book, sheetjs().utils.aoa_to_sheet([['Nenhum dado']]), 'vazio');
    const xlsx = sheetjs().write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
    await writer.addBuffer('recado-dados.xlsx', xlsx, { compress: false, mtime: now });
    await writer.addBuffer('LEIA-ME.txt', readme(now, counts, tables, skippedXlsx), { mtime: now });
    await writer.close();
    writer = null;
    fs.renameSync(partial, target);
    return { file: target, bytes: fs.statSync(target).size, tables: counts };
  } catch (err) {
    await writer?.abort();
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    if (db.inTransaction) db.prepare('COMMIT').run();
    db.close();
  }
}

function readme(now: Date, counts: Record<string, number>, tables: TableInfo[], skipped: string[]): string {
  const lines = [
    'Recado: exportação completa dos seus dados',
    `Gerada em ${now.toISOString()}.`,
    '',
    'Conteúdo:',
    '- csv/: um arquivo CSV por tabela (UTF-8, separado por ponto e vírgula, pronto para o Excel).',
    '- recado-dados.xlsx: as mesmas tabelas, uma por aba.',
    '',
    'Tabelas:',
    ...tables.map((t) => `- ${t.fileBase}: ${counts[t.name] ?? 0} linha(s)`),
    '',
    'Observações:',
    '- Datas estão no formato ISO 8601, em UTC.',
    '- Textos que começam com = + - ou @ receberam um apóstrofo no início, para que a planilha não os execute como fórmula.',
    '- Senhas e chaves salvas no Recado (como a chave da IA) não são exportadas.',
  ];
  if (skipped.length) lines.push(`- Tabelas grandes demais para a planilha (use o CSV): ${skipped.join(', ')}.`);
  return lines.join('\r\n') + '\r\n';
}
