// The Ed25519 PUBLIC key the app trusts. Replace before release with the one
// printed by `npm run license-admin -- keygen --out DIR` on the seller's server.
// This placeholder is a development key whose private half was never kept.
export const EMBEDDED_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA6uYDuYzAMpW4JsGjkhEJEc1+2X+40l0XXqcXLB7dC8M=
-----END PUBLIC KEY-----
`;

/**
 * The hidden `recado serve` flag through which the end-to-end harness hands over its own
 * public key (a PEM file). Nothing reads a key from the environment: a variable can leak into a
 * normal start (a shell profile, a launcher), a flag has to be typed on purpose.
 */
export const TEST_PUBLIC_KEY_FLAG = 'test-license-public-key';

export interface TestKeyContext {
  env: Record<string, string | undefined>;
  /** True when running the TypeScript sources (tsx); shipped builds are bundled JavaScript. */
  fromSources: boolean;
  /** Inside a packaged Electron app. */
  packaged: boolean;
}

export type TestKeyDecision = { ok: true; pem: string } | { ok: false; reason: string };

/**
 * Whether the test harness's key may replace the embedded one: only for a run from the sources,
 * outside a packaged app, with NODE_ENV=test, and only as a real public key PEM.
 */
export function acceptTestPublicKey(pem: string, ctx: TestKeyContext): TestKeyDecision {
  if (ctx.packaged || !ctx.fromSources) return { ok: false, reason: `--${TEST_PUBLIC_KEY_FLAG} só existe para os testes automáticos, rodando o código-fonte.` };
  if (ctx.env.NODE_ENV !== 'test') return { ok: false, reason: `--${TEST_PUBLIC_KEY_FLAG} exige NODE_ENV=test (só para os testes automáticos).` };
  if (!/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/.test(pem.trim() + '\n')) {
    return { ok: false, reason: `O arquivo passado em --${TEST_PUBLIC_KEY_FLAG} não é uma chave pública PEM.` };
  }
  return { ok: true, pem };
}
