/**
 * Test-only switch for browser-mode e2e runs: the production socket connects to the local
 * WhatsApp protocol stand-in instead of WhatsApp. Refused unless NODE_ENV is 'test', and always
 * refused in a packaged Electron app, so a shipped build can never talk to anything but WhatsApp.
 */
import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';
import type { Logger } from '../../log/logger';

/** True inside a packaged Electron app (not `electron .` during development). */
export function isPackagedElectron(proc: NodeJS.Process = process): boolean {
  if (!proc.versions.electron) return false;
  return !(proc as NodeJS.Process & { defaultApp?: boolean }).defaultApp || /app\.asar/.test(proc.argv[1] ?? '') || /app\.asar/.test(import.meta.url);
}

export const STAND_IN_URL_ENV = 'RECADO_TEST_WA_URL';
export const STAND_IN_ROOT_ENV = 'RECADO_TEST_WA_ROOT_KEY';

/**
 * Test/diagnostic switch for browser-mode e2e runs against the local WhatsApp protocol stand-in:
 * `RECADO_TEST_WA_URL` (a ws://127.0.0.1 URL) and `RECADO_TEST_WA_ROOT_KEY` (the hex public key of
 * the stand-in's test root, trusted for the Noise certificate check). The production socket runs
 * unchanged; only where it connects and which root it trusts differ. Same guard as the fake: only
 * with NODE_ENV=test, never in a packaged app, and only towards 127.0.0.1.
 */
export function standInFromEnv(env: NodeJS.ProcessEnv, logger: Logger, proc: NodeJS.Process = process): { url: string } | null {
  const url = env[STAND_IN_URL_ENV];
  if (!url) return null;
  const root = env[STAND_IN_ROOT_ENV] ?? '';
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    host = '';
  }
  if (env.NODE_ENV !== 'test' || isPackagedElectron(proc) || host !== '127.0.0.1' || !/^[0-9a-f]{64}$/i.test(root)) {
    logger.error({ env: STAND_IN_URL_ENV }, 'WhatsApp stand-in switch REFUSED: only with NODE_ENV=test, a 127.0.0.1 URL and a root key, outside a packaged app');
    return null;
  }
  (WA_CERT_DETAILS as { PUBLIC_KEY: Buffer }).PUBLIC_KEY = Buffer.from(root, 'hex');
  const warning = '!!! WHATSAPP STAND-IN ACTIVE: connecting to a local test server, not to WhatsApp (test mode) !!!';
  logger.warn({ env: STAND_IN_URL_ENV }, warning);
  process.stderr.write(`${warning}\n`);
  return { url };
}
