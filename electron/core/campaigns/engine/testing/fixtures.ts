/** Test helpers: a migrated in-memory store with contacts, lists, numbers and campaigns. */
import { openDatabase, type Db } from '../../../db/open';
import { CampaignDrafts } from '../../drafts/drafts-store';
import { defaultCampaignDraft, type CampaignDraft } from '../../../../../shared/campaigns/schema';

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

/** Phone of the i-th test contact: +55 11 9XXXX-XXXX (mobile, with the 9th digit). */
export function testPhone(i: number): string {
  return `+55119${String(10000000 + i).padStart(8, '0')}`;
}

export interface SeededList {
  listId: number;
  contactIds: number[];
}

/** Inserts `count` active contacts into a new list (or the list named `list`). */
export function seedContacts(db: Db, opts: { list?: string; count: number; offset?: number; fields?: (i: number) => Record<string, string> }): SeededList {
  const now = Date.now();
  const name = opts.list ?? 'Clientes';
  let list = db.prepare<[string], { id: number }>('SELECT id FROM lists WHERE name = ?').get(name);
  if (!list) list = { id: Number(db.prepare('INSERT INTO lists (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid) };
  const insert = db.prepare('INSERT INTO contacts (phone_key, name, first_name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (phone_key) DO UPDATE SET updated_at = excluded.updated_at RETURNING id');
  const link = db.prepare('INSERT OR IGNORE INTO contact_lists (list_id, contact_id) VALUES (?, ?)');
  const ids: number[] = [];
  db.transaction(() => {
    for (let k = 0; k < opts.count; k++) {
      const i = (opts.offset ?? 0) + k;
      const row = insert.get(testPhone(i), `Cliente ${i}`, `Cliente${i}`, JSON.stringify(opts.fields?.(i) ?? {}), now, now) as { id: number };
      link.run(list.id, row.id);
      ids.push(row.id);
    }
  })();
  return { listId: list.id, contactIds: ids };
}

export function insertNumber(db: Db, opts: { kind?: 'simulator' | 'whatsapp'; label?: string; config?: Record<string, unknown> } = {}): number {
  const now = Date.now();
  return Number(
    db
      .prepare('INSERT INTO numbers (kind, label, status, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(opts.kind ?? 'simulator', opts.label ?? 'Número simulado', 'disconnected', JSON.stringify(opts.config ?? {}), now, now).lastInsertRowid,
  );
}

/** A draft that sends at once, any time of day, with no delays. */
export function fastDraft(overrides: Partial<CampaignDraft> & { listIds: number[]; numberIds: number[] }): CampaignDraft {
  const { listIds, numberIds, ...rest } = overrides;
  const base = defaultCampaignDraft();
  return {
    ...base,
    name: 'Teste',
    audience: { listIds, frequencyCapDays: 0 },
    messages: { ...base.messages, variations: [{ id: 'v1', text: '{Olá|Oi} {primeiro_nome}!', attachment: null }], optOut: { enabled: false, text: '' } },
    schedule: { ...base.schedule, days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '00:00', skipHolidays: { national: false } },
    pacing: { minDelaySec: 0, maxDelaySec: 0, typing: false, batchEvery: 0, batchPauseMinutes: 0, hourlyCap: 0, dailyCap: 0 },
    numberIds,
    ...rest,
  };
}

export function insertCampaign(db: Db, draft: CampaignDraft): number {
  return new CampaignDrafts(db, () => 'America/Sao_Paulo').create(draft).id;
}
