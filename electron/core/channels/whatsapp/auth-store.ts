/**
 * Baileys auth state kept in SQLite (migration 0007) instead of a folder of JSON files: the
 * creds and signal keys of one linked device per `numbers` row. Values are BufferJSON text sealed
 * by the SecretBox, so the database file holds no plaintext key material.
 */
import type { AuthenticationCreds, AuthenticationState, SignalDataSet, SignalDataTypeMap, SignalKeyStore } from '@whiskeysockets/baileys';
import { baileys } from './baileys';
import type { Db } from '../../db/open';
import type { SecretBox } from '../../secrets/secret-box';

/** One number's session: what `makeWASocket({ auth })` needs plus persistence. */
export interface WhatsAppAuth {
  readonly numberId: number;
  /** Baileys mutates `state.creds` in place; call {@link saveCreds} on every `creds.update`. */
  readonly state: AuthenticationState;
  saveCreds(): void;
}

const GET_CHUNK = 500;

function seal(box: SecretBox, value: unknown): Buffer {
  return box.seal(JSON.stringify(value, baileys().BufferJSON.replacer));
}

function unseal<T>(box: SecretBox, blob: Buffer): T {
  return JSON.parse(box.open(blob).toString('utf8'), baileys().BufferJSON.reviver) as T;
}

/**
 * Loads (or creates, unsaved until the first `saveCreds`) the session of `numberId`. Call it
 * again for every new socket: it always reflects what is on disk.
 */
export function loadWhatsAppAuth(db: Db, box: SecretBox, numberId: number): WhatsAppAuth {
  const row = db.prepare<[number], { value: Buffer }>('SELECT value FROM wa_creds WHERE number_id = ?').get(numberId);
  const creds: AuthenticationCreds = row ? unseal<AuthenticationCreds>(box, row.value) : baileys().initAuthCreds();

  const upsertCreds = db.prepare(
    `INSERT INTO wa_creds (number_id, value, registered, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(number_id) DO UPDATE SET value = excluded.value, registered = excluded.registered, updated_at = excluded.updated_at`,
  );
  const upsertKey = db.prepare(
    'INSERT INTO wa_keys (number_id, type, id, value) VALUES (?, ?, ?, ?) ON CONFLICT(number_id, type, id) DO UPDATE SET value = excluded.value',
  );
  const deleteKey = db.prepare('DELETE FROM wa_keys WHERE number_id = ? AND type = ? AND id = ?');

  // Baileys sends several types at once (sessions + pre-keys + sender keys): all or nothing.
  const writeKeys = db.transaction((data: SignalDataSet) => {
    for (const type of Object.keys(data) as Array<keyof SignalDataSet>) {
      const entries = data[type];
      if (!entries) continue;
      for (const [id, value] of Object.entries(entries)) {
        if (value === null || value === undefined) deleteKey.run(numberId, type, id);
        else upsertKey.run(numberId, type, id, seal(box, value));
      }
    }
  });

  const keys: SignalKeyStore = {
    get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (let i = 0; i < ids.length; i += GET_CHUNK) {
        const chunk = ids.slice(i, i + GET_CHUNK);
        const rows = db
          .prepare<unknown[], { id: string; value: Buffer }>(
            `SELECT id, value FROM wa_keys WHERE number_id = ? AND type = ? AND id IN (${chunk.map(() => '?').join(',')})`,
          )
          .all(numberId, type, ...chunk);
        for (const r of rows) {
          let value = unseal<SignalDataTypeMap[T]>(box, r.value);
          if (type === 'app-state-sync-key' && value) {
            // Baileys expects the protobuf class here, not the plain object JSON gives back.
            value = baileys().proto.Message.AppStateSyncKeyData.fromObject(value as object) as unknown as SignalDataTypeMap[T];
          }
          out[r.id] = value;
        }
      }
      return out;
    },
    set(data: SignalDataSet) {
      writeKeys(data);
    },
    clear() {
      db.prepare('DELETE FROM wa_keys WHERE number_id = ?').run(numberId);
    },
  };

  return {
    numberId,
    state: { creds, keys },
    saveCreds() {
      upsertCreds.run(numberId, seal(box, creds), isLinkedCreds(creds) ? 1 : 0, Date.now());
    },
  };
}

/**
 * True when the creds belong to a device the phone linked. Baileys sets `creds.registered` only on
 * the pairing-code path; a QR link (`configureSuccessfulPairing`) sets `me` and `account` (the
 * device identity signed by the phone) and never `registered`. `me` alone is not enough either:
 * `requestPairingCode` writes `me` before the phone has confirmed anything.
 */
export function isLinkedCreds(creds: Pick<AuthenticationCreds, 'me' | 'account'>): boolean {
  return !!creds.me?.id && !!creds.account;
}

/**
 * True when `numberId` has a linked session (it can reconnect without a QR). The `registered`
 * column caches {@link isLinkedCreds}; rows written before that rule are checked by unsealing.
 */
export function hasLinkedSession(db: Db, numberId: number, box?: SecretBox): boolean {
  const row = db.prepare<[number], { registered: number; value: Buffer }>('SELECT registered, value FROM wa_creds WHERE number_id = ?').get(numberId);
  if (!row) return false;
  if (row.registered === 1) return true;
  if (!box) return false;
  try {
    return isLinkedCreds(unseal<AuthenticationCreds>(box, row.value));
  } catch {
    return false;
  }
}

/** Forgets the session of `numberId` (logged out, removed, or a session that keeps failing). */
export function wipeWhatsAppAuth(db: Db, numberId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM wa_keys WHERE number_id = ?').run(numberId);
    db.prepare('DELETE FROM wa_creds WHERE number_id = ?').run(numberId);
  })();
}
