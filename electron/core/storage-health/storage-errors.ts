import { ApiError } from '../../../shared/api/errors';

/**
 * Disk-full and read-only failures, from SQLite (SQLITE_FULL, SQLITE_READONLY*) or from the
 * file system (ENOSPC, EROFS...), become one typed error with a message the shop owner can act
 * on, instead of an "internal error". SQLite rolls the failed statement back, so the database
 * stays intact; the message says so.
 */

export const StorageErrorCodes = {
  diskFull: 'store.disk_full',
  readOnly: 'store.read_only',
} as const;

export const DISK_FULL_MESSAGE =
  'O disco do computador está cheio e o Recado não conseguiu salvar. Nada foi perdido: os envios ficam pausados até você liberar espaço (apague arquivos grandes ou esvazie a lixeira) e tentar de novo.';
export const READ_ONLY_MESSAGE =
  'A pasta de dados do Recado está somente leitura e nada pode ser salvo. Nada foi perdido: verifique as permissões da pasta (ou se o disco/pendrive foi protegido contra gravação) e abra o Recado de novo.';

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', 'EFBIG']);
const READ_ONLY_CODES = new Set(['EROFS']);
const PERMISSION_CODES = new Set(['EACCES', 'EPERM']);

/**
 * The storage kind of a failure, or null when it is something else. Permission errors count
 * only when the caller knows the path was inside the data dir (`permissionMeansReadOnly`): a
 * refused spreadsheet elsewhere on disk is not a read-only data dir.
 */
export function storageFailureKind(err: unknown, options: { permissionMeansReadOnly?: boolean } = {}): 'full' | 'read_only' | null {
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (FULL_CODES.has(code)) return 'full';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || READ_ONLY_CODES.has(code)) return 'read_only';
  if (options.permissionMeansReadOnly && PERMISSION_CODES.has(code)) return 'read_only';
  // Some platforms report a full disk during a write as a generic I/O error with ENOSPC text.
  if (code.startsWith('SQLITE_IOERR') && /disk|space|full/i.test(err.message)) return 'full';
  return null;
}

/** The typed API error for a storage failure, or null when `err` is not one. */
export function storageErrorFrom(err: unknown): ApiError | null {
  const kind = storageFailureKind(err);
  if (kind === 'full') return new ApiError(StorageErrorCodes.diskFull, DISK_FULL_MESSAGE, { cause: (err as { code: string }).code });
  if (kind === 'read_only') return new ApiError(StorageErrorCodes.readOnly, READ_ONLY_MESSAGE, { cause: (err as { code: string }).code });
  return null;
}
