import type { ErrorParams } from '../../../shared/api/errors';

/** Backup and restore failures: a stable `backup.*` code and a pt-BR message the user can act on. */
export type BackupErrorCode =
  | 'backup.not_a_zip'
  | 'backup.not_a_backup'
  | 'backup.invalid_manifest'
  | 'backup.future_version'
  | 'backup.corrupt'
  | 'backup.busy'
  | 'backup.too_large'
  | 'backup.locked'
  | 'backup.failed'
  | 'backup.target_not_allowed'
  | 'backup.campaigns_running';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    readonly details?: unknown,
    /** The values `message` names, for the UI to say it in another language. */
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
