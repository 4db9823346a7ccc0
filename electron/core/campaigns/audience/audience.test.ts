import { afterEach, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../../channels/whatsapp/testing/helpers';
import { previewAudience } from './audience';

let st: TempStore | null = null;
afterEach(() => {
  st?.cleanup();
  st = null;
});

describe('audience by lists and labels', () => {
  it('takes the lists\' members and the labelled contacts once each, minus opted-out', () => {
    st = tempStore();
    const db = st.db;
    const now = Date.now();
    const contact = (phone: string, status = 'active') => Number(db.prepare('INSERT INTO contacts (phone_key, status, created_at, updated_at) VALUES (?, ?, ?, ?)').run(phone, status, now, now).lastInsertRowid);
    const [a, b, c, d] = [contact('+5511900000001'), contact('+5511900000002'), contact('+5511900000003'), contact('+5511900000004', 'opted_out')];
    const list = Number(db.prepare('INSERT INTO lists (name, created_at) VALUES (?, ?)').run('Clientes', now).lastInsertRowid);
    for (const id of [a, b]) db.prepare('INSERT INTO contact_lists (list_id, contact_id) VALUES (?, ?)').run(list, id);
    const tag = Number(db.prepare("INSERT INTO tags (name, created_at) VALUES ('Interessado', ?)").run(now).lastInsertRowid);
    for (const id of [b, c, d]) db.prepare('INSERT INTO contact_tags (tag_id, contact_id) VALUES (?, ?)').run(tag, id);

    expect(previewAudience(db, { listIds: [list], frequencyCapDays: 0 })).toMatchObject({ inLists: 2, final: 2 });
    expect(previewAudience(db, { listIds: [], tagIds: [tag], frequencyCapDays: 0 })).toMatchObject({ inLists: 3, optedOut: 1, final: 2 });
    // b is in the list and labelled: counted once.
    expect(previewAudience(db, { listIds: [list], tagIds: [tag], frequencyCapDays: 0 })).toMatchObject({ inLists: 4, optedOut: 1, final: 3 });
  });
});
