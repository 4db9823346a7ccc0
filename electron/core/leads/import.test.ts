import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizePhoneLite } from '../../../shared/phone';
import { ImportError } from './errors';
import { importLeads, type ImportOptions, type ImportReport } from './import';
import { rejectedCsv } from './report';
import { previewFile } from './parse/preview';
import { multiSheetLeadsXlsx } from '../../../tests/fixtures/xlsx-leads';
import { contactTotals, countContacts, openTestDb, type TestDb } from './test-db';

let t: TestDb;
let cacheSize: unknown;
beforeEach(() => {
  t = openTestDb();
  cacheSize = t.db.pragma('cache_size', { simple: true });
});
afterEach(() => {
  // Whatever the import did (merged, rebuilt the index, failed, was cancelled), the dashboard's
  // kept contact total still equals a real count and the insert trigger is back.
  if (t.db.open) {
    const totals = contactTotals(t.db);
    expect(totals.kept).toBe(totals.counted);
    expect(totals.trigger).toBe(true);
    // The merge turns foreign keys off for its transaction, sizes the page cache and sorts with
    // helper threads: the connection is as it was, and nothing dangles.
    expect(t.db.pragma('cache_size', { simple: true })).toBe(cacheSize);
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.db.pragma('threads', { simple: true })).toBe(0);
    expect(t.db.pragma('foreign_key_check')).toEqual([]);
    // The stage's database is gone, whatever the outcome.
    expect((t.db.pragma('database_list') as Array<{ name: string }>).map((d) => d.name).filter((n) => n !== 'temp')).toEqual(['main']);
  }
  t.cleanup();
});

const base: ImportOptions = {
  mapping: { phone: 1, name: 0, email: 2, fields: { 3: 'cidade' } },
  list: { name: 'Clientes' },
  consentSource: 'Clientes da loja',
  onExisting: 'update',
};

function csv(name: string, body: string): { path: string } {
  const p = path.join(t.dir, name);
  fs.writeFileSync(p, body);
  return { path: p };
}

function contact(phone: string) {
  return t.db.prepare('SELECT * FROM contacts WHERE phone_key = ?').get(phone) as Record<string, unknown> | undefined;
}

function sumOfParts(r: ImportReport): number {
  return r.imported + r.updated + r.unchanged + r.optedOut + r.duplicates + r.invalid + r.skippedByFilter;
}

