import path from 'node:path/posix';
import type * as XLSX from 'xlsx';
import { sheetjs } from '../../lib/sheetjs';
import { ZipFormatError, ZipReader } from '../../backup/zip/zip-reader';
import { ImportError } from '../errors';
import type { RowBatch } from './csv';
import { spreadsheetLimits, tooManyRows } from './limits';
import { cellText } from './xlsx';

/**
 * Reads one sheet of an .xlsx as a stream: the sheet's XML is inflated and scanned row by row,
 * so memory holds the shared strings and one batch, not the whole sheet (SheetJS builds every
 * cell of the workbook first). Cells become SheetJS-like cell objects and go through the same
 * cellText() as the rest of the importer, and rows are numbered and aligned exactly as
 * sheetBatches() does, so a preview made with SheetJS maps onto them.
 */

export interface XlsxStream {
  sheets: string[];
  sheet: string;
  /** Rows of the sheet by its declared range, when it has one. */
  totalRows?: number;
  progress(): number;
  batches(batchSize?: number): AsyncGenerator<RowBatch>;
}

const REL_NS_WORKSHEET = /\/worksheet$/;

function corrupt(cause: string): ImportError {
  return new ImportError(
    'import.corrupt_file',
    'Não foi possível ler esta planilha: o arquivo parece corrompido ou não é do Excel. Abra-o no Excel e use "Salvar como" > "Pasta de Trabalho do Excel (.xlsx)" ou "CSV UTF-8".',
    { cause: cause.slice(0, 200) },
  );
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** XML text → string, with OOXML's _xHHHH_ escapes (as SheetJS reads them). */
export function unescapeXml(s: string): string {
  let out = s.indexOf('&') === -1 ? s : s.replace(ENTITY, (_, name: string, dec: string, hex: string) => (name ? NAMED[name] : String.fromCodePoint(Number.parseInt(dec ?? hex, dec ? 10 : 16))));
  if (out.indexOf('_x') !== -1) out = out.replace(OOXML_ESCAPE, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return out;
}

const ATTR = new Map<string, RegExp>();

function attr(tag: string, name: string): string | undefined {
  let re = ATTR.get(name);
  if (!re) ATTR.set(name, (re = new RegExp(`\\s${name}="([^"]*)"`)));
  const m = re.exec(tag);
  return m ? m[1] : undefined;
}

const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const TEXT_RUN = /<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g;

/** The text of an <si> or <is>: its runs, without phonetic guides. */
function richText(xml: string): string {
  const body = xml.indexOf('rPh') === -1 ? xml : xml.replace(PHONETIC, '');
  let out = '';
  TEXT_RUN.lastIndex = 0;
  for (let m = TEXT_RUN.exec(body); m; m = TEXT_RUN.exec(body)) if (m[1]) out += m[1];
  return unescapeXml(out);
}

function colIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** Streams an entry's text, decoded as UTF-8, in pieces. */
export async function* entryText(zip: ZipReader, name: string, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of await zip.stream(name)) {
    onBytes?.((chunk as Buffer).length);
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/**
 * The elements <tag>…</tag> (or <tag/>) of a streamed part, as [inner XML, opening tag],
 * handed out in groups (one per piece of text) to keep the async overhead per row low.
 */
async function* elements(text: AsyncGenerator<string>, tag: string): AsyncGenerator<Array<[string, string]>> {
  const open = new RegExp(`<(\\w+:)?${tag}\\b[^>]*?(/?)>`, 'g');
  let pending = '';
  for await (const piece of text) {
    pending += piece;
    const found: Array<[string, string]> = [];
    let pos = 0;
    let keep = -1;
    for (;;) {
      open.lastIndex = pos;
      const m = open.exec(pending);
      if (!m) break;
      if (m[2] === '/') {
        found.push(['', m[0]]);
        pos = open.lastIndex;
        continue;
      }
      const closeTag = `</${m[1] ?? ''}${tag}>`;
      const close = pending.indexOf(closeTag, open.lastIndex);
      if (close < 0) {
        keep = m.index; // complete it with the next piece
        break;
      }
      found.push([pending.slice(open.lastIndex, close), m[0]]);
      pos = close + closeTag.length;
    }
    // Otherwise keep only what may be the start of a tag cut by the piece boundary.
    if (keep < 0) keep = Math.max(pos, pending.lastIndexOf('<'));
    pending = pending.slice(keep);
    if (found.length > 0) yield found;
  }
}

interface Styles {
  /** Format code per cellXfs index. */
  formats: Array<string | undefined>;
}

async function readStyles(zip: ZipReader, file: string | undefined): Promise<Styles> {
  if (!file || !zip.get(file)) return { formats: [] };
  const xml = (await zip.readBuffer(file, 32 << 20)).toString('utf8');
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = attr(m[0], 'numFmtId');
    const code = attr(m[0], 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), unescapeXml(code));
  }
  const table = sheetjs().SSF.get_table() as Record<number, string>;
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const formats: Array<string | undefined> = [];
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    formats.push(custom.get(id) ?? table[id]);
  }
  return { formats };
}

