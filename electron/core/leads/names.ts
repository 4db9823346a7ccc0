const HONORIFICS = new Set(['sr', 'sra', 'srta', 'dr', 'dra', 'prof', 'profa', 'dona', 'seu', 'mr', 'mrs', 'ms']);
/** Lower-case char codes the honorifics start with. */
const HONORIFIC_INITIAL = new Set([...HONORIFICS].map((h) => h.charCodeAt(0)));
const LATIN_WORD = /^[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f'-]+$/;

/**
 * Trims, collapses whitespace and drops control characters; caps absurd lengths (a paragraph
 * pasted in a cell). Returns null for empty.
 */
export function cleanText(v: string | undefined | null, max = 500): string | null {
  if (v === undefined || v === null) return null;
  let s = typeof v === 'string' ? v : String(v);
  if (s.length > max) s = s.slice(0, max);
  if (isTidy(s)) return s;
  s = s.trim();
  if (s === '') return null;
  // eslint-disable-next-line no-control-regex
  return /\s{2,}|[\x00-\x1f\x7f]/.test(s) ? s.replace(/[\s\x00-\x1f\x7f]+/g, ' ').trim() || null : s;
}

/**
 * True for the usual cell (a million of them per import): not empty, no control characters,
 * single spaces between words and none at the ends. Characters that might be whitespace
 * (no-break and other Unicode spaces) leave it to the general path.
 */
function isTidy(s: string): boolean {
  const n = s.length;
  if (n === 0 || s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return false;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c < 127) {
      prevSpace = false;
    } else if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else if (c < 0xa0 || c >= 0x1680 || c === 0xa0) {
      // Controls, DEL, C1 controls, no-break space, Unicode spaces, BOM.
      return false;
    } else {
      prevSpace = false;
    }
  }
  return true;
}

function isUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}
function isLower(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}

/** "MARIA DA SILVA" → "Maria", "dr. joão" → "João": what {primeiro_nome} should print. */
export function firstNameOf(name: string | null): string | null {
  if (!name) return null;
  let start = 0;
  let end = name.indexOf(' ');
  // Skip "Sr.", "Dra." and the like when something follows (each starts with d, m, p or s: most
  // first words are ruled out without a slice).
  while (end > 0 && end - start <= 6 && HONORIFIC_INITIAL.has(name.charCodeAt(start) | 0x20) && HONORIFICS.has(name.slice(start, end).toLowerCase().replace(/\.$/, ''))) {
    const next = name.indexOf(' ', end + 1);
    start = end + 1;
    end = next;
  }
  let w = end < 0 ? (start === 0 ? name : name.slice(start)) : name.slice(start, end);
  if (!LATIN_WORD.test(w)) {
    w = w.replace(/[^\p{L}\p{N}'-]+/gu, '');
    if (w === '') return null;
  }
  // Already "Maria": nothing to do (the common case).
  if (w.length > 1 && isUpper(w.charCodeAt(0)) && isLower(w.charCodeAt(1))) return w;
  const upper = w.toUpperCase();
  const lower = w.toLowerCase();
  if (w === upper || w === lower) return upper.charAt(0) + lower.slice(1);
  return w;
}
