import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE, keyFileSecretBox, safeStorageSecretBox } from '../../../electron/core/secrets/secret-box';
import {
  SAFE_KEY_FILE,
  WARNING_BASIC_TEXT,
  WARNING_KEY_LOST,
  WARNING_NO_KEYCHAIN,
  loadDataKey,
  type KeyProtector,
} from '../../../electron/main/secret-key';

/** A stand-in for safeStorage: AES with a "keychain" key the test controls. */
function fakeKeychain(options: { available?: boolean; backend?: string | null; reEncrypt?: boolean } = {}) {
  const state = { available: options.available ?? true, backend: options.backend ?? null, reEncrypt: options.reEncrypt ?? false, osKey: crypto.randomBytes(32), encrypts: 0 };
  const protector: KeyProtector = {
    isAvailable: async () => state.available,
    backend: () => state.backend,
    async encrypt(plain) {
      state.encrypts++;
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', state.osKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(sealed) {
      const d = crypto.createDecipheriv('aes-256-gcm', state.osKey, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      const plain = Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
      return { plain, shouldReEncrypt: state.reEncrypt };
    },
  };
  return { protector, state };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-secret-key-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('desktop data key', () => {
  it('is created once, stored only wrapped by the keychain, and the same on the next start', async () => {
    const { protector } = fakeKeychain();
    const first = await loadDataKey(dir, protector);
    expect(first.key).toHaveLength(32);
    expect(first.warning).toBeNull();
    expect(first.source).toBe('safe-storage');
    const stored = fs.readFileSync(path.join(dir, SAFE_KEY_FILE), 'utf8');
    expect(stored).not.toContain(first.key.toString('base64'));
    expect(fs.existsSync(path.join(dir, KEY_FILE))).toBe(false);
    const second = await loadDataKey(dir, protector);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('keeps saved secrets readable across restarts', async () => {
    const { protector } = fakeKeychain();
    const sealed = safeStorageSecretBox((await loadDataKey(dir, protector)).key, null).seal('sk-minha-chave');
    const reopened = safeStorageSecretBox((await loadDataKey(dir, protector)).key, null);
    expect(reopened.open(sealed).toString()).toBe('sk-minha-chave');
  });

  it('warns in Portuguese when Linux has no real keyring (basic_text)', async () => {
    const { protector } = fakeKeychain({ backend: 'basic_text' });
    const { warning } = await loadDataKey(dir, protector);
    expect(warning).toBe(WARNING_BASIC_TEXT);
    expect(warning).toMatch(/gnome-keyring\/kwallet/);
  });

  it('falls back to a key file with a warning when the keychain is unavailable, then upgrades', async () => {
    const keychain = fakeKeychain({ available: false });
    const fallback = await loadDataKey(dir, keychain.protector);
    expect(fallback.source).toBe('key-file');
    expect(fallback.warning).toBe(WARNING_NO_KEYCHAIN);
    expect(fs.existsSync(path.join(dir, KEY_FILE))).toBe(true);

    keychain.state.available = true;
    const upgraded = await loadDataKey(dir, keychain.protector);
    expect(upgraded.key.equals(fallback.key)).toBe(true);
    expect(upgraded.warning).toBeNull();
    expect(fs.existsSync(path.join(dir, SAFE_KEY_FILE))).toBe(true);
  });

  it('adopts the key browser mode created in the same data dir', async () => {
    const browserBox = keyFileSecretBox(dir);
    const sealed = browserBox.seal('segredo do modo navegador');
    const { key } = await loadDataKey(dir, fakeKeychain().protector);
    expect(safeStorageSecretBox(key, null).open(sealed).toString()).toBe('segredo do modo navegador');
  });

  it('refuses to start (and touches nothing) when the keychain holding an existing key is locked', async () => {
    const keychain = fakeKeychain();
    await loadDataKey(dir, keychain.protector);
    const before = fs.readFileSync(path.join(dir, SAFE_KEY_FILE), 'utf8');
    keychain.state.available = false;
    await expect(loadDataKey(dir, keychain.protector)).rejects.toMatchObject({ code: 'secrets.keychain_unavailable', message: expect.stringMatching(/chaveiro/) });
    expect(fs.readFileSync(path.join(dir, SAFE_KEY_FILE), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(dir, KEY_FILE))).toBe(false);
  });

  it('starts over with a warning when the keychain can no longer open the key, keeping the old file', async () => {
    const keychain = fakeKeychain();
    const old = await loadDataKey(dir, keychain.protector);
    keychain.state.osKey = crypto.randomBytes(32); // new OS profile
    const fresh = await loadDataKey(dir, keychain.protector, () => 1234);
    expect(fresh.key.equals(old.key)).toBe(false);
    expect(fresh.warning).toBe(WARNING_KEY_LOST);
    expect(fs.existsSync(path.join(dir, `${SAFE_KEY_FILE}.unreadable-1234`))).toBe(true);
    expect((await loadDataKey(dir, keychain.protector)).key.equals(fresh.key)).toBe(true);
  });

  it('re-wraps the key when the keychain asks for it', async () => {
    const keychain = fakeKeychain();
    const first = await loadDataKey(dir, keychain.protector);
    keychain.state.reEncrypt = true;
    const before = keychain.state.encrypts;
    const again = await loadDataKey(dir, keychain.protector);
    expect(again.key.equals(first.key)).toBe(true);
    expect(keychain.state.encrypts).toBe(before + 1);
  });
});
