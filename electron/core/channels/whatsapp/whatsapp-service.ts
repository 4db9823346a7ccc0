/**
 * The WhatsApp numbers of one running core: exactly one {@link WhatsAppChannel} per `numbers`
 * row (two sockets on the same session would knock each other off with 440), whoever asks for it
 * — the API handlers or the engine's channel registry through {@link createWhatsAppChannel}.
 * Keeps `numbers.status/status_reason/phone/flagged_at` in step with each channel.
 */
import type { proto, WAVersion } from '@whiskeysockets/baileys';
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import type { Logger } from '../../log/logger';
import type { SecretBox } from '../../secrets/secret-box';
import type { ChannelStatus, SignalEvent } from '../types';
import { hasLinkedSession, loadWhatsAppAuth, wipeWhatsAppAuth } from './auth-store';
import { baileysSocketFactory, refreshWaVersion, resolveWaVersion } from './default-socket';
import type { ChatMessage, GroupReceiptEvent } from './groups-wire';
import { createLinkPreviewer, type LinkPreviewer } from './link-preview';
import { sqliteInboundSeen, sqliteSentStore } from './message-store';
import { sqliteCheckCache } from './number-check';
import { sqliteConnectionHistory } from './connection-history';
import type { SocketFactory } from './socket';
import { useTestStandIn } from './stand-in-trust';
import { WhatsAppChannel, type WhatsAppChannelOptions } from './whatsapp-channel';

/** The columns of a `numbers` row the channel needs. */
export interface NumberRow {
  id: number;
  kind: string;
  label: string;
  phone?: string | null;
  config?: string | null;
}

export type WhatsAppServiceEvent =
  | { type: 'status'; numberId: number; status: ChannelStatus }
  | { type: 'qr'; numberId: number; qr: string; expiresAt: number }
  | { type: 'pairingCode'; numberId: number; code: string }
  | { type: 'groups'; numberId: number }
  | { type: 'groupReceipt'; numberId: number; receipt: GroupReceiptEvent }
  | { type: 'chatMessage'; numberId: number; message: ChatMessage }
  | { type: 'signal'; numberId: number; signal: SignalEvent };

export interface WhatsAppServiceOptions {
  db: Db;
  secretBox: SecretBox;
  logger: Logger;
  socketFactory: SocketFactory;
  resolveVersion?: () => Promise<WAVersion>;
  /** Asked after a 405 (see {@link WhatsAppChannelOptions.refreshVersion}). */
  refreshVersion?: () => Promise<WAVersion | null>;
  /** Where sockets connect; set only by tests and the test/diagnostic switch (the local stand-in). */
  waWebSocketUrl?: string;
  diagnostics?: () => boolean;
  /** Extra channel options (tests: short backoff, a virtual scheduler for the reconnect logic). */
  channelOptions?: Partial<Pick<WhatsAppChannelOptions, 'backoff' | 'guard' | 'scheduler' | 'rand' | 'qrTtlMs' | 'typingRefreshMs' | 'now' | 'linkTimeoutMs' | 'linkPreviewer'>>;
}

type GetMessage = (messageId: string) => Promise<proto.IMessage | undefined> | proto.IMessage | undefined;

export class WhatsAppService {
  private readonly channels = new Map<number, WhatsAppChannel>();
  private readonly listeners = new Set<(e: WhatsAppServiceEvent) => void>();
  private readonly lastQr = new Map<number, { qr: string; expiresAt: number }>();
  /** One previewer for every number (and the editor's preview): each link is fetched once. */
  readonly linkPreviewer: LinkPreviewer;
  private getMessage: GetMessage | undefined;
  private closed = false;

  constructor(private readonly opts: WhatsAppServiceOptions) {
    this.linkPreviewer = opts.channelOptions?.linkPreviewer ?? createLinkPreviewer();
  }

  /** Baileys asks for sent messages to answer retry requests; the engine stores them. */
  setGetMessage(fn: GetMessage): void {
    this.getMessage = fn;
  }

