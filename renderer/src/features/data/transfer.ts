import { api } from '../../api';
import type { BackupManifest } from '../../../../shared/api/methods/data';
import { blobToBase64 } from '../../lib/base64';

/** Browser-side file moves for backups: a download the core offered, an upload in chunks. */

const CHUNK_BYTES = 2 * 1024 * 1024;

/**
 * Sends a backup file to the core in chunks (works over IPC and WebSocket alike), then asks it
 * to validate and stage the restore. `onProgress` gets 0..100.
 */
export async function uploadBackup(file: File, onProgress: (percent: number) => void): Promise<BackupManifest> {
  const { uploadId } = await api.data.restoreBegin({ fileName: file.name.slice(0, 260) || 'backup.zip', size: file.size });
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    const data = await blobToBase64(file.slice(offset, offset + CHUNK_BYTES));
    await api.data.restoreChunk({ uploadId, offset, data });
    onProgress(Math.round((Math.min(file.size, offset + CHUNK_BYTES) / file.size) * 90));
  }
  const { manifest } = await api.data.restoreFinish({ uploadId });
  onProgress(100);
  return manifest;
}
