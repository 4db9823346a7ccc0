// Seller-visible license keys. Keys are looked up by plain SHA-256: they carry
// 120 random bits, so a leaked hash cannot be brute-forced and a pepper would
// add nothing but one more secret to lose. The seller must still be able to
// read keys (admin CLI), so each key is also stored AES-256-GCM encrypted
// under a key derived (HKDF) from the signing key: a leaked database backup
// alone reveals no usable key, and there is no extra secret to manage.
// Trade-off: after a signing-key rotation, older keys still work but can no
// longer be displayed (they show as unavailable).
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { validateKeyFormat } from '../shared/license/key-format';

export function hashKey(normalizedKey: string): string {
  return createHash('sha256').update(normalizedKey, 'utf8').digest('hex');
}

/** Hash of a user-typed key, or null when the format is wrong. */
export function hashKeyInput(input: string): string | null {
  const format = validateKeyFormat(input);
  return format.ok ? hashKey(format.normalized) : null;
}

export class KeyVault {
  private readonly secret: Buffer;
  private readonly secretId: string;

  constructor(signingKey: KeyObject) {
    const der = signingKey.export({ format: 'der', type: 'pkcs8' });
    this.secret = Buffer.from(hkdfSync('sha256', der, Buffer.alloc(0), 'recado-license-key-vault-v1', 32));
    this.secretId = createHash('sha256').update(this.secret).digest().subarray(0, 6).toString('base64url');
  }

  /** "v1.<secretId>.<iv>.<ciphertext+tag>" (base64url parts). */
  encrypt(normalizedKey: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secret, iv);
    const ct = Buffer.concat([cipher.update(normalizedKey, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return ['v1', this.secretId, iv.toString('base64url'), ct.toString('base64url')].join('.');
  }

  /** The key, or null when it was encrypted under another signing key or is corrupt. */
  decrypt(stored: string): string | null {
    const [version, secretId, iv, data] = stored.split('.');
    if (version !== 'v1' || secretId !== this.secretId || !iv || !data) return null;
    try {
      const bytes = Buffer.from(data, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.secret, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