  subscribe(listener: (e: WhatsAppServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(numberId: number): WhatsAppChannel | undefined {
    return this.channels.get(numberId);
  }

  /** The channel of a WhatsApp number (created on first use, then always the same one). */
  channelFor(row: NumberRow): WhatsAppChannel {
    if (row.kind !== 'whatsapp') throw new Error(`number ${row.id} is not a WhatsApp number`);
    const existing = this.channels.get(row.id);
    if (existing) return existing;
    const { db, secretBox } = this.opts;
    let linkPreview = false;
    try {
      linkPreview = (JSON.parse(row.config ?? '{}') as { linkPreview?: unknown }).linkPreview === true;
    } catch {
      // A broken config keeps the safe default.
    }
    const channel = new WhatsAppChannel({
      id: String(row.id),
      numberId: row.id,
      auth: { load: () => loadWhatsAppAuth(db, secretBox, row.id), wipe: () => wipeWhatsAppAuth(db, row.id) },
      socketFactory: this.opts.socketFactory,
      logger: this.opts.logger,
      diagnostics: this.opts.diagnostics?.() ?? false,
      ...(this.opts.resolveVersion ? { resolveVersion: this.opts.resolveVersion } : {}),
      ...(this.opts.refreshVersion ? { refreshVersion: this.opts.refreshVersion } : {}),
      ...(this.opts.waWebSocketUrl ? { waWebSocketUrl: this.opts.waWebSocketUrl } : {}),
      sentStore: sqliteSentStore(db, secretBox, row.id),
      inboundSeen: sqliteInboundSeen(db, row.id),
      getMessage: (id) => this.getMessage?.(id),
      linkPreview,
      linkPreviewer: this.linkPreviewer,
      checkCache: sqliteCheckCache(db),
      connectionHistory: sqliteConnectionHistory(db, row.id),
      ...this.opts.channelOptions,
    });
    channel.on('status', (status) => {
      if (status.state !== 'qr' || !status.qr) this.lastQr.delete(row.id);
      this.persistStatus(row.id, status);
      this.fire({ type: 'status', numberId: row.id, status });
    });
    channel.on('qr', ({ qr, expiresAt }) => {
      this.lastQr.set(row.id, { qr, expiresAt });
      this.fire({ type: 'qr', numberId: row.id, qr, expiresAt });
    });
    channel.on('pairingCode', ({ code }) => this.fire({ type: 'pairingCode', numberId: row.id, code }));
    // Groups and mirroring (electron/core/groups, electron/core/mirroring) listen here.
    channel.on('groups', () => this.fire({ type: 'groups', numberId: row.id }));
    channel.on('groupReceipt', (receipt) => this.fire({ type: 'groupReceipt', numberId: row.id, receipt }));
    channel.on('chatMessage', (message) => this.fire({ type: 'chatMessage', numberId: row.id, message }));
    channel.on('account', ({ phone }) => {
      if (phone) this.update('UPDATE numbers SET phone = ?, updated_at = ? WHERE id = ?', `+${phone}`, Date.now(), row.id);
      // The connection opened: this session resumes by itself after a restart.
      this.update('UPDATE wa_creds SET registered = 1 WHERE number_id = ?', row.id);
    });
    channel.on('signal', (s) => {
      this.fire({ type: 'signal', numberId: row.id, signal: s });
      if (s.kind === 'banned' || s.kind === 'restricted_463') {
        this.update('UPDATE numbers SET flagged_at = ?, updated_at = ? WHERE id = ?', s.at, Date.now(), row.id);
      }
    });
    this.channels.set(row.id, channel);
    return channel;
  }

  /** The current QR of a number still waiting to be linked, if any. */
  currentQr(numberId: number): { qr: string; expiresAt: number } | null {
    const channel = this.channels.get(numberId);
    if (!channel || channel.status().state !== 'qr') return null;
    return this.lastQr.get(numberId) ?? null;
  }

  /** Reconnects, in the background, every number that was linked when the app last ran. */
  resumeLinked(): void {
    if (this.closed) return;
    const rows = this.opts.db.prepare<[], NumberRow>("SELECT id, kind, label, phone, config FROM numbers WHERE kind = 'whatsapp' ORDER BY id").all();
    for (const row of rows) {
      if (!hasLinkedSession(this.opts.db, row.id, this.opts.secretBox)) continue;
      this.channelFor(row)
        .start()
        .catch(() => {
          // The status event already explains why; nothing else to do here.
        });
    }
  }

  /** Stops the channel, wipes the session and drops it from memory (the row stays). */
  async forget(numberId: number): Promise<void> {
    const channel = this.channels.get(numberId);
    this.channels.delete(numberId);
    this.lastQr.delete(numberId);
    if (channel) await channel.stop();
    wipeWhatsAppAuth(this.opts.db, numberId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.channels.values()];
    this.channels.clear();
    await Promise.all(all.map((c) => c.stop().catch(() => {})));
    this.listeners.clear();
  }

  private persistStatus(numberId: number, status: ChannelStatus): void {
    this.update(
      'UPDATE numbers SET status = ?, status_reason = ?, retry_at = ?, updated_at = ? WHERE id = ?',
      status.state,
      status.reason ?? null,
      status.retryAt ?? null,
      Date.now(),
      numberId,
    );
  }

  private update(sql: string, ...params: unknown[]): void {
    if (this.closed) return;
    try {
      this.opts.db.prepare(sql).run(...params);
    } catch (err) {
      // The row may be gone (removed) or the DB closing; the live event still goes out.
      this.opts.logger.warn({ err }, 'could not update the number row');
    }
  }

  private fire(e: WhatsAppServiceEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.opts.logger.error({ err }, 'whatsapp listener failed');
      }
    }
  }
}

