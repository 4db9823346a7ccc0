// Test helper (not a test): writes .xlsx files by hand, including "zip bombs" that inflate to
// far more than their size, without ever holding the inflated bytes.
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface ZipPart {
  name: string;
  /** Plain content; or `repeat`: head + chunk × times + tail, deflated once and repeated. */
  data?: string | Buffer;
  repeat?: { head: string; chunk: string; times: number; tail: string };
  /** Size to write in the headers instead of the real one (a lying archive). */
  declaredSize?: number;
}

function syncFlushed(text: string | Buffer): Buffer {
  // Byte-aligned and not final: independently compressed pieces can be concatenated.
  return zlib.deflateRawSync(text, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

function deflatePart(part: ZipPart): { body: Buffer; size: number; crc: number } {
  if (part.repeat) {
    const { head, chunk, times, tail } = part.repeat;
    const c = syncFlushed(chunk);
    const pieces = [syncFlushed(head), ...Array.from({ length: times }, () => c), zlib.deflateRawSync(tail)];
    const chunkBuf = Buffer.from(chunk);
    let crc = zlib.crc32(head);
    for (let i = 0; i < times; i++) crc = zlib.crc32(chunkBuf, crc);
    crc = zlib.crc32(tail, crc);
    return { body: Buffer.concat(pieces), size: Buffer.byteLength(head) + chunkBuf.length * times + Buffer.byteLength(tail), crc };
  }
  const data = Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data ?? '');
  return { body: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) };
}

export function writeZip(file: string, parts: ZipPart[]): void {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { body, size, crc } = deflatePart(part);
    const declared = part.declaredSize ?? size;
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(declared, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(cd, name);
    offset += 30 + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(parts.length, 8);
  eocd.writeUInt16LE(parts.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, cdBuf, eocd]));
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

/** The parts of a one-sheet workbook around the given sheet part (name xl/worksheets/sheet1.xml). */
export function workbookParts(sheet: Omit<ZipPart, 'name'>, extra: ZipPart[] = []): ZipPart[] {
  return [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    },
    { name: 'xl/worksheets/sheet1.xml', ...sheet },
    ...extra,
  ];
}

/** One MiB of rows with a text and a phone, repeated `mib` times: a bomb of that many MiB. */
export function bombSheet(mib: number, declaredSize?: number): Omit<ZipPart, 'name'> {
  const row = '<row><c t="inlineStr"><is><t>Maria</t></is></c><c><v>11987654321</v></c></row>';
  const chunk = row.repeat(Math.floor((1 << 20) / row.length)).padEnd(1 << 20, ' ');
  return { repeat: { head: SHEET_HEAD, chunk, times: mib, tail: SHEET_TAIL }, declaredSize };
}
