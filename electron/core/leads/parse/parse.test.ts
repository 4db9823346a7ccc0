import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../errors';
import { tempDir } from '../test-db';
import { detectDelimiter } from './dialect';
import { detectEncoding } from './encoding';
import { detectHeaderRow } from './header';
import { fieldKey, suggestMapping } from './mapping';
import { previewFile, previewInput } from './preview';
import { numberText } from './format-cell';
import { pickSheet } from './pick-sheet';
import { hasGarbled, repairMojibake } from './warnings';
import fc from 'fast-check';
import { FIXTURE_LEADS, multiSheetLeadsXlsx } from '../../../../tests/fixtures/xlsx-leads';

let dir: string;
beforeEach(() => {
  dir = tempDir('recado-parse-');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, data: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

function writeXlsx(name: string, sheets: Record<string, unknown[][]>, tweak?: (wb: XLSX.WorkBook) => void, bookType: XLSX.BookType = 'xlsx'): string {
  const wb = XLSX.utils.book_new();
  for (const [n, aoa] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), n);
  tweak?.(wb);
  return write(name, XLSX.write(wb, { type: 'buffer', bookType }) as Buffer);
}

async function expectCode(p: Promise<unknown>, code: string): Promise<ImportError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).code).toBe(code);
    expect((err as ImportError).message.length).toBeGreaterThan(20);
    return err as ImportError;
  }
  throw new Error(`expected ${code}`);
}

const BR_ROWS = 'Nome;Telefone;Cidade\nJoão Conceição;(11) 98765-4321;São Paulo\nMárcia Araújo;21 99876-5432;Niterói\n';

describe('encoding and delimiter', () => {
  it('reads Windows-1252 files as Brazilian Excel writes them', async () => {
    const p = write('excel.csv', iconv.encode(BR_ROWS, 'win1252'));
    const pv = await previewFile(p);
    expect(pv.encoding).toBe('windows1252');
    expect(pv.delimiter).toBe(';');
    expect(pv.rows[0]).toEqual(['João Conceição', '(11) 98765-4321', 'São Paulo']);
  });

  it('reads UTF-8 with and without BOM, and UTF-16 "Unicode text"', async () => {
    const withBom = await previewFile(write('bom.csv', '\ufeff' + BR_ROWS));
    expect(withBom.encoding).toBe('utf8');
    expect(withBom.headers[0]).toBe('Nome');
    const plain = await previewFile(write('plain.csv', BR_ROWS));
    expect(plain.rows[1][2]).toBe('Niterói');
    const u16 = await previewFile(write('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(BR_ROWS.replace(/;/g, '\t'), 'utf16le')])));
    expect(u16.encoding).toBe('utf16le');
    expect(u16.delimiter).toBe('\t');
    expect(u16.rows[0][0]).toBe('João Conceição');
  });

  it('reads a UTF-8 BOM followed by Windows-1252 bytes by content, not by the BOM', async () => {
    const p = write('bom-1252.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(BR_ROWS, 'win1252')]));
    const pv = await previewFile(p);
    expect(pv.encoding).toBe('windows1252');
    expect(pv.headers[0]).toBe('Nome');
    expect(pv.rows[0]).toEqual(['João Conceição', '(11) 98765-4321', 'São Paulo']);
    expect(detectEncoding(fs.readFileSync(p))).toBe('windows1252');
  });

  it('answers a typed error when the text is neither UTF-8 nor Windows-1252', async () => {
    // Bytes Windows-1252 leaves undefined, all over the file: some other code page.
    const junk = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 7 === 6 ? 0x0a : [0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x3b][i % 6])));
    const err = await expectCode(previewFile(write('strange.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Nome;Telefone\n'), junk]))), 'import.bad_encoding');
    expect(err.message).toMatch(/CSV UTF-8/);
  });

  it('detects the encoding from bytes', () => {
    expect(detectEncoding(Buffer.from('olá', 'utf8'))).toBe('utf8');
    expect(detectEncoding(iconv.encode('olá', 'win1252'))).toBe('windows1252');
    // A sample cut in the middle of a multi-byte character is still UTF-8.
    expect(detectEncoding(Buffer.from('aaã', 'utf8').subarray(0, 3), true)).toBe('utf8');
    expect(detectEncoding(Buffer.from('aaã', 'utf8').subarray(0, 3), false)).toBe('windows1252');
  });

  it('chooses ; over the decimal comma, and handles commas and tabs', () => {
    expect(detectDelimiter('nome;valor\nAna;10,50\nBia;7,25\n')).toBe(';');
    expect(detectDelimiter('name,phone\n"Silva, Ana",11987654321\nBia,21998765432\n')).toBe(',');
    expect(detectDelimiter('Nome\tTelefone\nAna\t11987654321\n')).toBe('\t');
  });

  it('re-reads as Windows-1252 when accents appear only after the first megabyte', async () => {
    const { importLeads } = await import('../import');
    const { openTestDb } = await import('../test-db');
    const t = openTestDb(dir);
    try {
      let body = 'Nome;Telefone\n';
      for (let i = 0; i < 40000; i++) body += `Cliente numero ${i} da loja;11 9${String(60000000 + i)}\n`;
      body += 'José Conceição;11 988887777\n';
      const p = write('late-accent.csv', iconv.encode(body, 'win1252'));
      expect(fs.statSync(p).size).toBeGreaterThan(1 << 20);
      const r = await importLeads(t.db, { path: p }, { mapping: { phone: 1, name: 0, fields: {} }, list: { name: 'L' }, consentSource: 't', onExisting: 'update' });
      expect(r.encoding).toBe('windows1252');
      expect(t.db.prepare("SELECT name FROM contacts WHERE phone_key = '+5511988887777'").pluck().get()).toBe('José Conceição');
    } finally {
      t.db.close();
    }
  });
});

