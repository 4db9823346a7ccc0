import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encrypts secrets at rest (API keys, WhatsApp credentials). The core only ever sees this
 * interface; the Electron shell and browser mode differ only in where the data key lives.
 */
export interface SecretBox {
  readonly kind: 'safe-storage' | 'key-file' | 'memory';
  /** pt-BR warning when protection is weak (e.g. Linux safeStorage on the basic_text backend). */
  readonly warning: string | null;
  seal(plain: Buffer | string): Buffer;
  open(sealed: Buffer): Buffer;
  /**
   * HMAC-SHA256 of `data` under a key derived from the data key for `purpose`: proves a record
   * was written by this installation (e.g. the license state) without encrypting it.
   */
  mac(purpose: string, data: Buffer | string): Buffer;
}

export class SecretBoxError extends Error {
  readonly code = 'secrets.tampered';
  constructor(message = 'Um dado protegido foi alterado ou está corrompido e não pôde ser lido.') {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random IV per message. Layout: version(1) | iv(12) | tag(16) | ciphertext.
 * GCM's tag makes any bit flip (or a wrong key) fail loudly instead of returning garbage.
 */
export class AesGcmSecretBox implements SecretBox {
  private readonly macKeys = new Map<string, Buffer>();

  constructor(
    private readonly key: Buffer,
    readonly kind: SecretBox['kind'],
    readonly warning: string | null = null,
  ) {
    if (key.length !== 32) throw new Error('SecretBox key must be 32 bytes');
  }

  seal(plain: Buffer | string): Buffer {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  mac(purpose: string, data: Buffer | string): Buffer {
    let key = this.macKeys.get(purpose);
    if (!key) {
      // HKDF keeps the MAC keys independent of the encryption key and of each other.
      key = Buffer.from(crypto.hkdfSync('sha256', this.key, Buffer.alloc(0), `recado-mac:${purpose}`, 32));
      this.macKeys.set(purpose, key);
    }
    return crypto.createHmac('sha256', key).update(data).digest();
  }

  open(sealed: Buffer): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new SecretBoxError();
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const body = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new SecretBoxError();
    }
  }
}

export const KEY_FILE = 'secret.key';

/**
 * Browser mode: the data key sits in a 0600 file in the data dir. It protects secrets in
 * copies of the database (backups, exports); the OS account is the trust boundary.
 */
export function keyFileSecretBox(dataDir: string): SecretBox {
  const file = path.join(dataDir, KEY_FILE);
  let key: Buffer;
  try {
    key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    key = crypto.randomBytes(32);
    fs.mkdirSync(dataDir, { recursive: true });
    // 'wx' fails if another process created it first; then read theirs.
    try {
      fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code !== 'EEXIST') throw writeErr;
      key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
  if (key.length !== 32) throw new SecretBoxError('A chave de criptografia do Recado (secret.key) está corrompida.');
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Windows ignores POSIX modes; the per-user profile folder protects it there.
  }
  return new AesGcmSecretBox(key, 'key-file');
}

/** Desktop: the data key arrives from the Electron shell, unwrapped with safeStorage. */
export function safeStorageSecretBox(key: Buffer, warning: string | null): SecretBox {
  return new AesGcmSecretBox(key, 'safe-storage', warning);
}
