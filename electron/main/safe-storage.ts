import { safeStorage } from 'electron';
import type { KeyProtector } from './secret-key';

/** Electron's safeStorage behind the KeyProtector seam; call only after app 'ready'. */
export function safeStorageProtector(platform: NodeJS.Platform = process.platform): KeyProtector {
  return {
    isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    backend: () => (platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null),
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    async decrypt(sealed) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
      return { plain: result, shouldReEncrypt };
    },
  };
}
