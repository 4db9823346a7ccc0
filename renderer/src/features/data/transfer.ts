import { api } from '../../api';
import type { BackupManifest } from '../../../../shared/api/methods/data';
import { uploadFile } from '../import/upload';

/** Browser-side file moves for backups: a download the core offered, an upload in chunks. */

/**
 * Sends a backup file to the core through `uploads.*` (works over IPC and WebSocket alike), then
 * asks it to validate and stage the restore. `onProgress` gets 0..100.
 */
export async function uploadBackup(file: File, onProgress: (percent: number) => void): Promise<BackupManifest> {
  const { fileId } = await uploadFile(file, (percent) => onProgress(Math.round(percent * 0.9)), { purpose: 'restore', fallbackName: 'backup.zip' });
  const { manifest } = await api.data.restoreFinish({ fileId });
  onProgress(100);
  return manifest;
}
