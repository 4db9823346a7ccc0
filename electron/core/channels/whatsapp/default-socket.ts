/** The production socket factory: a real Baileys socket per number, and the WhatsApp Web version. */
import type { proto, WAVersion } from '@whiskeysockets/baileys';
import { baileys } from './baileys';
import type { SocketFactory, WhatsAppSocket } from './socket';

export const APP_BROWSER_NAME = 'Recado';

/** The version bundled with this Baileys release: what we use offline. */
export function bundledWaVersion(): WAVersion {
  return baileys().DEFAULT_CONNECTION_CONFIG.version;
}

type VersionSource = () => Promise<{ version: unknown; error?: unknown }>;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
    timer.unref?.();
  });
  return Promise.race([p.catch(() => null), timeout]).finally(() => clearTimeout(timer));
}

function asVersion(v: unknown): WAVersion | null {
  return Array.isArray(v) && v.length === 3 && v.every((n) => typeof n === 'number' && Number.isFinite(n)) ? (v as WAVersion) : null;
}

/** The first version any source gives within `timeoutMs` each, or null. */
async function firstVersion(sources: VersionSource[], timeoutMs: number): Promise<WAVersion | null> {
  for (const source of sources) {
    const r = await withTimeout(source(), timeoutMs);
    // Both Baileys helpers answer their bundled version plus `error` when the fetch failed.
    const v = r && !r.error ? asVersion(r.version) : null;
    if (v) return v;
  }
  return null;
}

/**
 * The latest WhatsApp Web version when the network answers within `timeoutMs`, else the bundled
 * one. An outdated version makes WhatsApp close the socket with 405.
 */
export async function resolveWaVersion(timeoutMs = 3_000, sources: VersionSource[] = [baileys().fetchLatestBaileysVersion]): Promise<WAVersion> {
  return (await firstVersion(sources, timeoutMs)) ?? bundledWaVersion();
}

/**
 * After a 405 (version refused): ask WhatsApp Web itself first, then Baileys' published list,
 * each with a short timeout. Null when neither answered (offline).
 */
export function refreshWaVersion(timeoutMs = 5_000, sources: VersionSource[] = [baileys().fetchLatestWaWebVersion, baileys().fetchLatestBaileysVersion]): Promise<WAVersion | null> {
  return firstVersion(sources, timeoutMs);
}

/**
 * Which history syncs to process: everything but the FULL history. Baileys needs the initial
 * bootstrap for the LID ↔ phone mappings and the privacy tokens of existing chats (without them,
 * sends to existing customers from a fresh link fail with 463); we store none of the messages.
 */
export function shouldSyncHistory({ syncType }: proto.Message.IHistorySyncNotification): boolean {
  return syncType !== baileys().proto.Message.HistorySyncType.FULL;
}

/** `makeWASocket` with the options every Recado number uses. */
export const baileysSocketFactory: SocketFactory = (opts) => {
  const { makeWASocket, makeCacheableSignalKeyStore, Browsers } = baileys();
  return makeWASocket({
    auth: { creds: opts.auth.creds, keys: makeCacheableSignalKeyStore(opts.auth.keys, opts.logger) },
    logger: opts.logger,
    version: opts.version,
    browser: Browsers.appropriate(APP_BROWSER_NAME),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    shouldSyncHistoryMessage: shouldSyncHistory,
    getMessage: opts.getMessage,
    ...(opts.waWebSocketUrl ? { waWebSocketUrl: opts.waWebSocketUrl } : {}),
  }) as unknown as WhatsAppSocket;
};
