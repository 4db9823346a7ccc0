import fs from 'node:fs';
import { ZipFormatError, ZipReader } from '../../backup/zip/zip-reader';
import { ImportError } from '../errors';
import { spreadsheetLimits, tooBigUncompressed } from './limits';

/**
 * Refuses a spreadsheet that would inflate past the limits, before any parser inflates it:
 * first by the sizes its zip declares, then by the bytes it really inflates to (counted and
 * thrown away; a part that inflates past its declared size is refused at that point). Legacy
 * .xls files are not compressed: their size is what they hold.
 */
export async function assertSpreadsheetWithinLimits(file: string, format: 'xlsx' | 'xls' | 'ods'): Promise<void> {
  const limits = spreadsheetLimits();
  if (format === 'xls') {
    const { size } = await fs.promises.stat(file);
    if (size > limits.maxUncompressedBytes) throw tooBigUncompressed(size);
    return;
  }
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file);
  } catch (err) {
    throw asImportError(err);
  }
  try {
    if (zip.entries.size > limits.maxEntries) throw corrupt(`${zip.entries.size} partes internas`);
    let declared = 0;
    for (const e of zip.entries.values()) declared += e.size;
    if (declared > limits.maxUncompressedBytes) throw tooBigUncompressed(declared);
    let actual = 0;
    for (const e of zip.entries.values()) {
      if (e.isDirectory) continue;
      for await (const chunk of await zip.stream(e.name)) {
        actual += (chunk as Buffer).length;
        if (actual > limits.maxUncompressedBytes) throw tooBigUncompressed(null);
      }
    }
  } catch (err) {
    throw asImportError(err);
  } finally {
    await zip.close();
  }
}

function corrupt(reason: string): ImportError {
  return new ImportError(
    'import.corrupt_file',
    'Não foi possível ler esta planilha: o arquivo está danificado (ou foi montado para travar programas) e não foi aberto. Abra-o no Excel e use "Salvar como" > "Pasta de Trabalho do Excel (.xlsx)" ou "CSV UTF-8".',
    { cause: reason.slice(0, 200) },
  );
}

function asImportError(err: unknown): unknown {
  if (err instanceof ImportError) return err;
  if (err instanceof ZipFormatError) return corrupt(err.reason);
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) return corrupt(code);
  return err;
}
