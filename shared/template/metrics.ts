import { stripAccents } from './normalize';
import { parseTemplate } from './parse';
import { renderTemplate } from './render';
import type { RenderContext, TemplateAst, TemplateNode } from './types';

/**
 * Mean similarity of a template's renders at or above this means recipients get near-identical
 * texts. 3-word shingles are strict: changing one word in ten already drops Jaccard to ~0.6.
 */
export const SIMILARITY_THRESHOLD = 0.6;
/** Two campaign variations at or above this read as the same message reworded slightly. */
export const VARIATION_SIMILARITY_THRESHOLD = 0.5;
const SAMPLE_RENDERS = 24;
const CAP = Number.MAX_SAFE_INTEGER;

function mulCap(a: number, b: number): number {
  const r = a * b;
  return r > CAP ? CAP : r;
}

/** Distinct texts the spins can produce (identical options count once; capped). */
function countCombinations(nodes: TemplateNode[], src: string): number {
  let total = 1;
  for (const n of nodes) {
    if (n.type !== 'spin') continue;
    const seen = new Set<string>();
    let sum = 0;
    n.options.forEach((opt, i) => {
      const r = n.optionRanges[i];
      const key = src.slice(r.start, r.end);
      if (seen.has(key)) return;
      seen.add(key);
      sum = Math.min(CAP, sum + countCombinations(opt, src));
    });
    total = mulCap(total, Math.max(1, sum));
  }
  return total;
}

function words(text: string): string[] {
  return stripAccents(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Set of 3-word shingles; shorter texts give one shingle of all their words. */
export function shingles(text: string, size = 3): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length === 0) return out;
  if (w.length < size) {
    out.add(w.join(' '));
    return out;
  }
  for (let i = 0; i + size <= w.length; i++) out.add(w.slice(i, i + size).join(' '));
  return out;
}

/** Jaccard index of two shingle sets (two empty texts are identical: 1). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Similarity of two texts, 0 (nothing in common) to 1 (same words in the same order). */
export function textSimilarity(a: string, b: string): number {
  return jaccard(shingles(a), shingles(b));
}

const SAMPLE_CONTEXT: RenderContext = {
  contact: { name: 'Maria Silva', phone: '11999990000', fields: {} },
  now: new Date('2025-01-06T13:00:00Z'),
  timeZone: 'America/Sao_Paulo',
};

function sampleRenders(ast: TemplateAst, count: number, salt: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(renderTemplate(ast, SAMPLE_CONTEXT, `${salt}:${i}`).text);
  return out;
}

function meanPairwise(texts: string[]): number {
  const sets = texts.map((t) => shingles(t));
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      sum += jaccard(sets[i], sets[j]);
      pairs++;
    }
  }
  return pairs === 0 ? 1 : sum / pairs;
}

export interface TemplateMetrics {
  /** Distinct texts the spins can produce, capped at Number.MAX_SAFE_INTEGER. */
  combinations: number;
  /** Mean pairwise similarity of sampled renders, 0..1 (Jaccard over 3-word shingles). */
  similarity: number;
  /** True when recipients would get near-identical texts. */
  tooSimilar: boolean;
}

export function templateMetrics(src: string | TemplateAst, threshold = SIMILARITY_THRESHOLD): TemplateMetrics {
  const ast = typeof src === 'string' ? parseTemplate(src).ast : src;
  const combinations = countCombinations(ast.nodes, ast.source);
  const similarity = combinations <= 1 ? 1 : meanPairwise(sampleRenders(ast, SAMPLE_RENDERS, 'metrics'));
  return { combinations, similarity, tooSimilar: similarity >= threshold };
}

export interface VariationPair {
  a: number;
  b: number;
  similarity: number;
}

export interface VariationsSimilarity {
  /** Every pair (a < b) with its similarity. */
  pairs: VariationPair[];
  /** Highest pair similarity (0 with fewer than two variations). */
  max: number;
  /** Pairs at or above the threshold: the UI should ask to rewrite one of them. */
  tooSimilar: VariationPair[];
}

/**
 * Compares a campaign's variations (each may itself be a spin template): the similarity of a
 * pair is the mean over a few sampled renders of each.
 */
export function variationsSimilarity(
  texts: readonly string[],
  threshold = VARIATION_SIMILARITY_THRESHOLD,
): VariationsSimilarity {
  const samples = texts.map((t) => sampleRenders(parseTemplate(t).ast, 4, 'variation').map((r) => shingles(r)));
  const pairs: VariationPair[] = [];
  for (let a = 0; a < samples.length; a++) {
    for (let b = a + 1; b < samples.length; b++) {
      let sum = 0;
      for (let k = 0; k < samples[a].length; k++) sum += jaccard(samples[a][k], samples[b][k]);
      pairs.push({ a, b, similarity: sum / samples[a].length });
    }
  }
  const max = pairs.reduce((m, p) => Math.max(m, p.similarity), 0);
  return { pairs, max, tooSimilar: pairs.filter((p) => p.similarity >= threshold) };
}
