import { iconvLite } from './packages';

/** Encodings met in Brazilian spreadsheets: Excel's "CSV (separado por vírgulas)" is Windows-1252. */
export type TextEncoding = 'utf8' | 'windows1252' | 'utf16le' | 'utf16be';

/**
 * Windows-1252 0x80–0x9F (the rest is Latin-1). The five bytes the code page leaves undefined
 * become U+FFFD, which counts toward "this is not text we can read".
 */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
];
const CP1252_CHARS: string[] = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b));
/** Character → Windows-1252 byte, for repairing text that was decoded with the wrong code page. */
export const CP1252_BYTE = new Map<number, number>(CP1252_CHARS.map((c, b) => [c.charCodeAt(0), b] as [number, number]).filter(([c]) => c !== 0xfffd));

/**
 * Length of the valid UTF-8 sequence starting at `i` (2–4), 0 when it is not one, -1 when the
 * buffer ends inside what is so far a valid sequence. Strict: no overlongs, no surrogates.
 */
export function utf8SequenceLength(buf: Uint8Array, i: number, end = buf.length): number {
  const b0 = buf[i];
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 2;
    if (b0 === 0xe0) lo = 0xa0;
    else if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 3;
    if (b0 === 0xf0) lo = 0x90;
    else if (b0 === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= end) return -1;
    const b = buf[i + k];
    if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) return 0;
  }
  return need + 1;
}

/** What the decoder met: non-ASCII read as UTF-8 and as Windows-1252, with their line numbers. */
export interface DecodeStats {
  utf8: number;
  cp1252: number;
  /**
   * 1-based lines where each kind appeared (the first few hundred). UTF-8 lines are listed only
   * once the decoder reads byte by byte (a Windows-1252 file, or after the first such byte).
   */
  utf8Lines: number[];
  cp1252Lines: number[];
  /** Characters that are no text: undefined code-page bytes and control characters. */
  junk: number;
  chars: number;
}

const KEEP_LINES = 200;

/**
 * Counts what a text sample holds when decoded by content: UTF-8 sequences, other high bytes
 * (Windows-1252) and bytes no text encoding we read would produce.
 */
export function sniffText(head: Buffer, truncated = false): DecodeStats {
  // Byte by byte from the start, so every line of either kind is counted.
  const d = new ContentDecoder('windows1252', true);
  d.write(truncated ? trimIncompleteUtf8(head) : head);
  d.end();
  return d.stats;
}

/**
 * Chooses how to read text from its bytes. A UTF-16 BOM is decisive (those files are not
 * readable otherwise); a UTF-8 BOM is not: Excel and other tools put it in front of
 * Windows-1252 text too, so the content decides.
 * `truncated`: the sample is the start of a longer file, so it may end mid-character.
 */
export function detectEncoding(head: Buffer, truncated = false): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  const s = sniffText(head, truncated);
  // Windows-1252 accents are almost never valid UTF-8, so any of them means Windows-1252 text
  // (with UTF-8 lines read as such, see ContentDecoder).
  return s.cp1252Lines.length > s.utf8Lines.length ? 'windows1252' : 'utf8';
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
  /** Only for the UTF-8 / Windows-1252 decoder. */
  readonly stats?: DecodeStats;
}

/**
 * Decodes UTF-8 and Windows-1252 by content, byte by byte: a valid UTF-8 sequence is read as
 * UTF-8 and any other high byte as Windows-1252. Files that mix both (lines pasted from
 * different systems) come out right either way, and the stats say which lines were which.
 * Pure UTF-8 chunks take the native decoder. Strips a leading BOM.
 */
export class ContentDecoder implements StreamDecoder {
  readonly stats: DecodeStats = { utf8: 0, cp1252: 0, utf8Lines: [], cp1252Lines: [], junk: 0, chars: 0 };
  private carry: Buffer | null = null;
  private line = 1;
  private atStart = true;
  private readonly native = new TextDecoder('utf-8', { fatal: true });
  /** Once a chunk is not pure UTF-8 the byte loop takes over (it also reads UTF-8). */
  private bytewise: boolean;

  /** `measure`: also count junk in natively decoded text (samples; not worth it on a whole file). */
  constructor(
    primary: 'utf8' | 'windows1252',
    private readonly measure = false,
  ) {
    this.bytewise = primary === 'windows1252';
  }

  write(chunk: Buffer): string {
    return this.decode(chunk, false);
  }

  end(): string {
    return this.decode(Buffer.alloc(0), true);
  }

  private decode(chunk: Buffer, final: boolean): string {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.atStart) {
      if (buf.length < 3 && !final && buf.length > 0 && buf[0] === 0xef) {
        this.carry = buf;
        return '';
      }
      this.atStart = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    if (!this.bytewise) {
      const text = this.tryNative(buf, final);
      if (text !== null) return text;
      this.bytewise = true;
    }
    return this.bytes(buf, final);
  }