describe('layout', () => {
  it('finds the header below title and blank rows', async () => {
    const p = write('title.csv', 'Relatório de clientes - março;;\n;;\nExportado em 01/03/2024;;\nNome;Celular;E-mail\nAna;11987654321;ana@x.com\nBia;21998765432;\n');
    const pv = await previewFile(p);
    expect(pv.headerRow).toBe(3);
    expect(pv.headers).toEqual(['Nome', 'Celular', 'E-mail']);
    expect(pv.rows).toHaveLength(2);
    expect(pv.suggestedMapping).toMatchObject({ phone: 1, name: 0, email: 2 });
  });

  it('finds the header under a wide report block, and keeps leads without a phone below it', () => {
    const rows = [
      ['Relatório de clientes', '', '', ''],
      ['Gerado em', '05/12/2026', 'Responsável:', 'Paulo'],
      ['Período', '01/11/2026', 'a', '30/11/2026'],
      ['Nome', 'WhatsApp', 'Cidade', 'Plano'],
      ['Ana', '', 'Santos', 'Ouro'],
      ['Bia', '21998765432', 'Rio', 'Prata'],
      ['Caio', '31988887777', 'BH', 'Ouro'],
    ];
    expect(detectHeaderRow(rows)).toBe(3);
    // A phone in the title block is not the start of the data.
    expect(detectHeaderRow([['Loja Flor de Lis', 'Contato: (11) 3456-7890', '', ''], ...rows.slice(3)])).toBe(1);
  });

  it('treats a file without header as data and names columns by letter', async () => {
    const pv = await previewFile(write('noheader.csv', 'Ana,11987654321\nBia,21998765432\n'));
    expect(pv.headerRow).toBe(-1);
    expect(pv.headers).toEqual(['Coluna A', 'Coluna B']);
    expect(pv.rows).toHaveLength(2);
    expect(pv.suggestedMapping.phone).toBe(1);
    expect(detectHeaderRow([['Ana', '11987654321']])).toBe(-1);
  });

  it('keeps quoted newlines and ignores trailing empty rows and columns', async () => {
    const p = write('quoted.csv', 'Nome,Telefone,Obs,,\r\n"Ana\r\nPaula",11987654321,"disse ""oi""",,\r\nBia,21998765432,,,\r\n,,,,\r\n\r\n');
    const pv = await previewFile(p);
    expect(pv.rows).toHaveLength(2);
    expect(pv.rows[0][0]).toBe('Ana\r\nPaula');
    expect(pv.rows[0][2]).toBe('disse "oi"');
    expect(Object.values(pv.suggestedMapping.fields)).toEqual(['obs']);
  });

  it('reads clipboard paste (tab-separated)', async () => {
    const pv = await previewInput({ text: 'Nome\tWhatsApp\tCidade\r\nAna\t(11) 98765-4321\tSantos\r\n' });
    expect(pv.format).toBe('text');
    expect(pv.delimiter).toBe('\t');
    expect(pv.suggestedMapping).toMatchObject({ phone: 1, name: 0, fields: { 2: 'cidade' } });
  });
});

