/**
 * Test-only switch for browser-mode e2e runs: `RECADO_TEST_FAKE_WHATSAPP=1` swaps the real
 * Baileys socket for the scripted fake. Refused unless NODE_ENV is 'test', and always refused in
 * a packaged Electron app, so a shipped build can never fake a WhatsApp connection.
 */
import type { Logger } from '../../log/logger';
import type { SocketFactory } from './socket';
import { scriptedFakeSocketFactory } from './testing/fake-socket';

export const FAKE_WHATSAPP_ENV = 'RECADO_TEST_FAKE_WHATSAPP';

/** True inside a packaged Electron app (not `electron .` during development). */
export function isPackagedElectron(proc: NodeJS.Process = process): boolean {
  if (!proc.versions.electron) return false;
  return !(proc as NodeJS.Process & { defaultApp?: boolean }).defaultApp || /app\.asar/.test(proc.argv[1] ?? '') || /app\.asar/.test(import.meta.url);
}

/** The fake factory when the switch is on and allowed; null otherwise (use the real socket). */
export function fakeSocketFactoryFromEnv(env: NodeJS.ProcessEnv, logger: Logger, proc: NodeJS.Process = process): SocketFactory | null {
  if (env[FAKE_WHATSAPP_ENV] !== '1') return null;
  if (env.NODE_ENV !== 'test' || isPackagedElectron(proc)) {
    logger.error({ env: FAKE_WHATSAPP_ENV }, 'fake WhatsApp switch REFUSED: only allowed with NODE_ENV=test outside a packaged app');
    return null;
  }
  const warning = '!!! FAKE WHATSAPP ACTIVE: no real WhatsApp connection; QR codes, sends and receipts are simulated (test mode) !!!';
  logger.warn({ env: FAKE_WHATSAPP_ENV }, warning);
  process.stderr.write(`${warning}\n`);
  return scriptedFakeSocketFactory().factory;
}
