import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-db';
import { SHEET_HEAD, SHEET_TAIL, workbookParts, writeZip } from './test-zip';
import { readWorkbook, sheetBatches } from './xlsx';
import { openXlsxStream } from './xlsx-stream';
import { loadSheetjs } from '../../lib/sheetjs';

let dir: string;
beforeEach(() => {
  dir = tempDir('recado-xlsx-stream-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Rows as the importer sees them, through SheetJS (the reference) and through the stream. */
async function both(file: string, sheet: string): Promise<{ sheetjs: Array<[number, string[]]>; stream: Array<[number, string[]]> }> {
  const wb = readWorkbook(file, { sheet });
  const sheetjs: Array<[number, string[]]> = [];
  for (const b of sheetBatches(wb.book.Sheets[sheet], 3)) b.rows.forEach((r, i) => sheetjs.push([b.startRow + i, r]));
  const x = await openXlsxStream(file, sheet);
  const stream: Array<[number, string[]]> = [];
  for await (const b of x!.batches(3)) b.rows.forEach((r, i) => stream.push([b.startRow + i, r]));
  return { sheetjs, stream };
}

describe('streamed .xlsx sheets read like SheetJS', () => {
  // openSource() loads SheetJS before any spreadsheet code; this test calls the readers directly.
  beforeAll(() => loadSheetjs());
  it('numbers (phones in scientific notation), dates, booleans, shared strings, gaps and an offset start', async () => {
    const ws = XLSX.utils.aoa_to_sheet(
      [
        ['Nome', 'Telefone', 'Nascimento', 'Cliente', 'Valor'],
        ['Ana & Bia <loja>', 5511987654321, new Date(Date.UTC(1990, 4, 17)), true, 12.5],
        [],
        ['José', 21998765432, new Date(Date.UTC(2001, 0, 2, 15, 30)), false, 1234.567],
      ],
      { origin: 'B3', cellDates: true } as XLSX.AOA2SheetOpts,
    );
    (ws as Record<string, XLSX.CellObject>)['C4'].z = '0.00E+00';
    (ws as Record<string, XLSX.CellObject>)['F4'].z = '#,##0.00';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['outra']]), 'Capa');
    XLSX.utils.book_append_sheet(wb, ws, 'Leads');
    const file = path.join(dir, 'a.xlsx');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer);
    const { sheetjs, stream } = await both(file, 'Leads');
    expect(stream).toEqual(sheetjs);
    expect(stream.find(([n]) => n === 4)?.[1]).toContain('5511987654321');
    expect((await openXlsxStream(file, 'Leads'))!.sheets).toEqual(['Capa', 'Leads']);
  });

  it('rich text, phonetic guides, escapes, a namespace prefix and no declared range', async () => {
    const sst =
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">' +
      '<si><t>Nome</t></si><si><r><rPr><b/></rPr><t>Jo</t></r><r><t xml:space="preserve">ão </t></r><rPh sb="0" eb="1"><t>X</t></rPh></si>' +
      '<si><t>Linha_x000D_quebrada &amp; &#233;</t></si></sst>';
    const sheet =
      '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="2"><x:c r="C2" t="s"><x:v>0</x:v></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>Fone</x:t></x:is></x:c></x:row>' +
      '<x:row r="3"><x:c r="C3" t="s"><x:v>1</x:v></x:c><x:c r="D3"><x:v>11987654321</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="C5" t="s"><x:v>2</x:v></x:c><x:c r="D5" t="str"><x:f>A1</x:f><x:v>21 99876-5432</x:v></x:c><x:c r="E5" t="e"><x:v>#N/A</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const file = path.join(dir, 'b.xlsx');
    writeZip(
      file,
      workbookParts({ data: sheet }, [{ name: 'xl/sharedStrings.xml', data: sst }]).map((p) =>
        p.name === 'xl/_rels/workbook.xml.rels'
          ? {
              ...p,
              data: String(p.data).replace(
                '</Relationships>',
                '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
              ),
            }
          : p.name === '[Content_Types].xml'
            ? {
                ...p,
                data: String(p.data).replace(
                  '</Types>',
                  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                ),
              }
            : p,
      ),
    );
    const { sheetjs, stream } = await both(file, 'Leads');
    expect(stream).toEqual(sheetjs);
    expect(stream[1]).toEqual([3, ['João ', '11987654321']]);
  });

  it('hands rows out in batches while it reads', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${11900000000 + i}</v></c></row>`).join('');
    const file = path.join(dir, 'c.xlsx');
    writeZip(file, workbookParts({ data: SHEET_HEAD + rows + SHEET_TAIL }));
    const x = (await openXlsxStream(file, 'Leads'))!;
    const sizes: number[] = [];
    const progress: number[] = [];
    for await (const b of x.batches(5000)) {
      sizes.push(b.rows.length);
      progress.push(x.progress());
    }
    expect(sizes).toEqual([5000, 5000, 2000]);
    expect(progress.at(-1)).toBe(1);
  });
});
