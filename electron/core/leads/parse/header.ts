import { normalizePhone } from '../../../../shared/phone';
import type { CountryCode } from '../../../../shared/phone';

function nonEmptyCount(row: string[]): number {
  let n = 0;
  for (const v of row) if (v != null && String(v).trim() !== '') n++;
  return n;
}

/**
 * Finds the header row among the first rows: skips titles ("Clientes - março") and blank lines
 * above it. Returns -1 when the data starts right away without titles.
 */
export function detectHeaderRow(rows: string[][], defaultCountry: CountryCode = 'BR'): number {
  const scan = rows.slice(0, 30);
  const counts = rows.slice(0, 100).map(nonEmptyCount);
  const freq = new Map<number, number>();
  for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
  let modal = 0;
  let modalN = 0;
  for (const [c, n] of freq) if (n > modalN || (n === modalN && c > modal)) [modal, modalN] = [c, n];
  const minWidth = modal <= 1 ? 1 : Math.max(2, Math.ceil(modal * 0.6));

  for (let i = 0; i < scan.length; i++) {
    const row = scan[i];
    const n = counts[i];
    if (n === 0 || n < minWidth) continue;
    const cells = row.map((v) => String(v ?? '').trim()).filter((v) => v !== '');
    const looksLikeData = cells.some((v) => /\d{6,}/.test(v.replace(/\D/g, '')) && normalizePhone(v, { defaultCountry }).ok);
    if (looksLikeData) return -1;
    const numeric = cells.filter((v) => /^[\d\s.,()+-]+$/.test(v)).length;
    if (numeric > cells.length / 2) return -1;
    return i;
  }
  return -1;
}