describe('mapping', () => {
  it('makes template-safe keys', () => {
    expect(fieldKey('Cidade')).toBe('cidade');
    expect(fieldKey('Nome da Empresa')).toBe('nome_da_empresa');
    expect(fieldKey('  Data de Nascimento (dd/mm) ')).toBe('data_de_nascimento_dd_mm');
    expect(fieldKey('1º contato')).toBe('campo_1_contato');
    expect(fieldKey('***')).toBe('campo');
  });

  it('recognises Brazilian titles and a column of wa.me links', () => {
    const m = suggestMapping(
      ['Razão Social', 'Link', 'E-mail', 'Cidade', 'Cidade'],
      [
        ['Padaria Pão Quente', 'https://wa.me/5511987654321', 'a@b.com', 'Santos', 'SP'],
        ['Bar do Zé', 'https://api.whatsapp.com/send?phone=5521998765432', '', 'Rio', 'RJ'],
      ],
    );
    expect(m).toMatchObject({ name: 0, phone: 1, email: 2, fields: { 3: 'cidade', 4: 'cidade_2' } });
  });

  it('finds the phone column by content when titles do not help', () => {
    const m = suggestMapping(['A', 'B', 'C'], [
      ['x', 'Ana', '11987654321'],
      ['y', 'Bia', '(21) 99876-5432'],
      ['z', 'Caio', '+55 31 98888-7777'],
    ]);
    expect(m.phone).toBe(2);
    expect(m.phoneBy).toBe('content');
  });

  it('prefers the mobile column and joins a separate DDD column', () => {
    const two = suggestMapping(['Telefone', 'Celular'], [
      ['(11) 3456-7890', '(11) 98765-4321'],
      ['(21) 2345-6789', '(21) 99876-5432'],
    ]);
    expect(two.phone).toBe(1);
    const ddd = suggestMapping(['Nome', 'DDD', 'Telefone'], [
      ['Ana', '11', '98765-4321'],
      ['Bia', '21', '99876-5432'],
    ]);
    expect(ddd).toMatchObject({ phone: 2, areaCode: 1, name: 0 });
  });

  it('leaves the phone unmapped when there is none', async () => {
    const pv = await previewFile(write('nophone.csv', 'Nome;Cidade\nAna;Santos\nBia;Rio\n'));
    expect(pv.suggestedMapping.phone).toBeUndefined();
  });
});

