import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations';
import { migrate, schemaVersion } from './migrate';
import { listContacts } from '../leads/contacts';
import { DATABASE_FILE, openStore } from './open';
import { makeTempDir } from '../../../tests/helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const latest = migrations[migrations.length - 1].version;

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name);
}

describe('migrations', () => {
  it('are numbered 1..n in order, one per step', () => {
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('build the whole schema from an empty file', () => {
    const { db, migration } = openStore(tmp.dir);
    expect(migration).toMatchObject({ from: 0, to: latest, backupFile: null });
    expect(schemaVersion(db)).toBe(latest);
    expect(tables(db)).toContain('settings');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it.each(migrations.slice(0, -1).map((m) => m.version))('upgrade a database left at version %i and back it up first', (from) => {
    const file = path.join(tmp.dir, DATABASE_FILE);
    const old = new Database(file);
    migrate(old, migrations.slice(0, from), file);
    expect(schemaVersion(old)).toBe(from);
    old.close();

    const { db, migration } = openStore(tmp.dir);
    expect(migration.from).toBe(from);
    expect(schemaVersion(db)).toBe(latest);
    expect(migration.backupFile).not.toBeNull();
    const backup = new Database(migration.backupFile!, { readonly: true });
    expect(schemaVersion(backup)).toBe(from);
    backup.close();
    db.close();
  });

  it('carry contacts across: their total, folded search text and search index are filled in (0009, 0010, 0015)', () => {
    const file = path.join(tmp.dir, DATABASE_FILE);
    const old = new Database(file);
    migrate(old, migrations.slice(0, 8), file);
    const ins = old.prepare('INSERT INTO contacts (phone_key, name, email, created_at, updated_at) VALUES (?, ?, ?, 1, 1)');
    ins.run('+5511900000001', 'João Conceição', null);
    ins.run('+5511900000002', null, 'Loja@Exemplo.com');
    ins.run('+5511900000003', null, null);
    old.close();

    const at10 = new Database(file);
    migrate(at10, migrations.slice(0, 10), file);
    expect(at10.prepare('SELECT search_text FROM contacts ORDER BY id').pluck().all()).toEqual(['joao conceicao', 'loja@exemplo.com', null]);
    at10.close();

    // 0015 indexes them for search and drops search_text (the index folds by itself).
    const { db } = openStore(tmp.dir);
    expect(db.prepare('SELECT total FROM contact_totals').pluck().get()).toBe(3);
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('contacts') WHERE name = 'search_text'").pluck().get()).toBe(0);
    expect(listContacts(db, { search: 'conceicao' }).rows.map((r) => r.phone)).toEqual(['+5511900000001']);
    expect(listContacts(db, { search: 'loja@exemplo' }).rows.map((r) => r.phone)).toEqual(['+5511900000002']);
    expect(listContacts(db, { search: '900000003' }).rows.map((r) => r.phone)).toEqual(['+5511900000003']);
    db.close();
  });

  it('give every campaign a stable uid: the same one in two copies of an old database, a new random one for new rows (0014)', () => {
    const makeOld = (dir: string) => {
      const file = path.join(dir, DATABASE_FILE);
      const old = new Database(file);
      migrate(old, migrations.slice(0, 10), file);
      old.prepare(`INSERT INTO campaigns (id, name, status, draft, seed, created_at, updated_at) VALUES (7, 'Black Friday', 'running', '{}', 'a1b2c3d4e5f60718', 1700000000000, 1)`).run();
      old.close();
    };
    const other = makeTempDir();
    try {
      makeOld(tmp.dir);
      makeOld(other.dir);
      const a = openStore(tmp.dir).db;
      const b = openStore(other.dir).db;
      const uidA = a.prepare('SELECT uid FROM campaigns WHERE id = 7').pluck().get() as string;
      // A backup taken before the upgrade and restored after it names the campaign the same way.
      expect(b.prepare('SELECT uid FROM campaigns WHERE id = 7').pluck().get()).toBe(uidA);
      expect(uidA).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const insert = a.prepare(`INSERT INTO campaigns (name, status, draft, seed, created_at, updated_at) VALUES ('Nova', 'draft', '{}', 's', 1, 1)`);
      insert.run();
      insert.run();
      const fresh = a.prepare('SELECT uid FROM campaigns WHERE id <> 7 ORDER BY id').pluck().all() as string[];
      for (const u of fresh) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set([uidA, ...fresh]).size).toBe(3);
      a.close();
      b.close();
    } finally {
      other.cleanup();
    }
  });

  it('is a no-op on an up-to-date database', () => {
    openStore(tmp.dir).db.close();
    const { db, migration } = openStore(tmp.dir);
    expect(migration).toMatchObject({ from: latest, to: latest, backupFile: null });
    db.close();
  });

  it('refuses a database from a newer version, untouched', () => {
    const file = path.join(tmp.dir, DATABASE_FILE);
    const future = new Database(file);
    future.exec('CREATE TABLE from_the_future (x)');
    future.pragma(`user_version = ${latest + 5}`);
    future.close();
    const before = fs.readFileSync(file);

    expect(() => openStore(tmp.dir)).toThrowError(expect.objectContaining({ code: 'store.future_version', message: expect.stringContaining('versão mais nova do Recado') }));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back a failing step and keeps the last good version', () => {
    const file = path.join(tmp.dir, DATABASE_FILE);
    const db = new Database(file);
    const broken = [
      ...migrations,
      { version: latest + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE half (x); SELECT * FROM missing_table;') },
    ];
    expect(() => migrate(db, broken, file)).toThrow();
    expect(schemaVersion(db)).toBe(latest);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('refuses a file that is not a database with a clear message', () => {
    fs.writeFileSync(path.join(tmp.dir, DATABASE_FILE), 'this is not sqlite at all, just some text '.repeat(200));
    expect(() => openStore(tmp.dir)).toThrowError(expect.objectContaining({ code: 'store.not_a_database' }));
  });
});
