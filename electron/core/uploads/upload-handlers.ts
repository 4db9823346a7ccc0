import type { Handlers } from '../rpc/dispatcher';
import type { UploadStore } from './upload-store';

/** `uploads.*`: a file sent in ordered base64 chunks, usable by other methods by its id. */
export function uploadHandlers(store: UploadStore): Pick<Handlers, 'uploads.begin' | 'uploads.chunk' | 'uploads.finish' | 'uploads.cancel'> {
  return {
    'uploads.begin': ({ fileName, size, purpose }) => store.begin(fileName, size, purpose),
    'uploads.chunk': ({ uploadId, offset, dataBase64 }) => store.chunk(uploadId, offset, Buffer.from(dataBase64, 'base64')),
    'uploads.finish': ({ uploadId }) => store.finish(uploadId),
    'uploads.cancel': ({ uploadId }) => {
      store.remove(uploadId);
      return { ok: true as const };
    },
  };
}
