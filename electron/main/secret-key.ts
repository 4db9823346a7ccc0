import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KEY_FILE } from '../core/secrets/secret-box';

/**
 * The desktop app's SecretBox data key: 32 random bytes made once, kept in the data dir
 * wrapped by the OS keychain (Electron safeStorage) as `secret.key.safe`. Main unwraps it at
 * start and hands it to the core process. The keychain is injected so this runs under Node.
 */

export const SAFE_KEY_FILE = 'secret.key.safe';

/** The slice of Electron's safeStorage used here. */
export interface KeyProtector {
  isAvailable(): Promise<boolean>;
  /** Linux password-store backend (e.g. 'basic_text'); null on other systems. */
  backend(): string | null;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<{ plain: string; shouldReEncrypt: boolean }>;
}

export interface DataKey {
  key: Buffer;
  /** pt-BR, shown by the UI (app.info secretStorage.warning). */
  warning: string | null;
  source: 'safe-storage' | 'key-file';
}

export const WARNING_BASIC_TEXT =
  'Seu sistema não tem um chaveiro seguro (gnome-keyring/kwallet); as senhas do Recado ficam protegidas apenas por uma chave fixa.';
export const WARNING_NO_KEYCHAIN =
  'Não foi possível usar o chaveiro do sistema; as senhas do Recado ficam protegidas apenas por um arquivo de chave na pasta de dados.';
export const WARNING_KEY_LOST =
  'As senhas salvas no Recado não puderam ser recuperadas (o chaveiro do sistema mudou). Cadastre novamente a chave da IA e reconecte os números.';

export class SecretKeyError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

function decodeKey(text: string): Buffer | null {
  const key = Buffer.from(text.trim(), 'base64');
  return key.length === 32 ? key : null;
}

function writePrivate(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function loadDataKey(dataDir: string, protector: KeyProtector, now: () => number = Date.now): Promise<DataKey> {
  fs.mkdirSync(dataDir, { recursive: true });
  const safeFile = path.join(dataDir, SAFE_KEY_FILE);
  const plainFile = path.join(dataDir, KEY_FILE);
  const available = await protector.isAvailable().catch(() => false);
  const weak = available && protector.backend() === 'basic_text' ? WARNING_BASIC_TEXT : null;

  const wrap = async (key: Buffer): Promise<void> => writePrivate(safeFile, (await protector.encrypt(key.toString('base64'))).toString('base64'));

  let lostWarning: string | null = null;
  const sealed = readIfExists(safeFile);
  if (sealed !== null) {
    if (!available) {
      // Never replace a key we merely cannot reach right now: that would orphan every secret.
      throw new SecretKeyError(
        'secrets.keychain_unavailable',
        'O Recado não conseguiu acessar o chaveiro do sistema para abrir suas senhas salvas. Desbloqueie o chaveiro (ou entre de novo na sua conta do computador) e abra o Recado outra vez.',
      );
    }
    let key: Buffer | null = null;
    let reEncrypt = false;
    try {
      const opened = await protector.decrypt(Buffer.from(sealed.trim(), 'base64'));
      key = decodeKey(opened.plain);
      reEncrypt = opened.shouldReEncrypt;
    } catch {
      key = null;
    }
    if (key) {
      if (reEncrypt) await wrap(key);
      return { key, warning: weak, source: 'safe-storage' };
    }
    // The keychain answers but cannot open it (new OS profile, restored backup): keep the old
    // file for support and start over.
    fs.renameSync(safeFile, `${safeFile}.unreadable-${now()}`);
    lostWarning = WARNING_KEY_LOST;
  }

  // A plain key file exists when browser mode or the no-keychain fallback ran on this data
  // dir first; adopting it keeps their secrets readable. It stays: browser mode still reads it.
  const plain = readIfExists(plainFile);
  const adopted = plain !== null ? decodeKey(plain) : null;
  const key = adopted ?? crypto.randomBytes(32);
  if (available) {
    await wrap(key);
    return { key, warning: lostWarning ?? weak, source: 'safe-storage' };
  }
  if (!adopted) writePrivate(plainFile, key.toString('base64'));
  return { key, warning: lostWarning ?? WARNING_NO_KEYCHAIN, source: 'key-file' };
}
