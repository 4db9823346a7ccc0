import { api } from '../../api';
import { UPLOAD_MAX_BYTES, type UploadPurpose } from '../../../../shared/api/methods/uploads';
import { blobToBase64 } from '../../lib/base64';

export class UploadTooLargeError extends Error {
  readonly code = 'uploads.too_large';
}

export interface UploadedFile {
  fileId: string;
  fileName: string;
  size: number;
}

/**
 * Sends a file to the core in ordered chunks (same path over IPC and WebSocket). `onProgress`
 * gets 0..100. Aborting drops what was sent.
 */
export interface UploadOptions {
  signal?: AbortSignal;
  /** `import` (a spreadsheet, capped at UPLOAD_MAX_BYTES) unless told otherwise. */
  purpose?: UploadPurpose;
  /** The name sent when the file has none. */
  fallbackName?: string;
}

export async function uploadFile(file: File, onProgress: (percent: number) => void, options: UploadOptions = {}): Promise<UploadedFile> {
  const { signal, purpose = 'import', fallbackName = 'planilha.csv' } = options;
  if (purpose === 'import' && file.size > UPLOAD_MAX_BYTES) throw new UploadTooLargeError(file.name);
  const { uploadId, chunkBytes } = await api.uploads.begin({ fileName: file.name.slice(0, 260) || fallbackName, size: file.size, ...(purpose !== 'import' ? { purpose } : {}) });
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const dataBase64 = await blobToBase64(file.slice(offset, offset + chunkBytes));
      await api.uploads.chunk({ uploadId, offset, dataBase64 });
      onProgress(Math.round((Math.min(file.size, offset + chunkBytes) / Math.max(1, file.size)) * 100));
    }
    const done = await api.uploads.finish({ uploadId });
    onProgress(100);
    return done;
  } catch (err) {
    void api.uploads.cancel({ uploadId }).catch(() => undefined);
    throw err;
  }
}