describe('spreadsheets', () => {
  it('keeps every digit of numeric phone cells, even shown in scientific notation', async () => {
    const p = writeXlsx('nums.xlsx', { Leads: [['Nome', 'Telefone', 'Valor', 'Nascimento'], ['Ana', 5511987654321, 12.5, 1], ['Bia', 21998765432, 3, 2]] }, (wb) => {
      const ws = wb.Sheets.Leads;
      ws.B2.z = '0.00E+00';
      ws.B2.w = '5.51E+12';
      ws.D2 = { t: 'n', v: 45366, z: 'dd/mm/yyyy' };
      ws.D3 = { t: 'n', v: 36526.5, z: 'dd/mm/yyyy hh:mm' };
    });
    const pv = await previewFile(p);
    expect(pv.format).toBe('xlsx');
    expect(pv.sheets).toEqual(['Leads']);
    expect(pv.rows[0][1]).toBe('5511987654321');
    expect(pv.rows[1][1]).toBe('21998765432');
    expect(pv.rows[0][2]).toBe('12,5');
    expect(pv.rows[0][3]).toBe('15/03/2024');
    expect(pv.rows[1][3]).toBe('01/01/2000 12:00');
    expect(pv.suggestedMapping.phone).toBe(1);
  });

  it('lists sheets, skips an empty first sheet and lets the user choose', async () => {
    const p = writeXlsx('multi.xlsx', { Capa: [], Clientes: [['Nome', 'Celular'], ['Ana', '11987654321']], Fornecedores: [['Empresa', 'Fone'], ['ACME', '1133334444']] });
    const pv = await previewFile(p);
    expect(pv.sheets).toEqual(['Capa', 'Clientes', 'Fornecedores']);
    expect(pv.sheet).toBe('Clientes');
    const other = await previewFile(p, { sheet: 'Fornecedores' });
    expect(other.rows[0]).toEqual(['ACME', '1133334444']);
    await expectCode(previewFile(p, { sheet: 'Nope' }), 'import.sheet_not_found');
    await expectCode(previewFile(p, { sheet: 'Capa' }), 'import.empty_sheet');
  });

  it('opens a workbook on the sheet with the most phones, below its title block, and counts each sheet', async () => {
    const pv = await previewFile(write('carteira.xlsx', multiSheetLeadsXlsx()));
    expect(pv.sheets).toEqual(['Resumo', 'Vendedores', 'Clientes', 'Observações']);
    expect(pv.sheet).toBe('Clientes');
    expect(pv.sheetInfo).toEqual([
      { name: 'Resumo', rows: 4, phoneRows: 0 },
      { name: 'Vendedores', rows: 3, phoneRows: 2 },
      { name: 'Clientes', rows: 4 + FIXTURE_LEADS.length, phoneRows: FIXTURE_LEADS.length },
      { name: 'Observações', rows: 2, phoneRows: 0 },
    ]);
    expect(pv.headerRow).toBe(4);
    expect(pv.headers).toEqual(['Nome', 'Celular', 'Cidade', 'Data', 'Valor', 'Coluna F']);
    expect(pv.untitled).toEqual([5]);
    expect(pv.rows).toHaveLength(FIXTURE_LEADS.length);
    expect(pv.rows[0]).toEqual(['Ângela Gonçalves', '5511987654321', 'Ribeirão Preto', '04/12/2026', 'R$ 130,50', 'C-001']);
    expect(pv.rows[2][4]).toBe('R$ 1.250,00');
    // "Data" would be hidden by the built-in {data}; the untitled codes are no variable.
    expect(pv.suggestedMapping).toMatchObject({ name: 0, phone: 1, fields: { 2: 'cidade', 3: 'data_planilha', 4: 'valor' } });
    expect(pv.suggestedMapping.fields).not.toHaveProperty('5');
    // The user can still open another sheet.
    expect((await previewFile(write('c2.xlsx', multiSheetLeadsXlsx()), { sheet: 'Vendedores' })).rows[0][0]).toBe('Paulo Ribeiro');
  });

  it('picks the sheet with the most phone rows, else the first with content', () => {
    expect(pickSheet([{ name: 'Capa', rows: 3, phoneRows: 0 }, { name: 'A', rows: 9, phoneRows: 2 }, { name: 'B', rows: 5, phoneRows: 4 }])).toBe('B');
    expect(pickSheet([{ name: 'Vazia', rows: 0, phoneRows: 0 }, { name: 'Notas', rows: 2, phoneRows: 0 }])).toBe('Notas');
    expect(pickSheet([])).toBeUndefined();
  });

  it('writes numbers and dates the Brazilian way, from the cell format', () => {
    expect(numberText(130.5, '"R$" #,##0.00')).toBe('R$ 130,50');
    expect(numberText(1250, '"R$" #,##0.00')).toBe('R$ 1.250,00');
    expect(numberText(-1250, '[$R$-416] #,##0.00;[Red]-[$R$-416] #,##0.00')).toBe('-R$ 1.250,00');
    expect(numberText(130.5, '_-"R$"\\ * #,##0.00_-;\\-"R$"\\ * #,##0.00_-;_-"R$"\\ * "-"??_-;_-@_-')).toBe('R$ 130,50');
    expect(numberText(1234.5, '#,##0.00')).toBe('1.234,50');
    expect(numberText(0.125, '0.00%')).toBe('12,50%');
    expect(numberText(3.5, 'General')).toBe('3,5');
    expect(numberText(3.5, undefined)).toBe('3,5');
    expect(numberText(46360, 'dd/mm/yyyy')).toBe('04/12/2026');
    // Excel's "short date" (format 14) is m/d/yy in the file and dd/mm/aaaa on a Brazilian PC.
    expect(numberText(46360, 'm/d/yy')).toBe('04/12/2026');
    expect(numberText(46360.75, 'dd/mm/yyyy hh:mm')).toBe('04/12/2026 18:00');
    expect(numberText(0.5, 'h:mm')).toBe('12:00');
    // Whole numbers that are not money keep every digit: phones, CPFs, codes.
    expect(numberText(5511987654321, '#,##0')).toBe('5511987654321');
    expect(numberText(5511987654321, '0.00E+00')).toBe('5511987654321');
    expect(numberText(12345678901, 'General')).toBe('12345678901');
  });

  it('reads legacy XLS and ODS', async () => {
    const xls = await previewFile(writeXlsx('old.xls', { S: [['Nome', 'Telefone'], ['Ana', 11987654321]] }, undefined, 'biff8'));
    expect(xls.format).toBe('xls');
    expect(xls.rows[0][1]).toBe('11987654321');
    const ods = await previewFile(writeXlsx('calc.ods', { S: [['Nome', 'Telefone'], ['Ana', '11987654321']] }, undefined, 'ods'));
    expect(ods.format).toBe('ods');
    expect(ods.rows[0]).toEqual(['Ana', '11987654321']);
  });
});

