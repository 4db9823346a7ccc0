import iconv from 'iconv-lite';

/** Encodings met in Brazilian spreadsheets: Excel's "CSV (separado por vírgulas)" is Windows-1252. */
export type TextEncoding = 'utf8' | 'windows1252' | 'utf16le' | 'utf16be';

/** Thrown by the UTF-8 decoder when a later part of the file turns out not to be UTF-8. */
export class NotUtf8Error extends Error {
  constructor() {
    super('not utf-8');
  }
}

/** `truncated`: the sample is the start of a longer file, so it may end mid-character. */
export function detectEncoding(head: Buffer, truncated = false): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  // Strict UTF-8 validation is decisive: Windows-1252 accents are almost never valid UTF-8.
  return isValidUtf8(truncated ? trimIncompleteUtf8(head) : head) ? 'utf8' : 'windows1252';
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** A sample cut mid-character must not count as invalid UTF-8. */
function trimIncompleteUtf8(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (buf[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf;
  const lead = buf[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? buf.subarray(0, i) : buf;
}

export interface StreamDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/** Incremental decoder; strips a BOM. UTF-8 is strict so a mislabelled file can be re-read as 1252. */
export function createDecoder(encoding: TextEncoding): StreamDecoder {
  if (encoding === 'utf8') {
    const td = new TextDecoder('utf-8', { fatal: true });
    return {
      write(chunk) {
        try {
          return td.decode(chunk, { stream: true });
        } catch {
          throw new NotUtf8Error();
        }
      },
      end() {
        try {
          return td.decode();
        } catch {
          throw new NotUtf8Error();
        }
      },
    };
  }
  const dec = iconv.getDecoder(encoding === 'windows1252' ? 'win1252' : encoding, { stripBOM: true });
  return {
    write: (chunk) => dec.write(chunk),
    end: () => dec.end() ?? '',
  };
}

export function decodeAll(buf: Buffer, encoding: TextEncoding): string {
  const d = createDecoder(encoding);
  return d.write(buf) + d.end();
}
