/**
 * The OpenAI SDK, loaded when the assistant first talks to a provider (see lib/lazy-require.ts):
 * about 0.15 s of start-up a business that never uses AI copy does not pay. Types come from
 * 'openai' with `import type`; values through `openaiSdk()`.
 */
import { lazyRequire } from '../lib/lazy-require';

export const openaiSdk = lazyRequire<typeof import('openai')>('openai');
