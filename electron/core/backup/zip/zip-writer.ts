import fs from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * A small streaming ZIP writer for backups and exports. Compression runs in zlib's thread pool,
 * so zipping a large database does not freeze the send loop. Each entry's header is patched in
 * place once its CRC and sizes are known (the output is a seekable file), which keeps the
 * archive readable by every unzip tool without data descriptors. No ZIP64: an entry or the
 * archive over 4 GiB is refused with a clear error.
 */

const LIMIT_32 = 0xffffffff;
const FLAG_UTF8 = 0x0800;

export interface ZipEntryInfo {
  name: string;
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  mtime: Date;
}

export interface AddOptions {
  /** Deflate (default) or store: already-compressed files (images, PDFs) are stored. */
  compress?: boolean;
  mtime?: Date;
}

export class ZipTooLargeError extends Error {
  readonly code = 'backup.too_large';
  constructor() {
    super('Os dados passam de 4 GB e não cabem em um único arquivo de backup. Fale com o suporte.');
  }
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Entry names always use forward slashes and never start with one. */
export function normalizeEntryName(name: string): string {
  const n = name.replace(/\\/g, '/').replace(/^\/+/, '');
  if (!n || n.split('/').some((p) => p === '..' || p === '')) throw new Error(`invalid zip entry name: ${name}`);
  return n;
}

export class ZipFileWriter {
  private position = 0;
  private readonly entries: ZipEntryInfo[] = [];
  private closed = false;

  private constructor(
    private readonly fh: fs.promises.FileHandle,
    readonly file: string,
  ) {}

  /** Creates (or truncates) `file`. */
  static async create(file: string): Promise<ZipFileWriter> {
    return new ZipFileWriter(await fs.promises.open(file, 'w', 0o600), file);
  }

  get entryCount(): number {
    return this.entries.length;
  }

  addBuffer(name: string, data: Uint8Array | string, options: AddOptions = {}): Promise<ZipEntryInfo> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.addStream(name, Readable.from([buf]), options);
  }

  addFile(name: string, sourceFile: string, options: AddOptions = {}): Promise<ZipEntryInfo> {
    return this.addStream(name, fs.createReadStream(sourceFile, { highWaterMark: 1 << 20 }), { mtime: fs.statSync(sourceFile).mtime, ...options });
  }

  /** Streams `source` into a new entry; entries are written one after another, never in parallel. */
  async addStream(name: string, source: Readable | AsyncIterable<Uint8Array | string>, options: AddOptions = {}): Promise<ZipEntryInfo> {
    if (this.closed) throw new Error('zip writer is closed');
    const entryName = normalizeEntryName(name);
    const nameBytes = Buffer.from(entryName, 'utf8');
    const method: 0 | 8 = options.compress === false ? 0 : 8;
    const mtime = options.mtime ?? new Date();
    const { time, date } = dosDateTime(mtime);
    const offset = this.position;

    const header = Buffer.alloc(30 + nameBytes.length);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    // crc and sizes (14..25) are patched after the data.
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    nameBytes.copy(header, 30);
    await this.write(header);

    let crc = 0;
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer | string, _enc, done) {
        const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        crc = zlib.crc32(b, crc);
        size += b.length;
        done(null, b);
      },
    });
    const dataStart = this.position;
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.write(chunk).then(() => done(), done);
      },
    });
    const src = source instanceof Readable ? source : Readable.from(source);
    if (method === 8) await pipeline(src, counter, zlib.createDeflateRaw({ level: 6 }), sink);
    else await pipeline(src, counter, sink);
    const compressedSize = this.position - dataStart;
    if (size > LIMIT_32 || compressedSize > LIMIT_32 || this.position > LIMIT_32) throw new ZipTooLargeError();

    const patch = Buffer.alloc(12);
    patch.writeUInt32LE(crc >>> 0, 0);
    patch.writeUInt32LE(compressedSize, 4);
    patch.writeUInt32LE(size, 8);
    await this.fh.write(patch, 0, 12, offset + 14);

    const info: ZipEntryInfo = { name: entryName, method, crc: crc >>> 0, compressedSize, size, offset, mtime };
    this.entries.push(info);
    return info;
  }

  /** Writes the central directory, flushes to disk and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.entries.length > 0xffff) throw new ZipTooLargeError();
      const cdStart = this.position;
      for (const e of this.entries) {
        const nameBytes = Buffer.from(e.name, 'utf8');
        const { time, date } = dosDateTime(e.mtime);
        const h = Buffer.alloc(46 + nameBytes.length);
        h.writeUInt32LE(0x02014b50, 0);
        h.writeUInt16LE(20 | (3 << 8), 4); // made by: unix, so permissions below are honoured
        h.writeUInt16LE(20, 6);
        h.writeUInt16LE(FLAG_UTF8, 8);
        h.writeUInt16LE(e.method, 10);
        h.writeUInt16LE(time, 12);
        h.writeUInt16LE(date, 14);
        h.writeUInt32LE(e.crc, 16);
        h.writeUInt32LE(e.compressedSize, 20);
        h.writeUInt32LE(e.size, 24);
        h.writeUInt16LE(nameBytes.length, 28);
        h.writeUInt32LE((0o100600 << 16) >>> 0, 38);
        h.writeUInt32LE(e.offset, 42);
        nameBytes.copy(h, 46);
        await this.write(h);
      }
      const cdSize = this.position - cdStart;
      if (this.position > LIMIT_32) throw new ZipTooLargeError();
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(this.entries.length, 8);
      end.writeUInt16LE(this.entries.length, 10);
      end.writeUInt32LE(cdSize, 12);
      end.writeUInt32LE(cdStart, 16);
      await this.write(end);
      await this.fh.sync();
    } finally {
      await this.fh.close();
    }
  }

  /** Closes without finishing: the caller deletes the partial file. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close().catch(() => {});
  }

  private async write(buf: Buffer): Promise<void> {
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, done, buf.length - done, this.position);
      done += bytesWritten;
      this.position += bytesWritten;
    }
  }
}
