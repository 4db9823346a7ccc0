import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteContact, exportContact, exportContacts, getContact, listContacts, optOutByPhone, updateContact } from './contacts';
import { importLeads, type ImportOptions } from './import';
import { createList, deleteList, listLists, renameList } from './lists';
import { tagContacts } from './tags';
import { listOptOuts } from '../inbound/opt-outs';
import { countContacts, openTestDb, type TestDb } from './test-db';

let t: TestDb;
const opts: ImportOptions = { mapping: { phone: 1, name: 0, email: 2, fields: { 3: 'cidade' } }, list: { name: 'Loja' }, consentSource: 'Balcão', onExisting: 'update' };

beforeEach(async () => {
  t = openTestDb();
  await importLeads(
    t.db,
    { text: 'Nome\tTelefone\tE-mail\tCidade\nAna Souza\t11987654321\tana@x.com\tSantos\nBia Lima\t21998765432\t\tRio\n=cmd|calc\t31988887777\t\t@SUM(1)\nJoão\t(11) 3456-7890\t\tSão Paulo\n' },
    opts,
  );
});
afterEach(() => {
  t.cleanup();
});

describe('contacts queries', () => {
  it('lists with totals, keyset pages and filters', () => {
    const all = listContacts(t.db, { limit: 2 });
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => r.name)).toEqual(['Ana Souza', 'Bia Lima']);
    const next = listContacts(t.db, { limit: 2, afterId: all.rows[1].id });
    expect(next.rows.map((r) => r.name)).toEqual(['=cmd|calc', 'João']);
    expect(listContacts(t.db, { search: 'souza' }).rows.map((r) => r.name)).toEqual(['Ana Souza']);
    expect(listContacts(t.db, { search: '(21) 99876-5432' }).rows.map((r) => r.name)).toEqual(['Bia Lima']);
    expect(listContacts(t.db, { search: '3456-78' }).rows.map((r) => r.name)).toEqual(['João']);
    expect(listContacts(t.db, { search: '100%' }).total).toBe(0);
    const listId = listLists(t.db)[0].id;
    expect(listContacts(t.db, { listId, limit: 3 }).rows).toHaveLength(3);
    expect(listContacts(t.db, { listId }).total).toBe(4);
  });

  it('finds names whatever the accents and case, after imports and edits alike', async () => {
    const names = (search: string) => listContacts(t.db, { search }).rows.map((r) => r.name);
    expect(names('joao')).toEqual(['João']);
    expect(names('JOÃO')).toEqual(['João']);
    await importLeads(t.db, { text: 'Nome\tTelefone\nMARIA DA CONCEIÇÃO\t11955554444\n' }, opts);
    expect(names('conceicao')).toEqual(['MARIA DA CONCEIÇÃO']);
    expect(names('Conceição')).toEqual(['MARIA DA CONCEIÇÃO']);
    // An import that updates the name, then an edit: the search follows both.
    await importLeads(t.db, { text: 'Nome\tTelefone\nAna Sousa Araújo\t11987654321\n' }, opts);
    expect(names('araujo')).toEqual(['Ana Sousa Araújo']);
    const ana = listContacts(t.db, { search: 'araujo' }).rows[0];
    updateContact(t.db, ana.id, { name: 'Ána Séverino', email: 'ANA@EXEMPLO.com.br' });
    expect(names('araujo')).toEqual([]);
    expect(names('ana severino')).toEqual(['Ána Séverino']);
    expect(names('exemplo.com')).toEqual(['Ána Séverino']);
    // A row written by another writer (a bare INSERT) is indexed by the trigger.
    t.db.prepare(`INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES ('+5511933332222', 'Zé Fixture', 1, 1)`).run();
    expect(names('Zé Fix')).toEqual(['Zé Fixture']);
  });

  it('shows one contact with WhatsApp candidates, lists and tags', () => {
    const ana = listContacts(t.db, { search: 'ana@x.com' }).rows[0];
    tagContacts(t.db, [ana.id], 'VIP');
    const d = getContact(t.db, ana.id);
    expect(d).toMatchObject({ phone: '+5511987654321', phoneDisplay: '+55 (11) 98765-4321', firstName: 'Ana', fields: { cidade: 'Santos' }, consentSource: 'Balcão' });
    expect(d.waCandidates).toEqual(['+5511987654321', '+551187654321']);
    expect(d.lists.map((l) => l.name)).toEqual(['Loja']);
    expect(d.tags.map((x) => x.name)).toEqual(['VIP']);
    const tagId = d.tags[0].id;
    expect(listContacts(t.db, { tag: tagId }).total).toBe(1);
  });

  it('updates, opts out and deletes with all memberships', () => {
    const bia = listContacts(t.db, { search: 'Bia' }).rows[0];
    const u = updateContact(t.db, bia.id, { name: 'BEATRIZ LIMA', fields: { cidade: 'Niterói', plano: 'ouro' }, status: 'opted_out' });
    expect(u).toMatchObject({ name: 'BEATRIZ LIMA', firstName: 'Beatriz', status: 'opted_out', fields: { cidade: 'Niterói', plano: 'ouro' } });
    expect(u.optedOutAt).toBeGreaterThan(0);
    // The opt-out log says it was done by hand.
    expect(listOptOuts(t.db).rows).toEqual([expect.objectContaining({ contactId: bia.id, name: 'BEATRIZ LIMA', source: 'manual', keyword: null })]);
    expect(listContacts(t.db, { status: 'opted_out' }).rows.map((r) => r.id)).toEqual([bia.id]);
    expect(() => updateContact(t.db, bia.id, { phone: '11 98765-4321' })).toThrow(expect.objectContaining({ code: 'contacts.phone_taken' }));
    expect(() => updateContact(t.db, bia.id, { phone: 'abc' })).toThrow(expect.objectContaining({ code: 'contacts.invalid_phone' }));
    deleteContact(t.db, bia.id);
    expect(() => getContact(t.db, bia.id)).toThrow(expect.objectContaining({ code: 'contacts.not_found' }));
    expect(t.db.prepare('SELECT count(*) FROM contact_lists WHERE contact_id = ?').pluck().get(bia.id)).toBe(0);
  });

  it('records opt-outs by phone', () => {
    expect(optOutByPhone(t.db, '+55 11 8765-4321')).toBe(true);
    expect(getContact(t.db, listContacts(t.db, { search: 'Ana' }).rows[0].id).status).toBe('opted_out');
  });

  it('exports one contact for an LGPD request', () => {
    const ana = listContacts(t.db, { search: 'Ana' }).rows[0];
    const e = exportContact(t.db, ana.id);
    expect(e.contact).toMatchObject({ name: 'Ana Souza', email: 'ana@x.com', lists: [{ name: 'Loja' }] });
    expect(JSON.stringify(e)).toContain('Balcão');
  });

  it('exports CSV and XLSX with formula injection neutralized', async () => {
    const csvFile = path.join(t.dir, 'out.csv');
    const r = await exportContacts(t.db, {}, 'csv', csvFile);
    expect(r.rows).toBe(4);
    const text = fs.readFileSync(csvFile, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Nome;Telefone;Tipo;E-mail;Status;Origem do consentimento;Data do consentimento;cidade');
    expect(lines[1]).toMatch(/^Ana Souza;\+5511987654321;Celular;ana@x.com;Ativo;Balcão;/);
    expect(lines[3]).toMatch(/^'=cmd\|calc;\+5531988887777;.*;'@SUM\(1\)$/);

    const xlsxFile = path.join(t.dir, 'out.xlsx');
    await exportContacts(t.db, { search: 'calc' }, 'xlsx', xlsxFile);
    const wb = XLSX.read(fs.readFileSync(xlsxFile));
    const aoa = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
    expect(aoa[1][0]).toBe("'=cmd|calc");
    expect(aoa[1][1]).toBe('+5531988887777');
  });
});

