/** Points this process's Baileys at the test stand-in the harness handed over (see test-switch.ts). */
import { baileys } from './baileys';
import type { Logger } from '../../log/logger';
import { TEST_WA_URL_FLAG, type WhatsAppStandIn } from './test-switch';

/**
 * Trusts the stand-in's test root for the Noise certificate check and announces it loudly.
 * Only for a stand-in accepted by acceptTestStandIn(). Returns the URL to connect to.
 */
export function useTestStandIn(standIn: WhatsAppStandIn, logger: Logger): { url: string } {
  (baileys().WA_CERT_DETAILS as { PUBLIC_KEY: Buffer }).PUBLIC_KEY = Buffer.from(standIn.rootKey, 'hex');
  const warning = '!!! WHATSAPP STAND-IN ACTIVE: connecting to a local test server, not to WhatsApp (test mode) !!!';
  logger.warn({ flag: TEST_WA_URL_FLAG }, warning);
  process.stderr.write(`${warning}\n`);
  return { url: standIn.url };
}