/** Resolves a relationship target against the folder of the part that names it. */
function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return path.normalize(path.join(path.dirname(base), target));
}

function decodeRef(ref: string): { r: number; c: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim());
  return m ? { c: colIndex(m[1]), r: Number(m[2]) - 1 } : null;
}

export interface Workbook {
  sheets: Array<{ name: string; part: string }>;
  date1904: boolean;
  sharedStrings?: string;
  styles?: string;
}

export async function readWorkbookParts(zip: ZipReader): Promise<Workbook> {
  const wbPart = 'xl/workbook.xml';
  if (!zip.get(wbPart)) throw corrupt('no xl/workbook.xml');
  const wbXml = (await zip.readBuffer(wbPart, 32 << 20)).toString('utf8');
  const relsPart = 'xl/_rels/workbook.xml.rels';
  const relsXml = zip.get(relsPart) ? (await zip.readBuffer(relsPart, 32 << 20)).toString('utf8') : '';
  const rels = new Map<string, { type: string; target: string }>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) rels.set(id, { type: attr(m[0], 'Type') ?? '', target: resolveTarget(wbPart, target) });
  }
  const sheets: Workbook['sheets'] = [];
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = unescapeXml(attr(m[0], 'name') ?? '');
    const rid = /\br:id="([^"]*)"|\bid="([^"]*)"/.exec(m[0]);
    const rel = rid ? rels.get(rid[1] ?? rid[2]) : undefined;
    if (rel && REL_NS_WORKSHEET.test(rel.type)) sheets.push({ name, part: rel.target });
  }
  const byType = (re: RegExp) => [...rels.values()].find((r) => re.test(r.type))?.target;
  return {
    sheets,
    date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(wbXml),
    sharedStrings: byType(/\/sharedStrings$/),
    styles: byType(/\/styles$/),
  };
}

async function readSharedStrings(zip: ZipReader, part: string | undefined): Promise<string[]> {
  const out: string[] = [];
  if (!part || !zip.get(part)) return out;
  for await (const group of elements(entryText(zip, part), 'si')) for (const [inner] of group) out.push(richText(inner));
  return out;
}

const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const VALUE = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/;
const INLINE = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/;

/** Opens a sheet of an .xlsx for streaming; null when the file is not a plain OOXML workbook. */
export async function openXlsxStream(file: string, sheetName: string): Promise<XlsxStream | null> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file);
  } catch (err) {
    if (err instanceof ZipFormatError) throw corrupt(err.reason);
    throw err;
  }
  let wb: Workbook;
  try {
    // Binary workbooks (.xlsb) and other zips go to SheetJS.
    if (!zip.get('xl/workbook.xml')) {
      await zip.close();
      return null;
    }
    wb = await readWorkbookParts(zip);
  } catch (err) {
    await zip.close();
    throw err instanceof ZipFormatError ? corrupt(err.reason) : err;
  }
  const names = wb.sheets.map((s) => s.name);
  const target = wb.sheets.find((s) => s.name === sheetName);
  if (!target) {
    await zip.close();
    throw new ImportError('import.sheet_not_found', `A aba "${sheetName}" não existe nesta planilha. Escolha uma destas: ${names.join(', ')}.`, { sheets: names });
  }
  const entry = zip.get(target.part);
  if (!entry) {
    await zip.close();
    throw corrupt(`missing ${target.part}`);
  }
  // The declared range fixes where rows and columns start, as SheetJS does; without one the
  // sheet is scanned once for its first row and column.
  let dimension: { s: { r: number; c: number }; e?: { r: number; c: number } } | null = null;
  try {
    let seen = '';
    for await (const piece of entryText(zip, target.part)) {
      seen += piece;
      const m = /<(?:\w+:)?dimension\b[^>]*\bref="([^"]+)"/.exec(seen);
      if (m) {
        const [a, b] = m[1].split(':');
        const s = decodeRef(a);
        const e = b ? decodeRef(b) : s;
        if (s) dimension = { s, e: e ?? undefined };
        break;
      }
      if (/<(?:\w+:)?sheetData\b/.test(seen) || seen.length > 1 << 20) break;
    }
    dimension ??= await scanStart(zip, target.part);
  } catch (err) {
    await zip.close();
    throw err instanceof ZipFormatError ? corrupt(err.reason) : err;
  }
  const start = dimension.s;
  const totalRows = dimension.e ? dimension.e.r - start.r + 1 : undefined;
  let inflated = 0;
  const size = entry.size || 1;

  return {
    sheets: names,
    sheet: sheetName,
    totalRows,
    progress: () => Math.min(1, inflated / size),
    async *batches(batchSize = 5000) {
      try {
        const [sst, styles] = await Promise.all([readSharedStrings(zip, wb.sharedStrings), readStyles(zip, wb.styles)]);
        const maxRows = spreadsheetLimits().maxRows;
        let batch: string[][] = [];
        let batchStart = start.r + 1;
        let nextRow = start.r; // 0-based index of the next row to hand out
        let filled = 0;
        for await (const group of elements(entryText(zip, target.part, (n) => (inflated += n)), 'row')) {
          for (const [inner, open] of group) {
            const rAttr = attr(open, 'r');
            const r = rAttr !== undefined ? Number(rAttr) - 1 : nextRow;
            if (r < start.r || r < nextRow) continue;
            // Rows the file leaves out are empty rows, so numbering matches Excel.
            while (nextRow < r) {
              batch.push([]);
              nextRow++;
            }
            const row = readRow(inner, start.c, sst, styles, wb.date1904);
            if (row.length > 0 && ++filled > maxRows) throw tooManyRows();
            batch.push(row);
            nextRow++;
            if (batch.length >= batchSize) {
              yield { rows: batch, startRow: batchStart };
              batchStart += batch.length;
              batch = [];
            }
          }
        }
        if (batch.length > 0) yield { rows: batch, startRow: batchStart };
        if (filled === 0) throw new ImportError('import.empty_sheet', `A aba "${sheetName}" está vazia. Escolha a aba que tem os contatos.`, { sheets: names });
      } catch (err) {
        if (err instanceof ZipFormatError) throw corrupt(err.reason);
        throw err;
      } finally {
        await zip.close();
      }
    },
  };
}

