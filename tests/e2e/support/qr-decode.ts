/**
 * Reads the QR code the page shows (a PNG data URL), as the phone's camera would, so the WhatsApp
 * stand-in's "phone" can link with what the user sees. Clean renderer output only (no camera
 * noise, no error correction needed): sample the module grid, find version / level / mask by
 * matching the function patterns, unmask, de-interleave and parse the segments. Geometry tables
 * come from the `qrcode` package that drew the image.
 */
import { createRequire } from 'node:module';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const ECCode = require('qrcode/lib/core/error-correction-code.js') as {
  getBlocksCount(version: number, level: unknown): number;
  getTotalCodewordsCount(version: number, level: unknown): number;
};
const Utils = require('qrcode/lib/core/utils.js') as { getSymbolTotalCodewords(version: number): number };
const MaskPattern = require('qrcode/lib/core/mask-pattern.js') as { applyMask(pattern: number, data: unknown): void };
const ECLevel = require('qrcode/lib/core/error-correction-level.js') as Record<'L' | 'M' | 'Q' | 'H', unknown>;
// The PNG reader `qrcode` itself depends on.
const { PNG } = require('pngjs') as { PNG: { sync: { read(png: Buffer): { width: number; height: number; data: Buffer } } } };

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

interface Symbol {
  size: number;
  version: number;
  level: unknown;
  mask: number;
  reserved: Uint8Array;
}

/** The dark/light grid of the symbol in a PNG (no quiet-zone assumptions beyond "white around"). */
function sample(png: Buffer): { size: number; dark: (r: number, c: number) => boolean } {
  const img = PNG.sync.read(png);
  const isDark = (x: number, y: number) => img.data[(y * img.width + x) * 4] < 128;
  let top = -1;
  let left = img.width;
  let right = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (!isDark(x, y)) continue;
      if (top < 0) top = y;
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  if (top < 0) throw new Error('no QR code in the image');
  // The top-left finder starts with a run of 7 dark modules.
  let run = 0;
  while (isDark(left + run, top + 1)) run++;
  // Sizes are 17 + 4·version: snap the estimate (small modules make the finder run imprecise).
  const estimate = (right - left + 1) / (run / 7);
  const size = 17 + 4 * Math.max(1, Math.round((estimate - 17) / 4));
  // The renderer scales by a non-integer factor: measure it over the whole symbol.
  const scale = (right - left + 1) / size;
  return { size, dark: (r, c) => isDark(Math.floor(left + (c + 0.5) * scale), Math.floor(top + (r + 0.5) * scale)) };
}

/** Version, level and mask whose function patterns and format bits match the image. */
function identify(size: number, dark: (r: number, c: number) => boolean): Symbol {
  const version = (size - 17) / 4;
  if (!Number.isInteger(version) || version < 1 || version > 40) throw new Error(`not a QR size: ${size}`);
  for (const key of ['L', 'M', 'Q', 'H'] as const) {
    for (let mask = 0; mask < 8; mask++) {
      const ref = QRCode.create('x', { version, errorCorrectionLevel: key, maskPattern: mask } as QRCode.QRCodeOptions) as unknown as {
        modules: { data: Uint8Array; reservedBit: Uint8Array };
      };
      let ok = true;
      for (let i = 0; i < size * size && ok; i++) {
        if (ref.modules.reservedBit[i] && !!ref.modules.data[i] !== dark(Math.floor(i / size), i % size)) ok = false;
      }
      if (ok) return { size, version, level: ECLevel[key], mask, reserved: ref.modules.reservedBit };
    }
  }
  throw new Error('could not read the QR format');
}

function codewords(sym: Symbol, dark: (r: number, c: number) => boolean): number[] {
  const { size, reserved } = sym;
  const maskBits = { size, data: new Uint8Array(size * size), isReserved: (r: number, c: number) => !!reserved[r * size + c], xor: (r: number, c: number, v: boolean) => (maskBits.data[r * size + c] ^= v ? 1 : 0) };
  MaskPattern.applyMask(sym.mask, maskBits);
  const bits: number[] = [];
  let inc = -1;
  let row = size - 1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) {
        const cc = col - c;
        if (!reserved[row * size + cc]) bits.push((dark(row, cc) ? 1 : 0) ^ maskBits.data[row * size + cc]);
      }
      row += inc;
      if (row < 0 || size <= row) {
        row -= inc;
        inc = -inc;
        break;
      }
    }
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  // Undo the block interleaving of the data codewords (error correction bytes are not needed).
  const total = Utils.getSymbolTotalCodewords(sym.version);
  const ecTotal = ECCode.getTotalCodewordsCount(sym.version, sym.level);
  const blocks = ECCode.getBlocksCount(sym.version, sym.level);
  const dataTotal = total - ecTotal;
  const group2 = total % blocks;
  const dc1 = Math.floor(dataTotal / blocks);
  const sizes = Array.from({ length: blocks }, (_, b) => (b < blocks - group2 ? dc1 : dc1 + 1));
  const out: number[][] = sizes.map(() => []);
  let k = 0;
  for (let i = 0; i < Math.max(...sizes); i++) for (let b = 0; b < blocks; b++) if (i < sizes[b]) out[b].push(bytes[k++]);
  return out.flat();
}

function parse(data: number[], version: number): string {
  let pos = 0;
  const read = (n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = data[(pos + i) >> 3] ?? 0;
      v = (v << 1) | ((byte >> (7 - ((pos + i) & 7))) & 1);
    }
    pos += n;
    return v;
  };
  const band = version < 10 ? 0 : version < 27 ? 1 : 2;
  const bytes: number[] = [];
  const text = (s: string) => bytes.push(...Buffer.from(s, 'latin1'));
  while (pos + 4 <= data.length * 8) {
    const mode = read(4);
    if (mode === 0) break;
    if (mode === 1) {
      let n = read([10, 12, 14][band]);
      for (; n >= 3; n -= 3) text(String(read(10)).padStart(3, '0'));
      if (n === 2) text(String(read(7)).padStart(2, '0'));
      if (n === 1) text(String(read(4)));
    } else if (mode === 2) {
      let n = read([9, 11, 13][band]);
      for (; n >= 2; n -= 2) {
        const v = read(11);
        text(ALNUM[Math.floor(v / 45)] + ALNUM[v % 45]);
      }
      if (n === 1) text(ALNUM[read(6)]);
    } else if (mode === 4) {
      const n = read([8, 16, 16][band]);
      for (let i = 0; i < n; i++) bytes.push(read(8));
    } else {
      throw new Error(`unsupported QR segment mode ${mode}`);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The text of the QR code in a `data:image/png;base64,…` URL. */
export function decodeQrDataUrl(dataUrl: string): string {
  const png = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  const { size, dark } = sample(png);
  const sym = identify(size, dark);
  return parse(codewords(sym, dark), sym.version);
}
