import fs from 'node:fs';
import path from 'node:path';
import { ImportError } from '../errors';

export type FileFormat = 'csv' | 'xlsx' | 'xls' | 'ods' | 'text';

const SPREADSHEET_EXT = new Set(['.xlsx', '.xlsm', '.xlsb', '.xls', '.ods', '.fods']);
const TEXT_EXT = new Set(['.csv', '.txt', '.tsv', '.tab', '.prn', '']);

export const SUPPORTED_FORMATS_PT = 'CSV, TXT, XLSX, XLS ou ODS';

/** Reads the first bytes of a file (enough for encoding and delimiter detection). */
export async function readHead(file: string, bytes = 1 << 20): Promise<{ head: Buffer; size: number }> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ImportError('import.file_not_found', `Arquivo não encontrado: ${path.basename(file)}. Ele pode ter sido movido ou apagado.`, undefined, { variant: 'missing', file: path.basename(file) });
    }
    if (code === 'EISDIR') {
      throw new ImportError('import.unsupported_file', 'Isso é uma pasta, não um arquivo. Escolha a planilha dentro dela.', undefined, { variant: 'folder' });
    }
    throw new ImportError('import.file_not_found', `Não foi possível abrir ${path.basename(file)}. Feche o arquivo em outros programas e tente de novo.`, { cause: code }, { variant: 'locked', file: path.basename(file) });
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(bytes, size));
    let off = 0;
    while (off < head.length) {
      const { bytesRead } = await fh.read(head, off, head.length - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return { head: head.subarray(0, off), size };
  } finally {
    await fh.close();
  }
}

/**
 * Decides how to read a file from its bytes, not its name: people rename .csv to .xlsx and
 * systems export HTML as .xls. The extension only breaks ties.
 */
export function sniffFormat(head: Buffer, fileName: string): FileFormat {
  const ext = path.extname(fileName).toLowerCase();
  if (head.length === 0 || isBlank(head)) {
    throw new ImportError('import.empty_file', 'O arquivo está vazio. Abra-o no Excel, confira se tem os contatos e salve de novo.', undefined, { variant: 'file' });
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    if (ext === '.ods') return 'ods';
    if (SPREADSHEET_EXT.has(ext) || TEXT_EXT.has(ext)) return 'xlsx';
    throw unsupported(ext);
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  if (looksBinary(head)) throw unsupported(ext);
  const start = head.subarray(0, 512).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (SPREADSHEET_EXT.has(ext) && (start.startsWith('<') || start.startsWith('<?xml'))) return 'xls'; // HTML / SpreadsheetML
  if (start.startsWith('%pdf') || start.startsWith('{\\rtf')) throw unsupported(ext);
  return 'csv';
}

function unsupported(ext: string): ImportError {
  return new ImportError(
    'import.unsupported_file',
    `Este arquivo${ext ? ` (${ext})` : ''} não é uma planilha que o Recado consiga ler. Use ${SUPPORTED_FORMATS_PT}: no Excel, "Salvar como" > "CSV UTF-8" ou "Pasta de Trabalho do Excel".`,
    undefined,
    { ext: ext || '' },
  );
}

function isBlank(buf: Buffer): boolean {
  let i = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
  else if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) i = 2;
  for (; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x00) return false;
  }
  return true;
}

/** NUL bytes or many control characters mean binary, unless it is UTF-16 text. */
export function looksBinary(head: Buffer): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) control++;
  }
  return control > n * 0.02;
}
