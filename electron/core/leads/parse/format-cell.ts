import type * as XLSX from 'xlsx';
import { sheetjs } from '../../lib/sheetjs';

/**
 * Spreadsheet cell → the text a contact field keeps, as a Brazilian reads it in a message:
 * `R$ 130,50` for a currency cell, `04/12/2026` for a date, `12,5%`, `3,5`. Whole numbers
 * that are not money or percentages keep every digit as stored (phones, CPFs, codes): a phone
 * shown as 5,51199E+12 or as 5.511.987.654.321 is still 5511987654321.
 */
export function cellText(c: XLSX.CellObject | undefined): string {
  if (!c) return '';
  switch (c.t) {
    case 's':
      return String(c.v ?? '');
    case 'n':
      return numberText(c.v as number, typeof c.z === 'string' ? c.z : undefined);
    case 'b':
      return c.v ? 'VERDADEIRO' : 'FALSO';
    case 'd':
      return c.v instanceof Date ? c.v.toISOString().slice(0, 10).split('-').reverse().join('/') : String(c.v ?? '');
    case 'e':
    case 'z':
      return '';
    default:
      return String(c.w ?? c.v ?? '');
  }
}

/** The format code without its quoted literals, escapes and colour/condition brackets (not `[$R$-416]`). */
function formatTokens(z: string): string {
  return z.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[(?!\$)[^\]]*\]/g, '');
}

function isCurrencyFormat(z: string): boolean {
  return /R\$|US\$|[$€£¥]|\[\$/.test(z);
}

/** `1,234.50` (how SheetJS formats) → `1.234,50` (pt-BR), only inside numbers. */
export function toBrazilianSeparators(text: string): string {
  return text.replace(/\d[\d.,]*\d|\d/g, (num) => num.replace(/[.,]/g, (ch) => (ch === '.' ? ',' : '.')));
}

function formatted(z: string, v: number): string | null {
  try {
    const t = sheetjs().SSF.format(z, v).replace(/\s+/g, ' ').trim();
    // Scientific notation would hide digits.
    return t === '' || /\de[+-]?\d/i.test(t) ? null : t;
  } catch {
    return null;
  }
}

export function numberText(v: number, z: string | undefined): string {
  if (!Number.isFinite(v)) return '';
  const format = z && z !== 'General' ? z : undefined;
  if (format && sheetjs().SSF.is_date(format)) return dateText(v, format);
  const tokens = format ? formatTokens(format) : '';
  const money = format !== undefined && isCurrencyFormat(format);
  const percent = tokens.includes('%');
  if (Number.isInteger(v) && !money && !percent) return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
  const shown = format ? formatted(format, v) : null;
  if (shown !== null) return toBrazilianSeparators(shown);
  return toBrazilianSeparators(formatted('General', v) ?? String(v));
}

/** Dates as dd/mm/aaaa (with hh:mm when the cell has a time); a time-only format as hh:mm. */
function dateText(v: number, format: string): string {
  const tokens = formatTokens(format).toLowerCase();
  const hasDate = /[dy]/.test(tokens) || /(^|[^h:])m{3,}/.test(tokens);
  const hasTime = Math.abs(v - Math.floor(v)) > 1e-9;
  if (!hasDate) return sheetjs().SSF.format(/s/.test(tokens) ? 'hh:mm:ss' : 'hh:mm', v);
  return sheetjs().SSF.format(hasTime ? 'dd/mm/yyyy hh:mm' : 'dd/mm/yyyy', v);
}
