import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatMessage } from './format';
import { ptBR } from './pt-BR';

const dictionaries = [
  ['pt-BR', ptBR],
  ['en', en],
] as const;

/** Words ending in "s" that are singular, so "1 has" is not a plural mistake. */
const SINGULAR_S = new Set(['has', 'does', 'is', 'was', 'this', 'its', 'mês', 'país', 'gás', 'às']);

describe('dictionaries', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
  });

  it.each(dictionaries)('%s writes plurals with plural rules, never "(s)" or "(ões)"', (_lang, dict) => {
    const bad = Object.entries(dict).filter(([, v]) => /\p{L}\((?:s|es|ões|ns|ns)\)/u.test(v));
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it.each(dictionaries)('%s never shows "1 <plural noun>" (every value set to 1)', (lang, dict) => {
    const bad: string[] = [];
    for (const [key, text] of Object.entries(dict)) {
      const vars = Object.fromEntries([...text.matchAll(/\{(\w+)/g)].map((m) => [m[1], 1]));
      const out = formatMessage(lang, text, vars);
      for (const m of out.matchAll(/(?:^|[^\d.,])1 ([\p{L}-]+s)\b/gu)) {
        if (!SINGULAR_S.has(m[1].toLowerCase())) bad.push(`${key}: ${out}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(dictionaries)('%s plural and select blocks are well formed and have an "other" branch', (lang, dict) => {
    const bad: string[] = [];
    for (const [key, text] of Object.entries(dict)) {
      for (const m of text.matchAll(/\{(\w+), (plural|select),/g)) {
        const out = formatMessage(lang, text, { [m[1]]: m[2] === 'plural' ? 7 : 'zzz' });
        if (out.includes(`{${m[1]}, ${m[2]},`) || !/\bother \{/.test(text)) bad.push(key);
      }
    }
    expect(bad).toEqual([]);
  });
});