describe('importLeads', () => {
  it('imports, normalizes and records consent', async () => {
    const before = Date.now();
    const r = await importLeads(t.db, csv('a.csv', 'Nome;Telefone;E-mail;Cidade\nMARIA DA SILVA;(11) 98765-4321;Maria@Ex.com;São Paulo\nJoão;(21) 3456-7890;;Rio\n'), base);
    expect(r).toMatchObject({ rowsRead: 2, imported: 2, invalid: 0, listName: 'Clientes', format: 'csv' });
    const m = contact('+5511987654321')!;
    expect(m).toMatchObject({ name: 'MARIA DA SILVA', first_name: 'Maria', email: 'maria@ex.com', kind: 'mobile', status: 'active', consent_source: 'Clientes da loja' });
    expect(m.consent_at as number).toBeGreaterThanOrEqual(before);
    expect(JSON.parse(m.fields as string)).toEqual({ cidade: 'São Paulo' });
    expect(JSON.parse(m.wa_candidates as string)).toEqual(['+5511987654321', '+551187654321']);
    expect(contact('+552134567890')).toMatchObject({ kind: 'landline', email: null });
    expect(t.db.prepare('SELECT count(*) FROM contact_lists WHERE list_id = ?').pluck().get(r.listId)).toBe(2);
    const log = t.db.prepare('SELECT status, report FROM imports WHERE id = ?').get(r.importId) as { status: string; report: string };
    expect(log.status).toBe('done');
    expect(JSON.parse(log.report).imported).toBe(2);
  });

  it('keeps every kind of phone as the phone rules read it: mobile, landline, service numbers, other countries', async () => {
    const phones = ['(11) 98765-4321', '(21) 3456-7890', '0800 123 4567', '+351 917 300 523', '+1 212 555 0123'];
    const r = await importLeads(t.db, csv('k.csv', 'Nome;Telefone\n' + phones.map((p, i) => `P${i};${p}`).join('\n') + '\n'), { ...base, mapping: { phone: 1, name: 0, fields: {} } });
    expect(r).toMatchObject({ imported: phones.length, invalid: 0 });
    const stored = t.db.prepare('SELECT phone_key, kind FROM contacts ORDER BY id').all();
    const expected = phones.map((p) => {
      const n = normalizePhoneLite(p, 'BR');
      if (!n.ok) throw new Error(p);
      return { phone_key: n.e164, kind: n.kind };
    });
    expect(stored).toEqual(expected);
    expect(new Set(expected.map((e) => e.kind))).toEqual(new Set(['mobile', 'landline', 'other']));
  });

  it('makes one contact of the same person written in two formats', async () => {
    const r = await importLeads(t.db, csv('d.csv', 'Nome;Telefone;E-mail;Cidade\nAna;(11) 98765-4321;;\nAna Paula;+55 11 8765-4321;;\nAna P.;wa.me/5511987654321;;\n'), base);
    expect(r).toMatchObject({ rowsRead: 3, imported: 1, duplicates: 2 });
    expect(countContacts(t.db)).toBe(1);
    expect(contact('+5511987654321')!.name).toBe('Ana');
  });

  it('merges into existing contacts or keeps them, and always adds them to the list', async () => {
    await importLeads(t.db, csv('1.csv', 'Nome;Telefone;E-mail;Cidade\nAna;11987654321;ana@x.com;Santos\n'), { ...base, list: { name: 'Antiga' } });
    const keep = await importLeads(t.db, csv('2.csv', 'Nome;Telefone;E-mail;Cidade\nAna Nova;(11) 98765-4321;;Campinas\nBia;21998765432;;\n'), { ...base, onExisting: 'keep', list: { name: 'Nova' } });
    expect(keep).toMatchObject({ imported: 1, unchanged: 1, updated: 0 });
    expect(contact('+5511987654321')).toMatchObject({ name: 'Ana' });
    const upd = await importLeads(t.db, csv('3.csv', 'Nome;Telefone;E-mail;Cidade\nAna Nova;(11) 98765-4321;;Campinas\n'), { ...base, list: { name: 'Nova' } });
    expect(upd).toMatchObject({ imported: 0, updated: 1 });
    const ana = contact('+5511987654321')!;
    // Empty cells do not erase what was there.
    expect(ana).toMatchObject({ name: 'Ana Nova', first_name: 'Ana', email: 'ana@x.com' });
    expect(JSON.parse(ana.fields as string)).toEqual({ cidade: 'Campinas' });
    const lists = t.db.prepare('SELECT l.name FROM contact_lists cl JOIN lists l ON l.id = cl.list_id WHERE cl.contact_id = ? ORDER BY l.name').pluck().all(ana.id);
    expect(lists).toEqual(['Antiga', 'Nova']);
  });

  it('never re-activates an opted-out contact', async () => {
    await importLeads(t.db, csv('1.csv', 'Nome;Telefone;E-mail;Cidade\nAna;11987654321;;\n'), base);
    t.db.prepare("UPDATE contacts SET status = 'opted_out', opted_out_at = 1 WHERE phone_key = '+5511987654321'").run();
    const r = await importLeads(t.db, csv('2.csv', 'Nome;Telefone;E-mail;Cidade\nAna Maria;+55 11 98765-4321;ana@x.com;Rio\n'), base);
    expect(r).toMatchObject({ optedOut: 1, updated: 0, imported: 0 });
    expect(contact('+5511987654321')).toMatchObject({ status: 'opted_out', opted_out_at: 1, name: 'Ana', email: null });
  });

  it('rejects bad rows with a reason and exports them for fixing', async () => {
    const r = await importLeads(t.db, csv('bad.csv', 'Nome;Telefone;E-mail;Cidade\nAna;não tem;;\nBia;1234;;\n;;;\nCaio;11987654321;;\n=HYPERLINK("x");98765-4321;;\n'), base);
    expect(r).toMatchObject({ rowsRead: 4, imported: 1, invalid: 3 });
    expect(r.rejected.map((x) => [x.row, x.reason])).toEqual([
      [2, 'letters'],
      [3, 'too_short'],
      [6, 'no_area_code'],
    ]);
    const out = rejectedCsv(r);
    const lines = out.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Nome;Telefone;E-mail;Cidade;Linha na planilha;Motivo');
    expect(lines[1]).toMatch(/^Ana;não tem;;;2;O telefone contém letras/);
    // Formula injection is neutralized.
    expect(lines[3].startsWith(`"'=HYPERLINK(""x"")";98765-4321`)).toBe(true);
  });

  it('imports only rows matching the filter', async () => {
    const r = await importLeads(t.db, csv('f.csv', 'Nome;Telefone;E-mail;Cidade\nAna;11987654321;;São Paulo\nBia;21998765432;;Rio\nCaio;11976543210;;sao paulo \n'), {
      ...base,
      filter: { column: 3, equals: 'SÃO PAULO' },
    });
    expect(r).toMatchObject({ rowsRead: 3, imported: 2, skippedByFilter: 1 });
  });

  it('joins a separate DDD column and reads pasted text', async () => {
    const r = await importLeads(t.db, { text: 'Nome\tDDD\tCelular\nAna\t11\t98765-4321\nBia\t21\t(21) 99876-5432\n' }, { ...base, mapping: { phone: 2, areaCode: 1, name: 0, fields: {} } });
    expect(r).toMatchObject({ imported: 2, invalid: 0, format: 'text' });
    expect(contact('+5521998765432')).toBeTruthy();
  });

  it('adds to an existing list by id and reports a missing one', async () => {
    const first = await importLeads(t.db, csv('1.csv', 'Nome;Telefone;E-mail;Cidade\nAna;11987654321;;\n'), base);
    const again = await importLeads(t.db, csv('2.csv', 'Nome;Telefone;E-mail;Cidade\nBia;21998765432;;\n'), { ...base, list: { id: first.listId } });
    expect(again.listId).toBe(first.listId);
    await expect(importLeads(t.db, csv('3.csv', 'Nome;Telefone;E-mail;Cidade\nCaio;31988887777;;\n'), { ...base, list: { id: 999 } })).rejects.toMatchObject({ code: 'import.list_not_found' });
    expect(countContacts(t.db)).toBe(2);
  });

  it('imports numeric phone cells from XLSX without losing digits', async () => {
    const XLSX = await import('xlsx');
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([['Lista VIP'], [], ['Nome', 'Celular', 'E-mail', 'Cidade'], ['Ana', 5511987654321, '', 'Santos'], ['Bia', 21998765432, '', 'Rio']]);
    ws.B4.z = '0.00E+00';
    XLSX.utils.book_append_sheet(wb, ws, 'Planilha1');
    const p = path.join(t.dir, 'vip.xlsx');
    fs.writeFileSync(p, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const r = await importLeads(t.db, { path: p }, base);
    expect(r).toMatchObject({ format: 'xlsx', sheet: 'Planilha1', rowsRead: 2, imported: 2 });
    expect(r.headers.slice(0, 2)).toEqual(['Nome', 'Celular']);
    expect(contact('+5511987654321')).toMatchObject({ name: 'Ana' });
    expect(contact('+5521998765432')).toMatchObject({ name: 'Bia' });
  });

  it('imports the leads sheet of a multi-sheet workbook with pt-BR values, renaming a built-in column', async () => {
    const p = path.join(t.dir, 'carteira.xlsx');
    fs.writeFileSync(p, multiSheetLeadsXlsx());
    const pv = await previewFile(p);
    const mapping = { phone: pv.suggestedMapping.phone!, name: pv.suggestedMapping.name, fields: pv.suggestedMapping.fields };
    const r = await importLeads(t.db, { path: p }, { ...base, sheet: pv.sheet, headerRow: pv.headerRow, mapping });
    expect(r).toMatchObject({ sheet: 'Clientes', rowsRead: 5, imported: 5, invalid: 0 });
    expect(JSON.parse(contact('+5511987654321')!.fields as string)).toEqual({ cidade: 'Ribeirão Preto', data_planilha: '04/12/2026', valor: 'R$ 130,50' });
    expect(JSON.parse(contact('+5531988887777')!.fields as string)).toEqual({ data_planilha: '01/10/2026', valor: 'R$ 1.250,00' });

    // Without a sheet (the CLI), the same sheet is found; a key named like a built-in is renamed.
    const again = await importLeads(t.db, { path: p }, { ...base, list: { name: 'Outra' }, mapping: { phone: 1, name: 0, fields: { 3: 'data' } } });
    expect(again).toMatchObject({ sheet: 'Clientes', rowsRead: 5 });
    expect(JSON.parse(contact('+5521998765432')!.fields as string)).toMatchObject({ data_planilha: '20/11/2026' });
    expect(JSON.parse(contact('+5521998765432')!.fields as string)).not.toHaveProperty('data');
  });

  it('asks for a phone column', async () => {
    await expect(importLeads(t.db, { text: 'a,b\n1,2\n' }, { ...base, mapping: { fields: {} } as never })).rejects.toMatchObject({ code: 'import.no_phone_column' });
  });

  it('loads a big file into an empty table through the index rebuild, and reports progress', async () => {
    let body = 'Nome;Telefone;E-mail;Cidade\n';
    for (let i = 0; i < 25000; i++) body += `Pessoa ${i};11 9${String(70000000 + i)};;Cidade ${i % 7}\n`;
    body += 'Repetida;11 970000000;;\n';
    const seen: string[] = [];
    const r = await importLeads(t.db, csv('big.csv', body), base, { onProgress: (p) => seen.push(p.phase) });
    expect(r).toMatchObject({ rowsRead: 25001, imported: 25000, duplicates: 1 });
    expect(seen).toContain('reading');
    expect(seen[seen.length - 1]).toBe('saving');
    const idx = t.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'contacts_phone_key'").pluck().get() as string;
    expect(idx).toMatch(/UNIQUE/);
    expect(() => t.db.prepare("INSERT INTO contacts (phone_key, created_at, updated_at) VALUES ('+5511970000000', 1, 1)").run()).toThrow(/UNIQUE/);
  });

  it('leaves nothing behind when cancelled during the save', async () => {
    await importLeads(t.db, csv('1.csv', 'Nome;Telefone;E-mail;Cidade\nAna;11987654321;;\n'), base);
    const ac = new AbortController();
    const p = importLeads(t.db, csv('2.csv', 'Nome;Telefone;E-mail;Cidade\nBia;21998765432;;\nAna;11987654321;;Rio\n'), base, {
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.phase === 'saving' && pr.percent >= 84) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'import.cancelled' });
    expect(countContacts(t.db)).toBe(1);
    expect(t.db.prepare('SELECT count(*) FROM lists').pluck().get()).toBe(1);
    expect(t.db.prepare('SELECT count(*) FROM imports').pluck().get()).toBe(1);
    expect(JSON.parse(contact('+5511987654321')!.fields as string)).toEqual({});
  });
});

