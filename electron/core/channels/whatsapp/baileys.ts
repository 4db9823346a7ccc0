/**
 * Baileys, loaded when a WhatsApp number first needs it (see lib/lazy-require.ts): about 0.3 s
 * of start-up that a core with only Simulator or Cloud API numbers never pays. Use types from
 * '@whiskeysockets/baileys' with `import type`, and values through `baileys()`.
 */
import { lazyRequire } from '../../lib/lazy-require';

export const baileys = lazyRequire<typeof import('@whiskeysockets/baileys')>('@whiskeysockets/baileys');
