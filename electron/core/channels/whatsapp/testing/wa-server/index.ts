/** The WhatsApp Web server stand-in for tests (see server.ts). */
import https from 'node:https';
import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';
import { mediaHostCaPem } from './media-host';
import type { WaStandIn } from './server';

export { WaStandIn, WaAccount, WaContact, Connection, type ReceivedMessage, type ContactOptions, type ReceiptKind, type StandInBehavior } from './server';
export { WaGroup, type GroupMember, type GroupOptions, type GroupPost, type GroupRole } from './group';
export { MEDIA_HOST_CA_FILE, mediaHostCaPem } from './media-host';

/**
 * Makes this process trust the stand-in, like installing a test CA: Baileys checks the Noise
 * certificate chain against `WA_CERT_DETAILS.PUBLIC_KEY` (read at handshake time) and uploads
 * media over HTTPS through the default agent. Returns a function that restores both.
 */
export function trustStandIn(server: WaStandIn): () => void {
  const previousKey = WA_CERT_DETAILS.PUBLIC_KEY;
  const previousCa = https.globalAgent.options.ca;
  (WA_CERT_DETAILS as { PUBLIC_KEY: Buffer }).PUBLIC_KEY = server.root.publicKey;
  https.globalAgent.options.ca = mediaHostCaPem();
  return () => {
    (WA_CERT_DETAILS as { PUBLIC_KEY: Buffer }).PUBLIC_KEY = previousKey;
    https.globalAgent.options.ca = previousCa;
  };
}