  /** The whole chunk as UTF-8 natively, or null when it is not (or ends mid-character). */
  private tryNative(buf: Buffer, final: boolean): string | null {
    let end = buf.length;
    if (!final) {
      // Keep an incomplete trailing sequence for the next chunk.
      let i = end - 1;
      let back = 0;
      while (i >= 0 && back < 3 && (buf[i] & 0xc0) === 0x80) {
        i--;
        back++;
      }
      if (i >= 0 && buf[i] >= 0xc0 && utf8SequenceLength(buf, i) === -1) end = i;
    }
    let text: string;
    try {
      text = this.native.decode(buf.subarray(0, end));
    } catch {
      return null;
    }
    if (end < buf.length) this.carry = Buffer.from(buf.subarray(end));
    this.count(text, end);
    return text;
  }

  /**
   * Lines and non-ASCII in a chunk the native decoder read: kept cheap (this is every chunk of a
   * UTF-8 file), so UTF-8 is counted per chunk and its lines are not listed.
   */
  private count(text: string, end: number): void {
    const s = this.stats;
    // Multi-byte characters make the text shorter than its bytes.
    if (text.length !== end) s.utf8++;
    // String search is inlined by V8; Buffer.indexOf is a native call per line.
    let pos = text.indexOf('\n');
    while (pos !== -1) {
      this.line++;
      pos = text.indexOf('\n', pos + 1);
    }
    s.chars += text.length;
    if (this.measure) s.junk += controls(text);
  }

  private bytes(buf: Buffer, final: boolean): string {
    const s = this.stats;
    let out = '';
    let i = 0;
    const n = buf.length;
    while (i < n) {
      const start = i;
      let b = buf[i];
      while (b < 0x80) {
        if (b === 0x0a) this.line++;
        else if (b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0c) s.junk++;
        if (++i >= n) break;
        b = buf[i];
      }
      if (i > start) out += buf.toString('latin1', start, i);
      if (i >= n) break;
      const len = utf8SequenceLength(buf, i);
      if (len > 0) {
        out += buf.toString('utf8', i, i + len);
        s.utf8++;
        if (s.utf8Lines.length < KEEP_LINES && s.utf8Lines.at(-1) !== this.line) s.utf8Lines.push(this.line);
        i += len;
      } else if (len < 0 && !final) {
        this.carry = Buffer.from(buf.subarray(i));
        break;
      } else {
        const c = CP1252_CHARS[b];
        out += c;
        if (c === '\ufffd') s.junk++;
        s.cp1252++;
        if (s.cp1252Lines.length < KEEP_LINES && s.cp1252Lines.at(-1) !== this.line) s.cp1252Lines.push(this.line);
        i++;
      }
    }
    s.chars += out.length;
    return out;
  }
}

/** C0 control characters other than tab, CR, LF and form feed. */
function controls(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) n++;
    else if (c === 0xfffd) n++;
  }
  return n;
}

/** Incremental decoder; strips a BOM. UTF-8 and Windows-1252 are read by content (see ContentDecoder). */
export function createDecoder(encoding: TextEncoding): StreamDecoder {
  if (encoding === 'utf8' || encoding === 'windows1252') return new ContentDecoder(encoding);
  const dec = iconvLite().getDecoder(encoding, { stripBOM: true });
  let chars = 0;
  let junk = 0;
  return {
    write: (chunk) => {
      const t = dec.write(chunk);
      chars += t.length;
      junk += controls(t);
      return t;
    },
    end: () => dec.end() ?? '',
    get stats() {
      return { utf8: 0, cp1252: 0, utf8Lines: [], cp1252Lines: [], junk, chars };
    },
  };
}

export function decodeAll(buf: Buffer, encoding: TextEncoding): string {
  const d = createDecoder(encoding);
  return d.write(buf) + d.end();
}

/** Too many characters that are not text: the file is in an encoding we cannot read. */
export function undecodable(stats: DecodeStats): boolean {
  return stats.junk >= 3 && stats.junk > stats.chars * 0.005;
}

/** What the decoder actually met: the code page of the non-ASCII text, or the detected one. */
export function effectiveEncoding(detected: TextEncoding, stats: DecodeStats | undefined): TextEncoding {
  if (!stats || (detected !== 'utf8' && detected !== 'windows1252')) return detected;
  // Non-ASCII only ever read as Windows-1252 (e.g. accents first seen after the sampled start).
  if (stats.cp1252 > 0 && stats.utf8 === 0) return 'windows1252';
  return detected;
}

/**
 * Lines in the other encoding than the file's: Windows-1252 lines in a UTF-8 file, UTF-8 lines
 * in a Windows-1252 file. Empty unless the file really mixes both.
 */
export function minorityLines(detected: TextEncoding, stats: DecodeStats | undefined): { encoding: 'utf8' | 'windows1252'; lines: number[]; more: boolean } | null {
  if (!stats || stats.utf8 === 0 || stats.cp1252 === 0) return null;
  if (detected === 'utf8') return { encoding: 'windows1252', lines: stats.cp1252Lines, more: stats.cp1252Lines.length >= KEEP_LINES };
  if (detected === 'windows1252') return { encoding: 'utf8', lines: stats.utf8Lines, more: stats.utf8Lines.length >= KEEP_LINES };
  return null;
}