describe('lists', () => {
  it('creates, renames, counts and deletes lists', async () => {
    const vip = createList(t.db, 'VIP');
    expect(() => createList(t.db, 'vip')).toThrow(expect.objectContaining({ code: 'lists.name_taken' }));
    renameList(t.db, vip.id, 'Clientes VIP');
    await importLeads(t.db, { text: 'Nome\tTelefone\nAna\t11987654321\nNovo\t41999998888\n' }, { ...opts, mapping: { phone: 1, name: 0, fields: {} }, list: { id: vip.id } });
    optOutByPhone(t.db, '41999998888');
    const lists = listLists(t.db);
    expect(lists.map((l) => [l.name, l.total, l.active, l.optedOut])).toEqual([
      ['Clientes VIP', 2, 1, 1],
      ['Loja', 4, 4, 0],
    ]);
    // Not active and not opted out (a number WhatsApp refused) counts in neither.
    const ana = listContacts(t.db, { search: '11987654321' }).rows[0];
    updateContact(t.db, ana.id, { status: 'invalid' });
    expect(listLists(t.db).map((l) => [l.name, l.total, l.active, l.optedOut])).toEqual([
      ['Clientes VIP', 2, 0, 1],
      ['Loja', 4, 3, 0],
    ]);
    // Contacts only in the deleted list go with it; Ana stays, she is in "Loja" too.
    expect(deleteList(t.db, vip.id, { deleteContacts: true })).toEqual({ deletedContacts: 1 });
    expect(countContacts(t.db)).toBe(4);
    expect(() => renameList(t.db, vip.id, 'x')).toThrow(expect.objectContaining({ code: 'lists.not_found' }));
  });
});
