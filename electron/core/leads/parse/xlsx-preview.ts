import { fflate } from './packages';
import { ZipFormatError, ZipReader } from '../../backup/zip/zip-reader';
import { ImportError } from '../errors';
import { entryText, readWorkbookParts } from './xlsx-stream';

/**
 * A preview needs a few hundred rows, but SheetJS inflates and parses every part of a
 * workbook, however many rows it is told to keep. This builds, in memory, the same workbook
 * with each sheet cut after its first `rows` rows (the rest of the parts as they are), for
 * SheetJS to read instead: same sheets, same declared ranges, a fraction of the memory.
 * null when the file is not a plain OOXML workbook (SheetJS then reads the file itself).
 */
export async function trimXlsxForPreview(file: string, rows: number): Promise<Buffer | null> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file);
  } catch (err) {
    if (err instanceof ZipFormatError) return null;
    throw err;
  }
  try {
    if (!zip.get('xl/workbook.xml')) return null;
    const sheets = new Set((await readWorkbookParts(zip)).sheets.map((s) => s.part));
    const out: Record<string, Uint8Array> = {};
    for (const e of zip.entries.values()) {
      if (e.isDirectory) continue;
      out[e.name] = sheets.has(e.name) ? Buffer.from(await firstRows(zip, e.name, rows)) : await zip.readBuffer(e.name, Number.MAX_SAFE_INTEGER);
    }
    // Stored, not compressed: it is read right away and dropped.
    return Buffer.from(fflate().zipSync(out, { level: 0 }));
  } catch (err) {
    if (err instanceof ZipFormatError) {
      throw new ImportError(
        'import.corrupt_file',
        'Não foi possível ler esta planilha: o arquivo parece corrompido ou não é do Excel. Abra-o no Excel e use "Salvar como" > "Pasta de Trabalho do Excel (.xlsx)" ou "CSV UTF-8".',
        { cause: err.reason.slice(0, 200) },
      );
    }
    throw err;
  } finally {
    await zip.close();
  }
}

const ROW_END = /<\/(?:\w+:)?row>|<(?:\w+:)?row\b[^>]*?\/>/g;

/** The sheet's XML up to the end of its `rows`-th row, closed as a valid worksheet. */
async function firstRows(zip: ZipReader, part: string, rows: number): Promise<string> {
  let text = '';
  let counted = 0; // end of the last row end counted
  let count = 0;
  for await (const piece of entryText(zip, part)) {
    text += piece;
    ROW_END.lastIndex = counted;
    for (let m = ROW_END.exec(text); m; m = ROW_END.exec(text)) {
      counted = m.index + m[0].length;
      if (++count >= rows) {
        const prefix = /<(\w+:)?worksheet\b/.exec(text)?.[1] ?? '';
        return `${text.slice(0, counted)}</${prefix}sheetData></${prefix}worksheet>`;
      }
    }
  }
  return text;
}
