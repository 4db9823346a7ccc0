/**
 * Test-only switch for browser-mode e2e runs: the production socket connects to the local
 * WhatsApp protocol stand-in instead of WhatsApp. Like the license test key
 * (license/public-key.ts), it is never read from the environment: a variable can leak into a
 * normal start (a shell profile, a launcher), a flag has to be typed on purpose. The harness
 * passes `recado serve --test-wa-url URL --test-wa-root-key HEX`, accepted only when running the
 * TypeScript sources with NODE_ENV=test, outside a packaged app, towards 127.0.0.1.
 */
// No Baileys here: the command line reads these flags, and `recado --version` loads no package.

/** Hidden `recado serve` flags of the end-to-end harness. */
export const TEST_WA_URL_FLAG = 'test-wa-url';
export const TEST_WA_ROOT_FLAG = 'test-wa-root-key';

/** Where the stand-in listens (ws://127.0.0.1:PORT/ws/chat) and the hex public key of its test root. */
export interface WhatsAppStandIn {
  url: string;
  rootKey: string;
}

export interface StandInContext {
  env: Record<string, string | undefined>;
  /** True when running the TypeScript sources (tsx); shipped builds are bundled JavaScript. */
  fromSources: boolean;
  /** Inside a packaged Electron app. */
  packaged: boolean;
}

export type StandInDecision = { ok: true; standIn: WhatsAppStandIn } | { ok: false; reason: string };

/** Whether the harness's stand-in may replace WhatsApp for this run (pt-BR reason when not). */
export function acceptTestStandIn(input: { url?: string; rootKey?: string }, ctx: StandInContext): StandInDecision {
  const flags = `--${TEST_WA_URL_FLAG}/--${TEST_WA_ROOT_FLAG}`;
  if (ctx.packaged || !ctx.fromSources) return { ok: false, reason: `${flags} só existem para os testes automáticos, rodando o código-fonte.` };
  if (ctx.env.NODE_ENV !== 'test') return { ok: false, reason: `${flags} exigem NODE_ENV=test (só para os testes automáticos).` };
  let host = '';
  try {
    host = new URL(input.url ?? '').hostname;
  } catch {
    host = '';
  }
  if (host !== '127.0.0.1' || !/^wss?:$/.test(safeProtocol(input.url))) return { ok: false, reason: `--${TEST_WA_URL_FLAG} precisa ser um endereço ws://127.0.0.1:PORTA/ws/chat.` };
  if (!/^[0-9a-f]{64}$/i.test(input.rootKey ?? '')) return { ok: false, reason: `--${TEST_WA_ROOT_FLAG} precisa ser a chave pública da raiz de teste (64 dígitos hexadecimais).` };
  return { ok: true, standIn: { url: input.url!, rootKey: input.rootKey! } };
}

function safeProtocol(url: string | undefined): string {
  try {
    return new URL(url ?? '').protocol;
  } catch {
    return '';
  }
}
