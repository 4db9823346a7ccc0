import { CP1252_BYTE } from './encoding';

/**
 * Things in a file the import worked around but the user should check: listed in the import
 * report with the rows they concern.
 */
export type ImportWarningCode = 'unclosed_quote' | 'mixed_encoding' | 'mojibake';

export interface ImportWarning {
  code: ImportWarningCode;
  /** Spreadsheet rows (1-based lines of the file) concerned, the first ones. */
  rows: number[];
  /** How many more rows are concerned beyond `rows`. */
  more: number;
  /** pt-BR, naming the rows. */
  message: string;
}

const KEEP_ROWS = 100;
const NAMED_ROWS = 10;

/** "linha 4", "linhas 4 e 9", "linhas 4, 9, 12 e mais 30". */
export function rowList(rows: number[], more = 0): string {
  const shown = rows.slice(0, NAMED_ROWS);
  const extra = more + Math.max(0, rows.length - shown.length);
  const nf = (n: number) => n.toLocaleString('pt-BR');
  if (shown.length === 1 && extra === 0) return `linha ${nf(shown[0])}`;
  const head = shown.map(nf);
  if (extra > 0) return `linhas ${head.join(', ')} e mais ${nf(extra)}`;
  return `linhas ${head.slice(0, -1).join(', ')} e ${head.at(-1)}`;
}

/** Collects warnings while a file is read. */
export class WarningCollector {
  private readonly quotes: number[] = [];
  private quotesMore = 0;
  private readonly garbled: number[] = [];
  private garbledMore = 0;
  private example: { before: string; after: string } | null = null;
  private mixed: { encoding: 'utf8' | 'windows1252'; lines: number[]; more: boolean } | null = null;

  unclosedQuote(row: number): void {
    if (this.quotes.length < KEEP_ROWS) this.quotes.push(row);
    else this.quotesMore++;
  }

  mojibake(row: number, before: string, after: string): void {
    if (this.garbled.at(-1) === row) return;
    this.example ??= { before: before.slice(0, 40), after: after.slice(0, 40) };
    if (this.garbled.length < KEEP_ROWS) this.garbled.push(row);
    else this.garbledMore++;
  }

  mixedEncoding(m: { encoding: 'utf8' | 'windows1252'; lines: number[]; more: boolean } | null): void {
    this.mixed = m && m.lines.length > 0 ? m : null;
  }

  list(): ImportWarning[] {
    const out: ImportWarning[] = [];
    if (this.quotes.length > 0) {
      const many = this.quotes.length > 1 || this.quotesMore > 0;
      out.push({
        code: 'unclosed_quote',
        rows: [...this.quotes],
        more: this.quotesMore,
        message: `Aspas (") abertas e não fechadas ${many ? 'nas' : 'na'} ${rowList(this.quotes, this.quotesMore)}: elas foram lidas como texto e as linhas seguintes foram lidas normalmente. Confira ${many ? 'essas linhas' : 'essa linha'} na planilha.`,
      });
    }
    if (this.mixed) {
      const other = this.mixed.encoding === 'windows1252' ? 'Windows-1252' : 'UTF-8';
      const rest = this.mixed.encoding === 'windows1252' ? 'UTF-8' : 'Windows-1252';
      const plural = this.mixed.lines.length > 1 || this.mixed.more;
      out.push({
        code: 'mixed_encoding',
        rows: this.mixed.lines.slice(0, KEEP_ROWS),
        more: this.mixed.more ? 1 : 0,
        message: `O arquivo mistura codificações de texto: ${plural ? 'as' : 'a'} ${rowList(this.mixed.lines)}${this.mixed.more ? ' (e outras)' : ''} ${plural ? 'estavam' : 'estava'} em ${other}, e o resto em ${rest}. Cada trecho foi lido na codificação certa; confira os acentos ${plural ? 'dessas linhas' : 'dessa linha'}.`,
      });
    }
    if (this.garbled.length > 0) {
      const ex = this.example ? ` (por exemplo “${this.example.before}” virou “${this.example.after}”)` : '';
      const plural = this.garbled.length > 1 || this.garbledMore > 0;
      out.push({
        code: 'mojibake',
        rows: [...this.garbled],
        more: this.garbledMore,
        message: `Acentos corrompidos na planilha foram corrigidos ${plural ? 'nas' : 'na'} ${rowList(this.garbled, this.garbledMore)}${ex}. Confira ${plural ? 'essas linhas' : 'essa linha'}.`,
      });
    }
    return out;
  }
}

/** A UTF-8 continuation byte (0x80–0xBF) as Windows-1252 shows it. */
const CONT = '[\u00a0-\u00bf\u0081\u008d\u008f\u0090\u009d\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]';
/**
 * "Ã©", "Ã§", "Âº", "â€œ": UTF-8 text once read as Windows-1252 and saved again. Only the lead
 * bytes of Latin accents and of typographic punctuation, never meant in Brazilian text.
 */
const GARBLED = new RegExp(`[\u00c2\u00c3]${CONT}|\u00e2${CONT}${CONT}`, 'g');
/** The same, matching only where it starts (lastIndex). */
const GARBLED_AT = new RegExp(GARBLED.source, 'y');

/**
 * Whether `text` has any garbled sequence: each lead character found with indexOf, the pattern
 * tried only there. A regex over a whole batch costs 75 ms for a 95 MB file; this, under 10
 * (and 4 instead of 19 ms for 20 MB in capitals, where "SÃO" and "JOÃO" bring many leads).
 */
export function hasGarbled(text: string): boolean {
  for (const lead of ['\u00c3', '\u00c2', '\u00e2']) {
    for (let i = text.indexOf(lead); i !== -1; i = text.indexOf(lead, i + 1)) {
      GARBLED_AT.lastIndex = i;
      if (GARBLED_AT.test(text)) return true;
    }
  }
  return false;
}
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function fixSequence(seq: string): string {
  const bytes = new Uint8Array(seq.length);
  for (let i = 0; i < seq.length; i++) {
    const c = seq.charCodeAt(i);
    const b = c >= 0x80 && c <= 0x9f ? c : CP1252_BYTE.get(c);
    if (b === undefined) return seq;
    bytes[i] = b;
  }
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return seq;
  }
}

/**
 * Repairs text garbled by a wrong code page once ("JosÃ©" → "José"), sequence by sequence, so
 * a cell where only some accents were garbled comes out right too. null when there is nothing to do.
 */
export function repairMojibake(text: string): string | null {
  if (text.indexOf('\u00c3') === -1 && text.indexOf('\u00c2') === -1 && text.indexOf('\u00e2') === -1) return null;
  GARBLED.lastIndex = 0;
  const fixed = text.replace(GARBLED, fixSequence);
  return fixed !== text ? fixed : null;
}

/** Repairs garbled cells of a batch in place and notes their rows; `text` is the batch's source text. */
export function repairBatch(rows: string[][], startRow: number, warnings: WarningCollector, text?: string): void {
  // Almost every file has none: one search over the text skips the cell-by-cell look.
  if (text !== undefined && !hasGarbled(text)) return;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v.length < 2) continue;
      const fixed = repairMojibake(v);
      if (fixed !== null) {
        row[c] = fixed;
        warnings.mojibake(startRow + r, v, fixed);
      }
    }
  }
}
