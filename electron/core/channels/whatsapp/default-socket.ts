/** The production socket factory: a real Baileys socket per number, and the WhatsApp Web version. */
import makeWASocket, { Browsers, DEFAULT_CONNECTION_CONFIG, fetchLatestBaileysVersion, makeCacheableSignalKeyStore } from '@whiskeysockets/baileys';
import type { WAVersion } from '@whiskeysockets/baileys';
import type { SocketFactory, WhatsAppSocket } from './socket';

export const APP_BROWSER_NAME = 'Recado';

/** The version bundled with this Baileys release: what we use offline. */
export const BUNDLED_WA_VERSION: WAVersion = DEFAULT_CONNECTION_CONFIG.version;

/**
 * The latest WhatsApp Web version when the network answers within `timeoutMs`, else the bundled
 * one. An outdated version makes WhatsApp close the socket with 405.
 */
export async function resolveWaVersion(timeoutMs = 3_000): Promise<WAVersion> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<WAVersion>((resolve) => {
    timer = setTimeout(() => resolve(BUNDLED_WA_VERSION), timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([
      fetchLatestBaileysVersion().then((r) => (Array.isArray(r.version) && r.version.length === 3 ? (r.version as WAVersion) : BUNDLED_WA_VERSION)),
      timeout,
    ]);
  } catch {
    return BUNDLED_WA_VERSION;
  } finally {
    clearTimeout(timer);
  }
}

/** `makeWASocket` with the options every Recado number uses. */
export const baileysSocketFactory: SocketFactory = (opts) =>
  makeWASocket({
    auth: { creds: opts.auth.creds, keys: makeCacheableSignalKeyStore(opts.auth.keys, opts.logger) },
    logger: opts.logger,
    version: opts.version,
    browser: Browsers.appropriate(APP_BROWSER_NAME),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    // Campaign numbers need no chat history; skipping it saves bandwidth and memory.
    shouldSyncHistoryMessage: () => false,
    getMessage: opts.getMessage,
    ...(opts.waWebSocketUrl ? { waWebSocketUrl: opts.waWebSocketUrl } : {}),
  }) as unknown as WhatsAppSocket;
