// Where the app finds the seller's license server (license-server/, behind HTTPS).
// PLACEHOLDER: set the seller's real address before release (see license-server/README.md,
// "HTTPS in front"). Overriding it is harmless: licenses are only accepted when signed
// with the embedded public key, whatever server handed them out.
export const DEFAULT_LICENSE_SERVER_URL = 'https://licencas.recado.app';

/** Environment variable that points the app at another license server (tests, staging). */
export const LICENSE_SERVER_ENV = 'RECADO_LICENSE_SERVER';

export function licenseServerUrl(env: Record<string, string | undefined> = process.env): string {
  const override = env[LICENSE_SERVER_ENV]?.trim();
  return override && /^https?:\/\//i.test(override) ? override.replace(/\/+$/, '') : DEFAULT_LICENSE_SERVER_URL;
}
