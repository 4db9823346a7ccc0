import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteContact, listContacts, updateContact, type ContactFilter } from './contacts';
import { SEARCH_COUNT_CAP, trigramQuery } from './contact-query';
import { importLeads, type ImportInput, type ImportOptions } from './import';
import { backlogRanges, catchUpSearchIndex } from './search-backlog';
import { foldForSearch } from './search-text';
import { tagContacts } from './tags';
import { listLists } from './lists';
import { openTestDb, type TestDb } from './test-db';

let t: TestDb;
const opts: ImportOptions = { mapping: { phone: 1, name: 0, email: 2, fields: {} }, list: { name: 'Loja' }, consentSource: 'Balcão', onExisting: 'update' };
const tsv = (rows: string[][]) => ['Nome\tTelefone\tE-mail', ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
const names = (filter: ContactFilter) => listContacts(t.db, { ...filter, limit: 500 }).rows.map((r) => r.name);

// Every search runs twice: on contacts the index holds, and on contacts a big import left for
// the catch-up (search-backlog.ts), which a search reads directly. Both must answer the same.
describe.each([
  { mode: 'indexed', defer: undefined },
  { mode: 'waiting for the index', defer: 1 },
])('$mode', ({ defer }) => {
  const load = (db: TestDb['db'], input: ImportInput, o: ImportOptions) => importLeads(db, input, o, { deferSearchIndexFrom: defer });

  beforeEach(async () => {
    t = openTestDb();
    await load(
      t.db,
      {
        text: tsv([
          ['João da Conceição', '(11) 98765-4321', 'joao.conceicao@gmail.com'],
          ['MARIA SILVA', '21 99876 5432', 'maria@loja.com.br'],
          ['Ana Paula Silveira', '+55 31 98888-7777', ''],
          ['Zé', '11 3456-7890', 'ze@exemplo.com'],
          ['Conceição Araújo', '5571988776655', 'CONCEICAO@Exemplo.com'],
        ]),
      },
      opts,
    );
  });
  afterEach(() => t.cleanup());

  describe('contact search', () => {
    it('ignores accents and case in names and e-mails, and finds pieces inside words', () => {
      expect(names({ search: 'conceicao' })).toEqual(['João da Conceição', 'Conceição Araújo']);
      expect(names({ search: 'CONCEIÇÃO' })).toEqual(['João da Conceição', 'Conceição Araújo']);
      expect(names({ search: 'ilva' })).toEqual(['MARIA SILVA']);
      expect(names({ search: 'silv' })).toEqual(['MARIA SILVA', 'Ana Paula Silveira']);
      expect(names({ search: 'joão da' })).toEqual(['João da Conceição']);
      expect(names({ search: 'da conc' })).toEqual(['João da Conceição']);
      expect(names({ search: 'araujo' })).toEqual(['Conceição Araújo']);
      expect(names({ search: 'silvax' })).toEqual([]);
    });

    it('finds e-mails whole or in part', () => {
      expect(names({ search: 'maria@loja.com.br' })).toEqual(['MARIA SILVA']);
      expect(names({ search: '@exemplo.com' })).toEqual(['Zé', 'Conceição Araújo']);
      expect(names({ search: 'gmail' })).toEqual(['João da Conceição']);
      expect(names({ search: '.conceicao@' })).toEqual(['João da Conceição']);
    });

    it('finds phones typed whole in any format, or a piece of the digits', () => {
      expect(names({ search: '(11) 98765-4321' })).toEqual(['João da Conceição']);
      expect(names({ search: '11987654321' })).toEqual(['João da Conceição']);
      expect(names({ search: '+55 11 98765 4321' })).toEqual(['João da Conceição']);
      // The old 8-digit form of the same mobile.
      expect(names({ search: '(11) 8765-4321' })).toEqual(['João da Conceição']);
      expect(names({ search: '4321' })).toEqual(['João da Conceição']);
      expect(names({ search: '98765-43' })).toEqual(['João da Conceição', 'MARIA SILVA']); // 21 9 9876-5432
      expect(names({ search: '3456-78' })).toEqual(['Zé']);
      expect(names({ search: '988' })).toEqual(['Ana Paula Silveira', 'Conceição Araújo']);
      expect(names({ search: '0000' })).toEqual([]);
    });

    it('finds numbers typed with the trunk 0 Brazilians dial: 0800 lines, 0 + DDD', async () => {
      await load(t.db, { text: tsv([['Central de Atendimento', '0800 123 4567', ''], ['Bia', '(31) 97000-0800', '']]) }, { ...opts, list: { name: 'Mais' } });
      // "0800" as written in the number, and as the start of a service number.
      expect(names({ search: '0800' })).toEqual(['Central de Atendimento', 'Bia']);
      expect(names({ search: '0800 123' })).toEqual(['Central de Atendimento']);
      expect(names({ search: '0800 123 4567' })).toEqual(['Central de Atendimento']);
      expect(names({ search: '800 123' })).toEqual(['Central de Atendimento']);
      expect(names({ search: '011 98765' })).toEqual(['João da Conceição']);
      expect(names({ search: '021 9987' })).toEqual(['MARIA SILVA']);
      // Two zeros start an international call, not a trunk prefix: only the digits as written.
      expect(names({ search: '00800' })).toEqual(['Bia']);
      expect(names({ search: '00800 123' })).toEqual([]);
    });

    it('answers one- and two-character searches', () => {
      expect(names({ search: 'zé' })).toEqual(['Zé']);
      expect(names({ search: 'ze' })).toEqual(['Zé']);
      expect(names({ search: 'Z' })).toEqual(['Zé']);
      expect(names({ search: 'é' })).toEqual(['João da Conceição', 'Ana Paula Silveira', 'Zé', 'Conceição Araújo']);
      expect(names({ search: '98' })).toEqual(['João da Conceição', 'MARIA SILVA', 'Ana Paula Silveira', 'Conceição Araújo']);
    });

    it('treats LIKE wildcards and quotes as plain text', async () => {
      await load(t.db, { text: tsv([['100% "Loja" _x_', '11911112222', '']]) }, opts);
      expect(names({ search: '100%' })).toEqual(['100% "Loja" _x_']);
      expect(names({ search: '"loja"' })).toEqual(['100% "Loja" _x_']);
      expect(names({ search: '_x_' })).toEqual(['100% "Loja" _x_']);
      expect(names({ search: '0%' })).toEqual(['100% "Loja" _x_']);
      expect(names({ search: '% "' })).toEqual(['100% "Loja" _x_']);
      expect(names({ search: '10%0' })).toEqual([]);
    });

    it('combines the search with list, tag and status filters', async () => {
      await load(t.db, { text: tsv([['Maria Outra', '11922223333', '']]) }, { ...opts, list: { name: 'Feira' } });
      const feira = listLists(t.db).find((l) => l.name === 'Feira')!.id;
      expect(names({ search: 'maria' })).toEqual(['MARIA SILVA', 'Maria Outra']);
      expect(names({ search: 'maria', listId: feira })).toEqual(['Maria Outra']);
      const silva = listContacts(t.db, { search: 'maria silva' }).rows[0];
      tagContacts(t.db, [silva.id], 'VIP');
      const vip = t.db.prepare("SELECT id FROM tags WHERE name = 'VIP'").pluck().get() as number;
      expect(names({ search: 'maria', tag: vip })).toEqual(['MARIA SILVA']);
      updateContact(t.db, silva.id, { status: 'opted_out' });
      expect(names({ search: 'maria', status: 'active' })).toEqual(['Maria Outra']);
      expect(names({ search: 'maria', status: 'opted_out' })).toEqual(['MARIA SILVA']);
      expect(names({ status: 'active', listId: listLists(t.db).find((l) => l.name === 'Loja')!.id })).toEqual([
        'João da Conceição',
        'Ana Paula Silveira',
        'Zé',
        'Conceição Araújo',
      ]);
    });

    it('keeps the index in step with edits, deletes and imports that update', async () => {
      const joao = listContacts(t.db, { search: 'joao' }).rows[0];
      updateContact(t.db, joao.id, { name: 'Sebastião Brandão', email: null });
      expect(names({ search: 'joao' })).toEqual([]);
      expect(names({ search: 'sebastiao' })).toEqual(['Sebastião Brandão']);
      expect(names({ search: 'gmail' })).toEqual([]);
      updateContact(t.db, joao.id, { phone: '11 97777-6666' });
      expect(names({ search: '4321' })).toEqual([]);
      expect(names({ search: '7777-66' })).toEqual(['Sebastião Brandão']);

      // An import that updates existing contacts re-indexes their new names.
      await load(t.db, { text: tsv([['Maria Aparecida Silva', '21998765432', '']]) }, opts);
      expect(names({ search: 'aparecida' })).toEqual(['Maria Aparecida Silva']);
      expect(names({ search: 'maria@loja' })).toEqual(['Maria Aparecida Silva']); // e-mail kept (empty cell)

      deleteContact(t.db, joao.id);
      expect(names({ search: 'sebastiao' })).toEqual([]);
      expect(names({ search: '97777-66' })).toEqual([]);
      // The index holds no trace of the deleted contact (contentless rows are removed by value).
      expect(t.db.prepare('SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH ?').pluck().get(trigramQuery('sebastiao'))).toBe(0);
      expect(t.db.prepare('SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH ?').pluck().get(trigramQuery('5511977776666'))).toBe(0);
    });

    it('indexes a big import set-based, with its triggers back afterwards', async () => {
      const rows = Array.from({ length: 25_000 }, (_, i) => [`Cliente ${i} Souza`, `11 9${String(60000000 + i)}`, `c${i}@ex.com`]);
      await load(t.db, { text: tsv(rows) }, opts);
      expect(listContacts(t.db, { search: 'cliente 24999 ' }).rows.map((r) => r.email)).toEqual(['c24999@ex.com']);
      expect(listContacts(t.db, { search: '60024998' }).rows.map((r) => r.email)).toEqual(['c24998@ex.com']);
      const triggers = t.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'contacts_%' ORDER BY name`).pluck().all();
      expect(triggers).toEqual(['contacts_conversations_delete', 'contacts_fts_delete', 'contacts_fts_insert', 'contacts_fts_update', 'contacts_total_delete', 'contacts_total_insert']);
      if (defer) {
        // Nothing indexed yet: the 25,005 contacts wait as one range, then the catch-up indexes
        // them in transactions of its own and the same searches answer from the index.
        expect(backlogRanges(t.db)).toEqual([{ from: 0, through: 25_005 }]);
        expect(await catchUpSearchIndex(t.db, { rows: 10_000, pauseMs: 0 })).toBe(25_005);
        expect(backlogRanges(t.db)).toEqual([]);
        expect(listContacts(t.db, { search: 'cliente 24999 ' }).rows.map((r) => r.email)).toEqual(['c24999@ex.com']);
        expect(listContacts(t.db, { search: '60024998' }).rows.map((r) => r.email)).toEqual(['c24998@ex.com']);
        expect(names({ search: 'conceicao' })).toEqual(['João da Conceição', 'Conceição Araújo']);
      }
      // Back to the normal buffer for single-row writers.
      expect(t.db.prepare(`SELECT v FROM contacts_fts_config WHERE k = 'hashsize'`).pluck().get()).toBe(1024 * 1024);
    });

    it('caps the count of a search at 10,000 and says so', async () => {
      const rows = Array.from({ length: SEARCH_COUNT_CAP + 5 }, (_, i) => [`Cliente ${i}`, `11 9${String(50000000 + i)}`, '']);
      await load(t.db, { text: tsv(rows) }, opts);
      expect(listContacts(t.db, { search: 'cliente', limit: 1 })).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
      expect(listContacts(t.db, { search: 'cliente 1000', limit: 1 })).toMatchObject({ total: 6, totalCapped: false }); // 1000, 10000…10004
      // Without a search the total is exact, from the kept total or an index.
      expect(listContacts(t.db, { limit: 1 })).toMatchObject({ total: SEARCH_COUNT_CAP + 10, totalCapped: false });
    });
  });

  describe('paging', () => {
    beforeEach(async () => {
      const rows = Array.from({ length: 1000 }, (_, i) => [`Pessoa ${i} ${i % 3 === 0 ? 'Silva' : 'Souza'}`, `11 9${String(70000000 + i)}`, '']);
      await load(t.db, { text: tsv(rows) }, opts);
    });

    /** Every page by keyset, while `between(i)` changes the contacts after page i. */
    function walk(filter: ContactFilter, limit: number, between: (page: number, ids: number[]) => void = () => {}): number[] {
      const seen: number[] = [];
      let afterId: number | undefined;
      for (let page = 0; ; page++) {
        const r = listContacts(t.db, { ...filter, limit, afterId, withTotal: false });
        if (r.rows.length === 0) return seen;
        const ids = r.rows.map((c) => c.id);
        seen.push(...ids);
        afterId = ids[ids.length - 1];
        between(page, ids);
      }
    }

    it.each([{}, { search: 'silva' }, { search: '7000' }, { status: 'active' as const }])('keyset pages of %j neither repeat nor miss rows', (filter) => {
      const expected = listContacts(t.db, { ...filter, limit: 500 }).rows.map((r) => r.id);
      const all = walk(filter, 37);
      expect(new Set(all).size).toBe(all.length);
      if (expected.length < 500) expect(all).toEqual(expected);
      expect(all).toEqual([...all].sort((a, b) => a - b));
    });

    it('rows added or removed between pages: none repeated, none of the untouched missed', () => {
      const before = walk({ search: 'silva' }, 1000);
      const deleted = new Set<number>();
      const added: number[] = [];
      const insert = t.db.prepare('INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES (?, ?, 1, 1)');
      const seen: number[] = [];
      walk({ search: 'silva' }, 25, (page, ids) => {
        seen.push(...ids);
        // Another writer deletes a contact not shown yet and adds one (after every existing id).
        const last = seen.length ? seen[seen.length - 1] : 0;
        const victim = before.filter((id) => id > last && !deleted.has(id))[3];
        if (victim !== undefined) {
          deleteContact(t.db, victim);
          deleted.add(victim);
        }
        if (page < 3) added.push(Number(insert.run(`+551198000000${page}`, `Nova ${page} Silva`).lastInsertRowid));
      });
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of before) if (!deleted.has(id)) expect(seen).toContain(id);
      for (const id of seen) expect(deleted.has(id)).toBe(false);
      for (const id of added) expect(seen).toContain(id);
    });

    it('jumps to any position with the same rows as paging there', () => {
      const all = walk({}, 100);
      for (const at of [0, 1, 499, 777, all.length - 1, all.length - 3]) {
        expect(listContacts(t.db, { offset: at, limit: 3 }).rows.map((r) => r.id)).toEqual(all.slice(at, at + 3));
      }
      const silva = walk({ search: 'silva' }, 100);
      expect(listContacts(t.db, { search: 'silva', offset: 200, limit: 5 }).rows.map((r) => r.id)).toEqual(silva.slice(200, 205));
      const active = walk({ status: 'active' }, 100);
      updateContact(t.db, all[10], { status: 'opted_out' });
      const activeAfter = active.filter((id) => id !== all[10]);
      expect(listContacts(t.db, { status: 'active', offset: 500, limit: 4 }).rows.map((r) => r.id)).toEqual(activeAfter.slice(500, 504));
      expect(listContacts(t.db, { offset: all.length + 10, limit: 4 }).rows).toEqual([]);
    });
  });

  describe('search agrees with a plain scan', () => {
    it('for random names, e-mails, phones and queries (property)', async () => {
      const word = fc.stringMatching(/^[A-Za-zÁÂÃÀÇÉÊÍÓÔÕÚáâãàçéêíóôõú]{1,8}$/);
      const person = fc.record({
        name: fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
        email: fc.option(fc.tuple(fc.stringMatching(/^[a-z0-9._]{1,8}$/), fc.constantFrom('gmail.com', 'loja.com.br')).map(([u, d]) => `${u}@${d}`), { nil: '' }),
        phone: fc.integer({ min: 60000000, max: 99999999 }).map((n) => `11 9${n}`),
      });
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(person, { minLength: 1, maxLength: 25, selector: (p) => p.phone }), fc.nat(), fc.nat(), async (people, pick, cut) => {
          const db = openTestDb();
          try {
            await load(db.db, { text: tsv(people.map((p) => [p.name, p.phone, p.email])) }, opts);
            const stored = listContacts(db.db, { limit: 500 }).rows;
            // A query cut from a stored name, e-mail or phone (1 to 6 characters), or a random one.
            const source = stored[pick % stored.length];
            const texts = [source.name ?? '', source.email ?? '', source.phone.slice(3)].filter((x) => x.length > 0);
            const text = texts[cut % texts.length];
            const start = cut % text.length;
            const query = text.slice(start, start + 1 + (cut % 6)).trim();
            if (query === '') return;
            const got = listContacts(db.db, { search: query, limit: 500 }).rows.map((r) => r.id);
            const digits = query.replace(/\D/g, '');
            const phoneLike = digits.length > 0 && /^[\d\s()+.-]+$/.test(query);
            // A leading 0 is also read as the trunk prefix: the national number starts with the rest.
            const national = /^0[1-9]\d/.test(digits) ? digits.slice(1) : null;
            const needle = foldForSearch(query);
            const expected = stored
              .filter((c) =>
                phoneLike
                  ? c.phone.includes(digits) || (national !== null && c.phone.startsWith('+55' + national))
                  : foldForSearch(`${c.name ?? ''} ${c.email ?? ''}`).includes(needle),
              )
              .map((c) => c.id);
            // A complete phone number is looked up by key; the scan would find the same single row.
            expect(got).toEqual(expected);
            if (defer) {
              await catchUpSearchIndex(db.db, { pauseMs: 0 });
              expect(listContacts(db.db, { search: query, limit: 500 }).rows.map((r) => r.id)).toEqual(expected);
            }
          } finally {
            db.cleanup();
          }
        }),
        { numRuns: 60 },
      );
    });

    it('builds trigram queries that quote what they hold', () => {
      expect(trigramQuery('abcd')).toBe('"abc" AND "bcd"');
      expect(trigramQuery('a"b')).toBe('"a""b"');
      expect(trigramQuery('')).toBeNull();
      expect(trigramQuery('ab')!.split(' OR ')).toContain('"ab "');
    });
  });
});