/**
 * The one service of a core (built by the composition root, services.ts), always on the real
 * Baileys socket; the test switch (see test-switch.ts, handed over explicitly as
 * `ctx.testWhatsApp`) only points it at the local protocol stand-in.
 */
export function createWhatsAppService(ctx: CoreContext, overrides: Partial<WhatsAppServiceOptions> = {}): WhatsAppService {
  const logger = ctx.logger.child({ capability: 'whatsapp' });
  const standIn = ctx.testWhatsApp ? useTestStandIn(ctx.testWhatsApp, logger) : null;
  return new WhatsAppService({
    db: ctx.db,
    secretBox: ctx.secretBox,
    logger,
    socketFactory: baileysSocketFactory,
    // Against the local stand-in there is no internet to ask for versions: keep the bundled one.
    resolveVersion: standIn ? undefined : () => resolveWaVersion(3_000),
    refreshVersion: standIn ? undefined : () => refreshWaVersion(5_000),
    ...(standIn ? { waWebSocketUrl: standIn.url } : {}),
    // With the stand-in, 127.0.0.1 is the whole internet: the tests' shop pages live there.
    ...(standIn ? { channelOptions: { linkPreviewer: createLinkPreviewer({ allowPrivateHosts: true }) } } : {}),
    diagnostics: () => ctx.settings.get().diagnostics === true,
    ...overrides,
  });
}

export interface CreateWhatsAppChannelDeps {
  service: WhatsAppService;
  /** Reads a message we sent (by id) so Baileys can answer retry requests. */
  getMessage?: GetMessage;
}

/**
 * Factory hook for the engine's channel registry (`kind === 'whatsapp'`). Returns the same
 * instance the WhatsApp API uses for that number, so there is never a second socket.
 */
export function createWhatsAppChannel(numberRow: NumberRow, deps: CreateWhatsAppChannelDeps): WhatsAppChannel {
  if (deps.getMessage) deps.service.setGetMessage(deps.getMessage);
  return deps.service.channelFor(numberRow);
}
