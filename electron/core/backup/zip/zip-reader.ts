import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * Reads ZIP archives through their central directory with random access, so a large backup is
 * never loaded into memory. Every extraction checks the CRC and the declared size (which also
 * stops zip bombs), and entry names that could escape the target folder are refused.
 */

export class ZipFormatError extends Error {
  readonly code = 'backup.not_a_zip';
  constructor(readonly reason: string) {
    super(`O arquivo não é um backup válido do Recado: ${reason}`);
    this.name = 'ZipFormatError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

/** True for names that stay inside the extraction folder once joined to it. */
export function isSafeEntryName(name: string): boolean {
  if (!name || name.length > 1024 || name.includes('\\') || name.includes('\0')) return false;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return false;
  return !name.split('/').some((p) => p === '..');
}

export class ZipReader {
  private constructor(
    readonly file: string,
    private readonly fh: fs.promises.FileHandle,
    readonly fileSize: number,
    readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  static async open(file: string): Promise<ZipReader> {
    const fh = await fs.promises.open(file, 'r');
    try {
      const { size } = await fh.stat();
      const entries = await readCentralDirectory(fh, size);
      return new ZipReader(file, fh, size, entries);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  get(name: string): ZipEntry | undefined {
    return this.entries.get(name);
  }

  /** The entry's bytes, for small entries (manifest.json) only. */
  async readBuffer(name: string, maxBytes = 4 * 1024 * 1024): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipFormatError(`falta o arquivo ${name}`);
    if (entry.size > maxBytes) throw new ZipFormatError(`${name} é grande demais`);
    const chunks: Buffer[] = [];
    for await (const c of await this.openEntry(entry)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /** Writes the entry to `target` (created with mode 0600), verifying size and CRC. */
  async extractTo(name: string, target: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipFormatError(`falta o arquivo ${name}`);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await pipeline(await this.openEntry(entry), fs.createWriteStream(target, { mode: 0o600 }));
  }

  /** The entry's bytes as a stream, checked like extractTo: never more than declared, CRC at the end. */
  async stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipFormatError(`falta o arquivo ${name}`);
    return this.openEntry(entry);
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => {});
  }

  private async openEntry(entry: ZipEntry): Promise<Readable> {
    const local = Buffer.alloc(30);
    await this.fh.read(local, 0, 30, entry.localHeaderOffset);
    if (local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipFormatError(`cabeçalho danificado em ${entry.name}`);
    const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + entry.compressedSize > this.fileSize) throw new ZipFormatError(`o arquivo está incompleto (${entry.name})`);
    if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`compressão não suportada em ${entry.name}`);
    const raw =
      entry.compressedSize === 0
        ? Readable.from([])
        : fs.createReadStream(this.file, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 1 << 20 });
    let crc = 0;
    let size = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > entry.size) return done(new ZipFormatError(`${entry.name} é maior do que o declarado`));
        crc = zlib.crc32(chunk, crc);
        done(null, chunk);
      },
      flush(done) {
        if (size !== entry.size || crc >>> 0 !== entry.crc) return done(new ZipFormatError(`${entry.name} está corrompido (verificação CRC falhou)`));
        done();
      },
    });
    raw.on('error', (e: Error) => check.destroy(e));
    if (entry.method === 0) return raw.pipe(check);
    const inflate = zlib.createInflateRaw();
    inflate.on('error', (e: Error) => check.destroy(asFormatError(e, entry.name)));
    return raw.pipe(inflate).pipe(check);
  }
}

function asFormatError(err: Error, name: string): Error {
  return (err as NodeJS.ErrnoException).code?.startsWith('Z_') ? new ZipFormatError(`${name} está corrompido`) : err;
}

async function readCentralDirectory(fh: fs.promises.FileHandle, size: number): Promise<Map<string, ZipEntry>> {
  if (size < 22) throw new ZipFormatError('o arquivo é pequeno demais para ser um .zip');
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLen);
  await fh.read(tail, 0, tailLen, size - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('não é um arquivo .zip (ou está incompleto)');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipFormatError('formato ZIP64 não suportado');
  if (cdOffset + cdSize > size) throw new ZipFormatError('o arquivo está incompleto');
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CD_SIG) throw new ZipFormatError('índice do .zip danificado');
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    const entry: ZipEntry = {
      name,
      method: cd.readUInt16LE(p + 10),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
      isDirectory: name.endsWith('/'),
    };
    if (!isSafeEntryName(name)) throw new ZipFormatError(`nome de arquivo inseguro dentro do .zip (${name.slice(0, 80)})`);
    if (entry.localHeaderOffset >= cdOffset) throw new ZipFormatError('índice do .zip danificado');
    if (entries.has(name)) throw new ZipFormatError(`arquivo repetido dentro do .zip (${name.slice(0, 80)})`);
    entries.set(name, entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