describe('bad input', () => {
  it('rejects empty files', async () => {
    await expectCode(previewFile(write('empty.csv', '')), 'import.empty_file');
    await expectCode(previewFile(write('blank.csv', '\ufeff\r\n\r\n  ')), 'import.empty_file');
    await expectCode(previewInput({ text: '   ' }), 'import.empty_file');
  });

  it('rejects binary files and names supported formats', async () => {
    const e = await expectCode(previewFile(write('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]))), 'import.unsupported_file');
    expect(e.message).toContain('CSV');
    await expectCode(previewFile(write('doc.pdf', '%PDF-1.4\nstuff')), 'import.unsupported_file');
  });

  it('reads by content, not by extension', async () => {
    const csvNamedXlsx = await previewFile(write('wrong.xlsx', 'Nome,Telefone\nAna,11987654321\n'));
    expect(csvNamedXlsx.format).toBe('csv');
    const xlsxNamedCsv = await previewFile(writeXlsx('wrong.csv', { S: [['Nome', 'Telefone'], ['Ana', '11987654321']] }));
    expect(xlsxNamedCsv.format).toBe('xlsx');
  });

  it('explains password-protected workbooks', async () => {
    const CFB = (XLSX as unknown as { CFB: { utils: { cfb_new(): unknown; cfb_add(c: unknown, p: string, b: Buffer): void }; write(c: unknown, o: object): Buffer } }).CFB;
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(64, 7));
    const e = await expectCode(previewFile(write('secret.xlsx', CFB.write(cfb, { type: 'buffer' }))), 'import.encrypted_xlsx');
    expect(e.message).toMatch(/senha/);
  });

  it('reports a corrupt workbook', async () => {
    await expectCode(previewFile(write('broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 1)]))), 'import.corrupt_file');
  });

  it('stops quickly with a clear error on a 100 MB single line', async () => {
    const p = path.join(dir, 'oneline.csv');
    const fd = fs.openSync(p, 'w');
    const block = Buffer.alloc(1 << 20, 'a');
    for (let i = 0; i < 100; i++) fs.writeSync(fd, block);
    fs.closeSync(fd);
    await expectCode(previewFile(p), 'import.line_too_long');
  });

  it('reads on after an unclosed quote that would swallow the rest of a big file, and says where it was', async () => {
    const p = path.join(dir, 'unclosed.csv');
    const fd = fs.openSync(p, 'w');
    fs.writeSync(fd, 'Nome,Telefone\n"Ana,11987654321\n');
    const line = Buffer.from('Bia,21998765432\n'.repeat(8192));
    for (let i = 0; i < 20; i++) fs.writeSync(fd, line);
    fs.closeSync(fd);
    const { importLeads } = await import('../import');
    const { openTestDb, countContacts } = await import('../test-db');
    const t = openTestDb(tempDir());
    try {
      const r = await importLeads(t.db, { path: p }, { mapping: { phone: 1, fields: {} }, list: { name: 'x' }, consentSource: 't', onExisting: 'keep' });
      expect(r.rowsRead).toBe(1 + 20 * 8192);
      expect(r.warnings).toEqual([expect.objectContaining({ code: 'unclosed_quote', rows: [2] })]);
      expect(countContacts(t.db)).toBe(2);
    } finally {
      t.cleanup();
    }
  });

  it('reports a missing file', async () => {
    await expectCode(previewFile(path.join(dir, 'nope.csv')), 'import.file_not_found');
  });
});

describe('garbled accents', () => {
  it('the quick check before a batch is repaired never skips text the repair would change', () => {
    // Lead characters, continuation characters as Windows-1252 shows them, and ordinary text.
    const piece = fc.constantFrom('\u00c3', '\u00c2', '\u00e2', '\u00a9', '\u00a3', '\u20ac', '\u201c', '\u0153', 'S', 'O', 'ã', 'é', ' ', ';', '\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        if (repairMojibake(text) !== null) expect(hasGarbled(text)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(hasGarbled('SÃO PAULO; JOÃO; Ângela; câmera')).toBe(false);
    expect(hasGarbled('JOÃO;JosÃ© ConceiÃ§Ã£o')).toBe(true);
    expect(hasGarbled('aspas â€œassimâ€\u009d')).toBe(true);
  });
});
