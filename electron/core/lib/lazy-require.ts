/**
 * Packages loaded on first use instead of at start-up. Baileys, the OpenAI SDK and date-holidays
 * take about 0.4 s to load together, which every start paid before the core could answer the
 * window, also for a business with no WhatsApp number, no AI key and no holiday rule.
 * Synchronous (require, which loads ES modules too since Node 20.19 and 22.12) so call sites stay
 * as they were; the module is the same instance a static `import` of the package gets.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `T` is what the package's require() returns (a CommonJS package's module.exports). */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
