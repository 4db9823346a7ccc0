import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintTemplate } from './lint';
import { templateMetrics } from './metrics';
import { isVariableName, normalizeKey } from './normalize';
import { parseTemplate } from './parse';
import { renderTemplate } from './render';
import type { RenderContext } from './types';
import { BUILTIN_VARIABLES } from './variables';
import { parseWhatsAppFormatting, whatsAppPlainText } from './whatsapp-format';

const KNOWN = [...BUILTIN_VARIABLES, 'cidade'];

/** Strings rich in template syntax, so the generator actually hits the tricky paths. */
const templateish = (withEscapes: boolean) =>
  fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('{', '}', '|', ':', ' ', ',', '!') },
      { weight: 3, arbitrary: fc.constantFrom('nome', 'primeiro_nome', 'Cidade', 'DATA', 'saudação', 'x', 'Oi') },
      { weight: withEscapes ? 1 : 0, arbitrary: fc.constant('\\') },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }) },
    ),
    maxLength: 60,
  });

const anyTemplate = fc.oneof(templateish(true), fc.string({ unit: 'binary', maxLength: 80 }));

/** Contact values never contain braces (the importer would have them anyway as plain text). */
const value = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }).map((s) => s.replace(/[{}\\]/g, '')));

const contextArb: fc.Arbitrary<RenderContext> = fc.record({
  contact: fc.record({ name: value, phone: value, fields: fc.record({ cidade: value }) }),
  now: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
  timeZone: fc.constantFrom('America/Sao_Paulo', 'America/Manaus', 'UTC', 'Bogus/Zone'),
  knownVariables: fc.constant(['cidade']),
});

const seedArb = fc.oneof(fc.integer(), fc.string({ maxLength: 10 }));

describe('template properties', () => {
  it('parsing, rendering, linting and metrics never throw on any input', () => {
    fc.assert(
      fc.property(anyTemplate, contextArb, seedArb, (src, ctx, seed) => {
        const { errors } = parseTemplate(src);
        const result = renderTemplate(src, ctx, seed);
        expect(typeof result.text).toBe('string');
        for (const issue of [...errors, ...lintTemplate(src, { knownVariables: ['cidade'] })]) {
          expect(issue.start).toBeGreaterThanOrEqual(0);
          expect(issue.end).toBeLessThanOrEqual(src.length);
          expect(issue.start).toBeLessThanOrEqual(issue.end);
        }
        templateMetrics(src);
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves a known variable unresolved in the output', () => {
    const known = new Set(KNOWN.map(normalizeKey));
    fc.assert(
      fc.property(templateish(false), contextArb, seedArb, (src, ctx, seed) => {
        const { text } = renderTemplate(src, ctx, seed);
        for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
          const name = m[1].split(':')[0];
          if (isVariableName(name)) expect(known.has(normalizeKey(name)), `"${text}" from "${src}"`).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('renders the same text for the same seed', () => {
    fc.assert(
      fc.property(anyTemplate, contextArb, seedArb, (src, ctx, seed) => {
        expect(renderTemplate(src, ctx, seed)).toEqual(renderTemplate(src, ctx, seed));
      }),
      { numRuns: 200 },
    );
  });

  it('can reach every option of a generated spintax', () => {
    type Tree = { leaf: true } | { options: Tree[] };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree; spin: Tree }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', maxDepth: 2 }, fc.constant({ leaf: true as const }), tie('spin')),
      spin: fc.record({ options: fc.array(tie('node'), { minLength: 2, maxLength: 4 }) }),
    })).spin;

    fc.assert(
      fc.property(tree, (t) => {
        const leaves: string[] = [];
        const write = (n: Tree): string => {
          if ('leaf' in n) {
            const word = `w${leaves.length}`;
            leaves.push(word);
            return word;
          }
          return `{${n.options.map(write).join('|')}}`;
        };
        const src = `Oi ${write(t)}!`;
        const seen = new Set<string>();
        const ctx: RenderContext = { contact: {}, now: new Date(0), timeZone: 'UTC' };
        for (let seed = 0; seed < 400 && seen.size < leaves.length; seed++) {
          const m = /^Oi (w\d+)!$/.exec(renderTemplate(src, ctx, seed).text);
          expect(m).not.toBeNull();
          seen.add(m![1]);
        }
        expect([...seen].sort()).toEqual([...leaves].sort());
      }),
      { numRuns: 100 },
    );
  });

  it('WhatsApp formatting never throws and only ever drops marker characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(fc.constantFrom('*', '_', '~', '`', ' ', '\n', 'a', 'B', '1'), fc.string({ maxLength: 1 })) }),
        (s) => {
          const plain = whatsAppPlainText(parseWhatsAppFormatting(s));
          expect(plain.replace(/[*_~`]/g, '')).toBe(s.replace(/\r\n/g, '\n').replace(/[*_~`]/g, ''));
        },
      ),
      { numRuns: 300 },
    );
  });
});
