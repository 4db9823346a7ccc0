// The small JSON file the seller sends back for an offline activation.
// Pure: only JSON.
export const LICENSE_FILE_FORMAT = 'recado-license';

export interface LicenseFile {
  format: typeof LICENSE_FILE_FORMAT;
  version: 1;
  /** The signed token, verified by verifyLicense() like an online activation. */
  license: string;
}

export function formatLicenseFile(token: string): string {
  const file: LicenseFile = { format: LICENSE_FILE_FORMAT, version: 1, license: token };
  return JSON.stringify(file, null, 2) + '\n';
}

/** The token inside a license file, or null when the text is not one (the token is still unverified). */
export function parseLicenseFile(text: string): string | null {
  try {
    const file = JSON.parse(text.replace(/^\uFEFF/, '')) as Partial<LicenseFile>;
    if (file?.format !== LICENSE_FILE_FORMAT || file.version !== 1 || typeof file.license !== 'string') return null;
    return file.license;
  } catch {
    return null;
  }
}
