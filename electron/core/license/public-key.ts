// The Ed25519 PUBLIC key the app trusts. Replace before release with the one
// printed by `npm run license-admin -- keygen --out DIR` on the seller's server.
// This placeholder is a development key whose private half was never kept.
export const EMBEDDED_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA6uYDuYzAMpW4JsGjkhEJEc1+2X+40l0XXqcXLB7dC8M=
-----END PUBLIC KEY-----
`;

/** TEST-ONLY override (PEM text). Ignored in packaged builds and outside NODE_ENV=test. */
export const PUBLIC_KEY_ENV = 'RECADO_LICENSE_PUBLIC_KEY';

export interface PublicKeyOptions {
  env?: Record<string, string | undefined>;
  /** Electron main passes app.isPackaged: a shipped build never honours the override. */
  packaged?: boolean;
}

/**
 * The public key to verify licenses with. Tests (NODE_ENV=test, unpackaged)
 * may point the app at their own key pair through RECADO_LICENSE_PUBLIC_KEY;
 * anywhere else the embedded key is used, so the variable cannot be used to
 * accept self-signed licenses.
 */
export function licensePublicKeyPem(options: PublicKeyOptions = {}): string {
  const env = options.env ?? process.env;
  const override = env[PUBLIC_KEY_ENV];
  if (override && !options.packaged && env.NODE_ENV === 'test' && override.includes('BEGIN PUBLIC KEY')) {
    // Allow "\n"-escaped PEMs, handy in shell env files.
    return override.replace(/\\n/g, '\n');
  }
  return EMBEDDED_PUBLIC_KEY_PEM;
}
