import type { ErrorParams } from '../../../shared/api/errors';
import { isFieldKey } from '../../../shared/leads/field-key';

/** Machine codes for everything that can go wrong while reading or importing leads. */
export type ImportErrorCode =
  | 'import.empty_file'
  | 'import.file_not_found'
  | 'import.unsupported_file'
  | 'import.corrupt_file'
  | 'import.encrypted_xlsx'
  | 'import.sheet_not_found'
  | 'import.empty_sheet'
  | 'import.line_too_long'
  | 'import.bad_encoding'
  | 'import.too_large'
  | 'import.no_phone_column'
  | 'import.bad_mapping'
  | 'import.list_not_found'
  | 'import.cancelled'
  | 'import.failed'
  | 'contacts.not_found'
  | 'contacts.phone_taken'
  | 'contacts.invalid_phone'
  | 'lists.not_found'
  | 'lists.name_taken'
  | 'lists.invalid_name'
  | 'export.too_many_rows';

/** An error the UI can show as is: `message` is pt-BR and tells the shop owner what to do. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** The values `message` names, for the UI to say it in another language. */
    readonly params?: ErrorParams,
  ) {
    super(message);
  }

  toJSON(): { code: ImportErrorCode; message: string; details?: Record<string, unknown>; params?: ErrorParams } {
    return { code: this.code, message: this.message, details: this.details, ...(this.params ? { params: this.params } : {}) };
  }
}

export function cancelledError(): ImportError {
  return new ImportError('import.cancelled', 'Importação cancelada. Nenhum contato foi alterado.');
}

/** Refuses a field key a message variable could not use (import mapping, contact edit). */
export function assertFieldKey(key: string): void {
  if (!isFieldKey(key)) {
    throw new ImportError('import.bad_mapping', `O nome de campo "${key}" não pode ser usado: use só letras minúsculas sem acento, números e _.`, { key }, { variant: 'field', key });
  }
}

export function isImportError(err: unknown): err is ImportError {
  return err instanceof ImportError;
}
