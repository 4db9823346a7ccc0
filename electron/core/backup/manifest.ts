import { backupManifestSchema, type BackupManifest } from '../../../shared/api/methods/data';
import { BackupError } from './errors';

/** What a backup file holds; written first in the zip, checked first on restore. */
export const BACKUP_FORMAT = 'recado-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const DATABASE_ENTRY = 'recado.db';
export const ATTACHMENTS_PREFIX = 'attachments/';

export function parseManifest(raw: Buffer | string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    throw new BackupError('backup.invalid_manifest', 'O arquivo não é um backup válido do Recado: a descrição do backup (manifest.json) está ilegível.');
  }
  const format = (json as { format?: unknown; formatVersion?: unknown } | null)?.format;
  const formatVersion = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (format !== BACKUP_FORMAT) {
    throw new BackupError('backup.not_a_backup', 'Este arquivo .zip não é um backup do Recado.');
  }
  // Checked before the schema: a newer format may have fields this version does not know.
  if (typeof formatVersion === 'number' && formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'backup.future_version',
      'Este backup foi feito por uma versão mais nova do Recado e não pode ser restaurado por esta. Atualize o Recado e tente de novo.',
      { formatVersion },
    );
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new BackupError('backup.invalid_manifest', 'O arquivo não é um backup válido do Recado: a descrição do backup (manifest.json) está incompleta.', {
      issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
    });
  }
  return parsed.data;
}