describe('hostile text files', () => {
  const name = (phone: string) => contact(phone)?.name;

  it('an unclosed quote is reported with its row, and the rows after it are still read', async () => {
    const r = await importLeads(t.db, csv('q.csv', 'Nome;Telefone\n"Ana;11987654321\nBia;11987654322\nCaio;11987654323\n'), base);
    expect(r).toMatchObject({ rowsRead: 3, imported: 3 });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'unclosed_quote', rows: [2], message: expect.stringMatching(/aspas.*linha 2/i) })]);
    expect(name('+5511987654322')).toBe('Bia');
    // The same in pasted text.
    const pasted = await importLeads(t.db, { text: 'Nome\tTelefone\n"Duda\t11987654324\nEdu\t11987654325\n' }, { ...base, list: { name: 'Colados' } });
    expect(pasted).toMatchObject({ rowsRead: 2, imported: 2 });
    expect(pasted.warnings?.[0]).toMatchObject({ code: 'unclosed_quote', rows: [2] });
  });

  it('a file mixing UTF-8 and Windows-1252 lines is read line by line, with a warning naming the odd lines', async () => {
    const utf8 = (s: string) => Buffer.from(s, 'utf8');
    const w1252 = (s: string) => Buffer.from(s, 'latin1');
    const body = Buffer.concat([
      utf8('Nome;Telefone\nJosé Conceição;11987654321\nAna;11987654322\n'),
      w1252('João Araújo;11987654323\n'),
      utf8('Márcia;11987654324\n'),
    ]);
    const p = path.join(t.dir, 'mixed.csv');
    fs.writeFileSync(p, body);
    const r = await importLeads(t.db, { path: p }, base);
    expect(r.imported).toBe(4);
    expect(name('+5511987654321')).toBe('José Conceição');
    expect(name('+5511987654323')).toBe('João Araújo');
    expect(name('+5511987654324')).toBe('Márcia');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'mixed_encoding', rows: [4], message: expect.stringMatching(/linha 4 estava em Windows-1252/) })]);

    // The other way round: a Windows-1252 file with one UTF-8 line.
    const other = Buffer.concat([w1252('Nome;Telefone\nJoão;11987654331\nSão;11987654332\n'), utf8('José;11987654333\n')]);
    fs.writeFileSync(p, other);
    const r2 = await importLeads(t.db, { path: p }, { ...base, list: { name: 'Outra' } });
    expect(r2.encoding).toBe('windows1252');
    expect(name('+5511987654331')).toBe('João');
    expect(name('+5511987654333')).toBe('José');
    expect(r2.warnings).toEqual([expect.objectContaining({ code: 'mixed_encoding', rows: [4] })]);
  });

  it('accents already garbled in the file (JosÃ©) are repaired and reported with their rows', async () => {
    const r = await importLeads(t.db, csv('m.csv', 'Nome;Telefone;E-mail;Cidade\nJosÃ© ConceiÃ§Ã£o;11987654321;;SÃ£o Paulo\nAna;11987654322;;Rio\n'), base);
    expect(name('+5511987654321')).toBe('José Conceição');
    expect(JSON.parse(contact('+5511987654321')!.fields as string)).toEqual({ cidade: 'São Paulo' });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'mojibake', rows: [2], message: expect.stringMatching(/JosÃ©.*José/) })]);
  });

  it('a clean file has no warnings', async () => {
    const r = await importLeads(t.db, csv('ok.csv', 'Nome;Telefone\nJosé;11987654321\n'), base);
    expect(r.warnings).toEqual([]);
  });
});

