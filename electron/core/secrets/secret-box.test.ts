import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmSecretBox, KEY_FILE, SecretBoxError, keyFileSecretBox } from './secret-box';
import { SecretsStore } from './secrets-store';
import { openStore } from '../db/open';
import { makeTempDir } from '../../../tests/helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('SecretBox', () => {
  it('round-trips text and binary, with a fresh IV each time', () => {
    const box = new AesGcmSecretBox(crypto.randomBytes(32), 'memory');
    const a = box.seal('sk-test-chave-secreta-ção');
    const b = box.seal('sk-test-chave-secreta-ção');
    expect(a.equals(b)).toBe(false);
    expect(box.open(a).toString('utf8')).toBe('sk-test-chave-secreta-ção');
    const bin = crypto.randomBytes(1000);
    expect(box.open(box.seal(bin)).equals(bin)).toBe(true);
  });

  it('detects tampering anywhere in the sealed blob', () => {
    const box = new AesGcmSecretBox(crypto.randomBytes(32), 'memory');
    const sealed = box.seal('segredo');
    for (let i = 0; i < sealed.length; i++) {
      const copy = Buffer.from(sealed);
      copy[i] ^= 0x01;
      expect(() => box.open(copy)).toThrow(SecretBoxError);
    }
    expect(() => box.open(sealed.subarray(0, 10))).toThrow(SecretBoxError);
  });

  it('cannot be opened with another key', () => {
    const sealed = new AesGcmSecretBox(crypto.randomBytes(32), 'memory').seal('segredo');
    expect(() => new AesGcmSecretBox(crypto.randomBytes(32), 'memory').open(sealed)).toThrow(SecretBoxError);
  });

  it('browser mode keeps its key in a 0600 file that survives restarts', () => {
    const first = keyFileSecretBox(tmp.dir);
    const sealed = first.seal('segredo');
    const stat = fs.statSync(path.join(tmp.dir, KEY_FILE));
    if (process.platform !== 'win32') expect(stat.mode & 0o777).toBe(0o600);
    expect(keyFileSecretBox(tmp.dir).open(sealed).toString()).toBe('segredo');
  });

  it('stores only ciphertext in the database', () => {
    const { db } = openStore(tmp.dir);
    const secrets = new SecretsStore(db, keyFileSecretBox(tmp.dir));
    secrets.set('ai.apiKey', 'sk-live-123456');
    const raw = db.prepare<[], { blob: Buffer }>('SELECT blob FROM secrets').get()!;
    expect(raw.blob.toString('latin1')).not.toContain('sk-live-123456');
    expect(secrets.get('ai.apiKey')).toBe('sk-live-123456');
    expect(secrets.has('ai.apiKey')).toBe(true);
    secrets.clear('ai.apiKey');
    expect(secrets.get('ai.apiKey')).toBeNull();
    db.close();
  });
});
