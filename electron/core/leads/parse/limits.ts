import { SPREADSHEET_MAX_ROWS, SPREADSHEET_MAX_UNCOMPRESSED_BYTES } from '../../../../shared/leads/limits';
import { ImportError } from '../errors';
import type { RowBatch } from './csv';

/**
 * What a spreadsheet may hold before Recado refuses to open it: a small .xlsx can inflate to
 * gigabytes (a "zip bomb"). The numbers are shown in the import screen too.
 */
export interface SpreadsheetLimits {
  /** Sum of the uncompressed parts of an .xlsx/.ods (zip), and the size of an .xls. */
  maxUncompressedBytes: number;
  maxRows: number;
  /** Parts inside the zip; real workbooks have a few dozen. */
  maxEntries: number;
}

export const DEFAULT_SPREADSHEET_LIMITS: SpreadsheetLimits = {
  maxUncompressedBytes: SPREADSHEET_MAX_UNCOMPRESSED_BYTES,
  maxRows: SPREADSHEET_MAX_ROWS,
  maxEntries: 10_000,
};

let limits: SpreadsheetLimits = DEFAULT_SPREADSHEET_LIMITS;

export function spreadsheetLimits(): SpreadsheetLimits {
  return limits;
}

/** Tests shrink the limits to exercise them with small files; call with no argument to reset. */
export function setSpreadsheetLimitsForTests(next?: Partial<SpreadsheetLimits>): void {
  limits = { ...DEFAULT_SPREADSHEET_LIMITS, ...next };
}

const mb = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024)).toLocaleString('pt-BR')} MB`;

export function tooBigUncompressed(bytes: number | null): ImportError {
  const max = limits.maxUncompressedBytes;
  return new ImportError(
    'import.too_large',
    `${bytes === null ? 'Descompactada, esta planilha passa' : `Descompactada, esta planilha teria ${mb(bytes)}, mais`} do que o limite de ${mb(max)}, por isso não foi aberta. Salve só a aba e as colunas dos contatos como "CSV UTF-8" no Excel e importe o CSV.`,
    { maxUncompressedBytes: max, ...(bytes === null ? {} : { uncompressedBytes: bytes }) },
    { variant: 'bytes', maxMb: Math.ceil(max / (1024 * 1024)) },
  );
}

export function tooManyRows(): ImportError {
  return new ImportError(
    'import.too_large',
    `A planilha passa de ${limits.maxRows.toLocaleString('pt-BR')} linhas, o limite para planilhas. Divida-a em partes ou salve como "CSV UTF-8" e importe o CSV.`,
    { maxRows: limits.maxRows },
    { variant: 'rows', maxRows: limits.maxRows },
  );
}

/** Passes batches through, failing once more rows with content than the limit went by. */
export function* capRows(batches: Iterable<RowBatch>): Generator<RowBatch> {
  const max = limits.maxRows;
  let filled = 0;
  for (const b of batches) {
    for (const row of b.rows) if (row.length > 0 && ++filled > max) throw tooManyRows();
    yield b;
  }
}