describe('importLeads property', () => {
  const cell = fc.oneof(
    fc.constantFrom('', 'Ana', 'João "Zé"', '(11) 98765-4321', '11987654321', '+55 21 3456-7890', 'wa.me/5531988887777', 'não tem', '=1+1', 'a;b', 'x\ny', '"'),
    fc.string({ maxLength: 12 }),
    fc.stringMatching(/^\(?[1-9]{2}\)? ?9?[6-9]\d{3}-?\d{4}$/),
  );
  const rowArb = fc.array(cell, { minLength: 1, maxLength: 5 });

  it('never throws anything but ImportError and never writes a partial import', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 30 }),
        fc.constantFrom(';', ',', '\t'),
        fc.option(fc.nat({ max: 8 }), { nil: undefined }),
        fc.boolean(),
        async (rows, delim, cancelAt, raw) => {
          const body = rows
            .map((r) => r.map((v) => (raw ? v : /["\n\r;,\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(delim))
            .join('\n');
          const before = countContacts(t.db);
          const beforeLinks = t.db.prepare('SELECT count(*) FROM contact_lists').pluck().get() as number;
          const ac = new AbortController();
          let calls = 0;
          try {
            const r = await importLeads(
              t.db,
              { text: body },
              { mapping: { phone: 1, name: 0, fields: { 2: 'extra' } }, list: { name: 'P' }, consentSource: 'prop', onExisting: 'update', headerRow: -1 },
              {
                signal: ac.signal,
                onProgress: () => {
                  if (cancelAt !== undefined && calls++ === cancelAt) ac.abort();
                },
              },
            );
            expect(countContacts(t.db)).toBe(before + r.imported);
            expect(sumOfParts(r)).toBe(r.rowsRead);
          } catch (err) {
            expect(err).toBeInstanceOf(ImportError);
            expect(countContacts(t.db)).toBe(before);
            expect(t.db.prepare('SELECT count(*) FROM contact_lists').pluck().get()).toBe(beforeLinks);
          }
          expect(t.db.inTransaction).toBe(false);
          const totals = contactTotals(t.db);
          expect(totals.kept).toBe(totals.counted);
        },
      ),
      { numRuns: 150 },
    );
  });
});
