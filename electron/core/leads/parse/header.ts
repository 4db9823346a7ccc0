import { normalizePhone } from '../../../../shared/phone';
import type { CountryCode } from '../../../../shared/phone';

function nonEmptyCount(row: string[]): number {
  let n = 0;
  for (const v of row) if (v != null && String(v).trim() !== '') n++;
  return n;
}

/** A cell that reads as a phone number (what lead rows have and titles and headers do not). */
export function looksLikePhone(value: string | null | undefined, defaultCountry: CountryCode = 'BR'): boolean {
  const v = String(value ?? '').trim();
  if (v.replace(/\D/g, '').length < 8) return false;
  return normalizePhone(v, { defaultCountry }).ok;
}

function isPhoneRow(row: string[], defaultCountry: CountryCode): boolean {
  return row.some((v) => looksLikePhone(v, defaultCountry));
}

/** Column titles: text cells, no phone, no e-mail, not mostly numbers. */
function readsAsTitles(row: string[], defaultCountry: CountryCode): boolean {
  const cells = row.map((v) => String(v ?? '').trim()).filter((v) => v !== '');
  if (cells.length === 0) return false;
  if (cells.some((v) => looksLikePhone(v, defaultCountry) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))) return false;
  const numeric = cells.filter((v) => /^[\d\s.,/()+-]+$/.test(v)).length;
  return numeric <= cells.length / 2;
}

/**
 * Finds the header row among the first rows: skips titles ("Clientes - março"), report blocks
 * ("Gerado em 05/12/2026 · Responsável: …") and blank lines above it. Returns -1 when the data
 * starts right away without titles.
 *
 * The data itself is the anchor: the first run of rows holding phones starts the leads, and the
 * header is the nearest row above it that reads as column titles with a title over the phone
 * column ("Celular"). Rows between them are leads without a phone. Without phones in sight, the
 * first wide-enough row that is not data is taken as the header.
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

  // Without phones: the first row wide enough to be the table, if it is not data itself.
  let firstWide = -1;
  for (let i = 0; i < scan.length; i++) {
    if (counts[i] === 0 || counts[i] < minWidth) continue;
    firstWide = readsAsTitles(scan[i], defaultCountry) ? i : -1;
    break;
  }

  const phoneRows = scan.map((row, i) => counts[i] > 0 && isPhoneRow(row, defaultCountry));
  const nextNonEmpty = (i: number) => {
    for (let k = i + 1; k < scan.length; k++) if (counts[k] > 0) return k;
    return -1;
  };
  const firstData = scan.findIndex((_, i) => {
    if (!phoneRows[i]) return false;
    const next = nextNonEmpty(i);
    // One stray phone in a title block ("Contato: (11) 3456-7890") is not the data yet.
    return next < 0 || phoneRows[next];
  });
  if (firstData < 0) return firstWide;

  const phoneCols = scan[firstData].flatMap((v, c) => (looksLikePhone(v, defaultCountry) ? [c] : []));
  const wide = Math.min(minWidth, Math.max(1, Math.ceil(counts[firstData] * 0.5)));
  for (let h = firstData - 1; h >= 0; h--) {
    if (counts[h] < wide || !readsAsTitles(scan[h], defaultCountry)) continue;
    if (phoneCols.some((c) => /\p{L}{2,}/u.test(String(scan[h][c] ?? '')))) return h;
  }
  return firstWide >= 0 && firstWide < firstData ? firstWide : -1;
}
