/** Removes diacritics: `Saudação` → `Saudacao`. */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/**
 * Lookup key for a variable or a contact field: case- and accent-insensitive, and spaces,
 * hyphens and dots count as `_`, so a CSV column "Primeiro Nome" matches `{primeiro_nome}`.
 */
export function normalizeKey(name: string): string {
  return stripAccents(name.trim())
    .toLowerCase()
    .replace(/[\s.\-_]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** What a variable name may look like (after trimming): starts with a letter or `_`. */
const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{M}\p{N}_]*(?:[ .-][\p{L}\p{M}\p{N}_]+)*$/u;

export function isVariableName(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= 64 && VARIABLE_NAME.test(trimmed);
}

/**
 * Lower-cased, accent-free copy of `text` plus, for each of its UTF-16 units, the index in
 * `text` it came from — so matches found in the folded text map back to source offsets.
 */
export function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = stripAccents(ch).toLowerCase();
    for (let k = 0; k < f.length; k++) map.push(i);
    folded += f;
    i += ch.length;
  }
  map.push(text.length);
  return { folded, map };
}
