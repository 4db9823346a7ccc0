import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger';
import { deleteContact, listContacts, updateContact } from './contacts';
import { trigramQuery } from './contact-query';
import { importLeads, type ImportOptions } from './import';
import { addToBacklog, backlogRanges, catchUpSearchIndex, indexBacklogChunk } from './search-backlog';
import { CONTACTS_FTS, searchDoc } from './search-index';
import { SearchIndexer } from './search-indexer';
import { openTestDb, type TestDb } from './test-db';

let t: TestDb;
const opts: ImportOptions = { mapping: { phone: 1, name: 0, email: 2, fields: {} }, list: { name: 'Loja' }, consentSource: 'Balcão', onExisting: 'update' };
const tsv = (rows: string[][]) => ['Nome\tTelefone\tE-mail', ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
const people = (n: number, from = 0) => Array.from({ length: n }, (_, i) => [`Pessoa ${from + i} Souza`, `11 9${String(70000000 + from + i)}`, `p${from + i}@ex.com`]);
/** Contacts the index holds for `text` (straight from FTS5, no fallback). */
const inIndex = (text: string) => t.db.prepare(`SELECT rowid FROM ${CONTACTS_FTS} WHERE ${CONTACTS_FTS} MATCH ? ORDER BY rowid`).pluck().all(trigramQuery(text)) as number[];
const found = (search: string) => listContacts(t.db, { search, limit: 500 }).rows.map((r) => r.name);
const indexIsSound = () => t.db.prepare(`INSERT INTO ${CONTACTS_FTS} (${CONTACTS_FTS}, rank) VALUES ('integrity-check', 0)`).run();

beforeEach(() => {
  t = openTestDb();
});
afterEach(() => t.cleanup());

describe('search backlog', () => {
  it('a deferred import commits its contacts as one waiting range, and the catch-up indexes them', async () => {
    await importLeads(t.db, { text: tsv(people(3)) }, opts);
    await importLeads(t.db, { text: tsv(people(40, 3)) }, opts, { deferSearchIndexFrom: 10 });
    expect(backlogRanges(t.db)).toEqual([{ from: 3, through: 43 }]);
    expect(inIndex('pessoa 1')).toEqual([2]); // "Pessoa 1 Souza" from the first, small import only
    expect(found('pessoa 42 ')).toEqual(['Pessoa 42 Souza']); // read directly meanwhile

    expect(indexBacklogChunk(t.db, 15)).toEqual({ indexed: 15, more: true });
    expect(backlogRanges(t.db)).toEqual([{ from: 18, through: 43 }]);
    expect(await catchUpSearchIndex(t.db, { rows: 15, pauseMs: 0 })).toBe(25);
    expect(backlogRanges(t.db)).toEqual([]);
    expect(inIndex('pessoa 42 ')).toEqual([43]);
    expect(found('pessoa 42 ')).toEqual(['Pessoa 42 Souza']);
    indexIsSound();
  });

  it('contacts edited, removed or added inside a waiting range are indexed as they are when the catch-up gets there', async () => {
    await importLeads(t.db, { text: tsv(people(10)) }, opts, { deferSearchIndexFrom: 1 });
    const id = (n: number) => listContacts(t.db, { search: `pessoa ${n} ` }).rows[0].id;
    updateContact(t.db, id(2), { name: 'Renomeada Silva' });
    deleteContact(t.db, id(5));
    // The largest id goes and comes back: SQLite reuses it for the next contact, inside the range.
    const last = id(9);
    deleteContact(t.db, last);
    const again = Number(t.db.prepare("INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES ('+5511911110000', 'Volta Lima', 1, 1)").run().lastInsertRowid);
    expect(again).toBe(last);
    // None of it touched the index: it holds nothing of this range (a contentless index must not be told to drop what it never had).
    expect(t.db.prepare(`SELECT count(*) FROM ${CONTACTS_FTS}_data`).pluck().get()).toBeLessThanOrEqual(2);
    expect(found('renomeada')).toEqual(['Renomeada Silva']);
    expect(found('volta')).toEqual(['Volta Lima']);

    await catchUpSearchIndex(t.db, { pauseMs: 0 });
    expect(inIndex('renomeada')).toEqual([id(1) + 1]);
    expect(inIndex('pessoa 2 ')).toEqual([]);
    expect(inIndex('pessoa 5 ')).toEqual([]);
    expect(inIndex('pessoa 9 ')).toEqual([]);
    expect(inIndex('volta')).toEqual([last]);
    // And from now on the triggers keep those contacts in step as any other.
    updateContact(t.db, last, { name: 'Outra Vez' });
    expect(found('volta')).toEqual([]);
    expect(found('outra vez')).toEqual(['Outra Vez']);
    deleteContact(t.db, last);
    expect(inIndex('outra vez')).toEqual([]);
    indexIsSound();
  });

  it('a contact added outside every range is indexed at once by its trigger', async () => {
    await importLeads(t.db, { text: tsv(people(5)) }, opts, { deferSearchIndexFrom: 1 });
    t.db.transaction(() => addToBacklog(t.db, 100, 120))();
    const id = Number(t.db.prepare("INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES ('+5511922220000', 'Avulsa Costa', 1, 1)").run().lastInsertRowid);
    expect(id).toBe(6);
    expect(inIndex('avulsa')).toEqual([6]);
  });

  it('ranges that touch or overlap become one; others stay apart', () => {
    const add = (from: number, through: number) => t.db.transaction(() => addToBacklog(t.db, from, through))();
    add(10, 20);
    add(30, 40);
    expect(backlogRanges(t.db)).toEqual([
      { from: 10, through: 20 },
      { from: 30, through: 40 },
    ]);
    add(20, 25); // touches the first
    add(35, 50); // overlaps the second
    add(60, 60); // empty
    expect(backlogRanges(t.db)).toEqual([
      { from: 10, through: 25 },
      { from: 30, through: 50 },
    ]);
    add(5, 31); // bridges both
    expect(backlogRanges(t.db)).toEqual([{ from: 5, through: 50 }]);
    expect(() => addToBacklog(t.db, 1, 2)).toThrow(/transaction/);
  });

  it('a stopped catch-up leaves the rest waiting, and the next one finishes it', async () => {
    await importLeads(t.db, { text: tsv(people(30)) }, opts, { deferSearchIndexFrom: 1 });
    let calls = 0;
    expect(await catchUpSearchIndex(t.db, { rows: 10, pauseMs: 0, shouldStop: () => ++calls > 1 })).toBe(10);
    expect(backlogRanges(t.db)).toEqual([{ from: 10, through: 30 }]);
    expect(await catchUpSearchIndex(t.db, { rows: 10, pauseMs: 0 })).toBe(20);
    expect(backlogRanges(t.db)).toEqual([]);
    indexIsSound();
  });

  it('writes the same document as the triggers (a contentless index removes a row by its text)', () => {
    const triggers = t.db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'contacts_fts_%'`).all() as Array<{ name: string; sql: string }>;
    expect(triggers.map((x) => x.name).sort()).toEqual(['contacts_fts_delete', 'contacts_fts_insert', 'contacts_fts_update']);
    for (const x of triggers) {
      const docs = x.name === 'contacts_fts_insert' ? ['new'] : x.name === 'contacts_fts_delete' ? ['old'] : ['old', 'new'];
      for (const r of docs) expect(x.sql, x.name).toContain(searchDoc(r));
      expect(x.sql, x.name).toContain('search_backlog');
    }
  });
});

describe('SearchIndexer', () => {
  it('catches up in a worker thread of its own, and does nothing without a backlog', async () => {
    const logger = createLogger({ dataDir: t.dir, echo: false });
    const indexer = new SearchIndexer(t.db, logger.logger);
    try {
      indexer.kick();
      await indexer.idle();
      await importLeads(t.db, { text: tsv(people(50)) }, opts, { deferSearchIndexFrom: 1 });
      expect(inIndex('pessoa 49 ')).toEqual([]);
      indexer.kick();
      indexer.kick(); // while running: one more look afterwards, not a second thread
      await indexer.idle();
      expect(backlogRanges(t.db)).toEqual([]);
      expect(inIndex('pessoa 49 ')).toEqual([50]);
      indexIsSound();
    } finally {
      await indexer.close();
      logger.close();
    }
  });

  it('stops when closed, leaving the rest for the next start', async () => {
    const logger = createLogger({ dataDir: t.dir, echo: false });
    const indexer = new SearchIndexer(t.db, logger.logger);
    await importLeads(t.db, { text: tsv(people(20)) }, opts, { deferSearchIndexFrom: 1 });
    await indexer.close();
    indexer.kick();
    await indexer.idle();
    expect(backlogRanges(t.db)).toEqual([{ from: 0, through: 20 }]);
    logger.close();
  });
});
