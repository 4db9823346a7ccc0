import type { CallMessage, EventMessage, ReplyMessage } from '../../shared/api/wire';
import type { ClaimedDownload } from '../core/backup/downloads';
import type { WhatsAppStandIn } from '../core/channels/whatsapp/test-switch';

/**
 * Browser mode runs the core in a worker thread, the way the desktop app runs it in a utility
 * process: the main thread serves the page and the WebSocket at once (the core's packages take
 * most of the start-up to load), and no long task of the core can delay an HTTP response.
 * Everything travels by structured clone.
 */
export interface CoreThreadData {
  dataDir: string;
  echoLogs?: boolean;
  /** TEST ONLY, from `--test-license-public-key` (see core/license/public-key.ts). */
  testLicensePublicKeyPem?: string;
  /** TEST ONLY, from `--test-wa-url`/`--test-wa-root-key` (see core/channels/whatsapp/test-switch.ts). */
  testWhatsApp?: WhatsAppStandIn;
}

export type HostToCore = CallMessage | { type: 'takeDownload'; id: number; token: string } | { type: 'shutdown' };

export type CoreToHost =
  | { type: 'ready' }
  /** The core could not start; `message` is pt-BR, for the terminal. */
  | { type: 'fatal'; code: string; message: string }
  | ReplyMessage
  | EventMessage
  | { type: 'download'; id: number; download: ClaimedDownload | null }
  | { type: 'closed' };