/** A <row>'s cells as text, from column `c0` on, without trailing empty cells. */
function readRow(inner: string, c0: number, sst: string[], styles: Styles, date1904: boolean): string[] {
  const row: string[] = [];
  let lastNonEmpty = -1;
  let col = c0 - 1;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(inner); m; m = CELL.exec(inner)) {
    const tag = m[1];
    const ref = attr(tag, 'r');
    const at = ref ? decodeRef(ref) : null;
    col = at ? at.c : col + 1;
    const idx = col - c0;
    if (idx < 0) continue;
    const text = cellText(toCell(tag, m[2] ?? '', sst, styles, date1904));
    while (row.length < idx) row.push('');
    row[idx] = text;
    if (text !== '') lastNonEmpty = idx;
  }
  row.length = lastNonEmpty + 1;
  return row;
}

/** First row and column with a cell, for a sheet that declares no range. */
async function scanStart(zip: ZipReader, part: string): Promise<{ s: { r: number; c: number } }> {
  let r = Number.MAX_SAFE_INTEGER;
  let c = Number.MAX_SAFE_INTEGER;
  for await (const group of elements(entryText(zip, part), 'c')) {
    for (const [, open] of group) {
      const at = decodeRef(attr(open, 'r') ?? '');
      if (at) {
        if (at.r < r) r = at.r;
        if (at.c < c) c = at.c;
      }
    }
  }
  return { s: { r: r === Number.MAX_SAFE_INTEGER ? 0 : r, c: c === Number.MAX_SAFE_INTEGER ? 0 : c } };
}

/** One <c> as the cell object SheetJS would have made (raw value, type, number format). */
function toCell(tag: string, inner: string, sst: string[], styles: Styles, date1904: boolean): XLSX.CellObject | undefined {
  const t = attr(tag, 't') ?? 'n';
  if (t === 'inlineStr') {
    const is = INLINE.exec(inner);
    return { t: 's', v: is ? richText(is[1]) : '' };
  }
  const vm = VALUE.exec(inner);
  if (!vm) return undefined;
  const raw = vm[1];
  switch (t) {
    case 's':
      return { t: 's', v: sst[Number(raw)] ?? '' };
    case 'str':
      return { t: 's', v: unescapeXml(raw) };
    case 'b':
      return { t: 'b', v: raw === '1' || raw === 'true' };
    case 'e':
      return { t: 'e', v: 0 };
    case 'd': {
      const d = new Date(unescapeXml(raw));
      return Number.isNaN(d.getTime()) ? { t: 's', v: unescapeXml(raw) } : { t: 'd', v: d };
    }
    default: {
      let v = Number(raw);
      if (!Number.isFinite(v)) return { t: 's', v: unescapeXml(raw) };
      const s = attr(tag, 's');
      const z = s !== undefined ? styles.formats[Number(s)] : undefined;
      // Mac workbooks count days from 1904; cellText formats dates on the 1900 system.
      if (date1904 && z && sheetjs().SSF.is_date(z)) v += 1462;
      return z !== undefined ? { t: 'n', v, z } : { t: 'n', v };
    }
  }
}
