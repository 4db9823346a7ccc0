/**
 * (Over 500 lines on purpose: one Baileys socket's lifecycle and sends share its state; options
 * are in channel-options.ts, receipts and replies in incoming-events.ts, message building and
 * rejections in outgoing.ts and rejections.ts.)
 * A real WhatsApp number through Baileys: one socket per number, made by an injectable factory
 * and re-created (listeners and all) on every reconnect. The close code decides whether to
 * reconnect now, back off, wipe the session or stop and explain (see close-policy.ts).
 */
import { watchEventBuffer } from './event-buffer-watchdog';
import type { BaileysEventMap, ConnectionState, proto, WAMessageKey, WAVersion } from '@whiskeysockets/baileys';
import type { Logger } from '../../log/logger';
import { TypedEmitter } from '../emitter';
import { ChannelSendError } from '../errors';
import { digitsFromJid } from '../jid';
import type { Channel, ChannelState, ChannelStatus, CheckResult, OutgoingMessage, SendResult, Unsubscribe } from '../types';
import { isLinkedCreds, type WhatsAppAuth } from './auth-store';
import { baileysLogger } from './baileys-logger';
import { closeAction, closeCodeOf, isNetworkFailure } from './close-policy';
import { baileys } from './baileys';
import { bundledWaVersion } from './default-socket';
import { groupInfoFrom, isGroupJid, type GroupInfo, type OwnIds } from './groups-wire';
import { IncomingEvents } from './incoming-events';
import { CheckLimitReached, checkNumbersWith, type CheckPacing } from './number-check';
import { buildContent, toChannelSendError } from './outgoing';
import { DEFAULT_GUARD_POLICY, ReconnectGuard, type GuardHold, type GuardPolicy, type ReconnectPace } from './reconnect-guard';
import { classifyRejection, DROPPED_MESSAGE, RECONNECTING_MESSAGE } from './rejections';
import type { WhatsAppSocket } from './socket';
import { abortableWait } from '../abortable-wait';
import { realScheduler, WhatsAppStartError, type ChannelScheduler, type WhatsAppAuthStore, type WhatsAppChannelEvents, type WhatsAppChannelOptions } from './channel-options';

export { realScheduler, WhatsAppStartError, type ChannelScheduler, type WhatsAppAuthStore, type WhatsAppChannelEvents, type WhatsAppChannelOptions };

/** WhatsApp Web's keep-alive query: answered by a healthy connection, harmless to repeat. */
const PING = { tag: 'iq', attrs: { to: 's.whatsapp.net', type: 'get', xmlns: 'w:p' }, content: [{ tag: 'ping', attrs: {} }] };
const PING_TIMEOUT_MS = 20_000;

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may not await start(); a rejection must not become an unhandled one.
  promise.catch(() => {});
  return { promise, resolve, reject };
}


export class WhatsAppChannel implements Channel {
  readonly id: string;
  readonly kind = 'whatsapp' as const;
  readonly numberId: number;

  private readonly opts: WhatsAppChannelOptions;
  private readonly log: Logger;
  private readonly events: TypedEmitter<WhatsAppChannelEvents>;
  private readonly now: () => number;
  private current: ChannelStatus;

  private sock: WhatsAppSocket | null = null;
  private auth: WhatsAppAuth | null = null;
  private detach: (() => void) | null = null;
  /** Bumped for every socket; events from an older socket are ignored. */
  private generation = 0;
  /** Set by stop()/logout(): a close is then expected, not something to recover from. */
  private intentional = true;
  private starting: Deferred | null = null;
  private reconnectTimer: (() => void) | null = null;
  /** Why the pending reconnect waits; a rate-limit or ceiling wait is not cut short by start(). */
  private pendingHold: GuardHold = 'none';
  /** The stability checkpoint of the open connection (see {@link ReconnectGuard.stable}). */
  private stableTimer: (() => void) | null = null;
  private readonly guard: ReconnectGuard;
  private readonly scheduler: ChannelScheduler;
  /** Aborted when the current socket goes away: a lookup waiting on it fails at once. */
  private socketLife = new AbortController();
  private badSessionStreak = 0;
  private qrCount = 0;
  private pairingPhone: string | null = null;
  private pairingRequested = false;
  private version: WAVersion | null = null;
  private versionRefreshed = false;
  private linkTimer: ReturnType<typeof setTimeout> | null = null;
  /** Contacts whose presence this socket subscribed to (WhatsApp Web does it before "digitando…"). */
  private subscribed = new Set<string>();
  /** Aborted by stop(): ends typing and in-flight sends at once. */
  private life = new AbortController();
  private readonly incoming: IncomingEvents;

  constructor(opts: WhatsAppChannelOptions) {
    this.opts = opts;
    this.id = opts.id;
    this.numberId = opts.numberId;
    const scheduler = opts.scheduler ?? { now: opts.now ?? Date.now, setTimer: realScheduler.setTimer };
    this.scheduler = scheduler;
    this.now = () => scheduler.now();
    // Info per number (debug with diagnostics), never chattier than the app logger allows.
    const wanted = opts.diagnostics ? 'debug' : 'info';
    const level = opts.logger.levels.values[wanted] >= opts.logger.levelVal ? wanted : opts.logger.level;
    this.log = opts.logger.child({ channel: 'whatsapp', numberId: opts.numberId }, { level });
    this.events = new TypedEmitter<WhatsAppChannelEvents>((err) => {
      if (opts.onListenerError) opts.onListenerError(err);
      else this.log.error({ err }, 'channel listener failed');
    });
    this.current = { state: 'disconnected', since: this.now() };
    const policy: GuardPolicy = { ...DEFAULT_GUARD_POLICY, ...(opts.backoff ? { backoff: opts.backoff } : {}), ...opts.guard };
    this.guard = new ReconnectGuard(policy, opts.connectionHistory ?? null, opts.rand ?? Math.random, this.now());
    this.incoming = new IncomingEvents({
      events: this.events,
      log: this.log,
      now: this.now,
      inboundSeen: opts.inboundSeen,
      ownIds: () => this.ownIds(),
      emitSignal: (kind, detail) => this.emitSignal(kind, detail),
    });
  }

  status(): ChannelStatus {
    return { ...this.current };
  }

  on<K extends keyof WhatsAppChannelEvents>(event: K, cb: (payload: WhatsAppChannelEvents[K]) => void): Unsubscribe {
    return this.events.on(event, cb);
  }

  /** Our own number (digits) once logged in. */
  get phone(): string | null {
    const id = this.sock?.user?.id ?? this.auth?.state.creds.me?.id;
    return id ? digitsFromJid(id.replace(/:\d+@/, '@')) : null;
  }

  /**
   * Connects (showing QR codes when the number is not linked yet). Resolves once connected;
   * rejects with {@link WhatsAppStartError} when it ends without connecting (QR expired, logged
   * out, replaced, banned, stopped). Calling it again after such an end starts over ("gerar novo").
   */
  start(): Promise<void> {
    if (this.current.state === 'connected') return Promise.resolve();
    this.starting ??= deferred();
    const pending = this.starting.promise;
    this.intentional = false;
    if (this.life.signal.aborted) this.life = new AbortController();
    if (this.sock) return pending; // already connecting or showing a QR
    if (this.reconnectTimer) {
      // WhatsApp asked us to wait, or the hourly ceiling is reached: a click does not cut that short.
      if (this.pendingHold === 'rate_limited' || this.pendingHold === 'login_ceiling') return pending;
      this.cancelReconnect();
      this.setStatus('reconnecting', this.current.reason);
    } else {
      this.setStatus('connecting');
    }
    void this.connect();
    return pending;
  }

  /**
   * Link by phone number instead of QR: once the socket is up, asks WhatsApp for the 8-character
   * code (event `pairingCode`). `phone` is digits with the country code.
   */
  pairWithPhone(phone: string): Promise<void> {
    const digits = phone.replace(/\D/g, '');
    this.pairingPhone = digits;
    this.pairingRequested = false;
    const sock = this.sock;
    if (sock && this.current.state === 'qr' && !this.auth?.state.creds.registered) void this.requestPairing(sock, this.generation);
    return this.start();
  }

  async stop(): Promise<void> {
    this.intentional = true;
    this.clearLinkTimer();
    this.cancelReconnect();
    this.life.abort();
    const sock = this.dropSocket();
    if (sock) await this.safeEnd(sock);
    this.failStart('stopped');
    if (this.isLive()) this.setStatus('disconnected', 'stopped');
  }

  /** Logs the device out on WhatsApp's side (when connected) and forgets the session. */
  async logout(): Promise<void> {
    this.intentional = true;
    this.clearLinkTimer();
    this.cancelReconnect();
    this.life.abort();
    const wasConnected = this.current.state === 'connected';
    const sock = this.dropSocket();
    if (sock) {
      if (wasConnected) {
        try {
          await sock.logout();
        } catch (err) {
          this.log.warn({ err }, 'logout request failed; wiping the local session anyway');
          await this.safeEnd(sock);
        }
      } else {
        await this.safeEnd(sock);
      }
    }
    this.opts.auth.wipe();
    this.failStart('logged_out');
    this.setStatus('logged_out', 'user_logout');
  }

  newMessageId(): string {
    return baileys().generateMessageIDV2(this.sock?.user?.id);
  }

  async checkNumbers(candidates: string[][], opts: { onProgress?: (done: number) => void; pacing?: CheckPacing } = {}): Promise<CheckResult[]> {
    const sock = this.requireSocket();
    const closed = this.socketLife.signal;
    const lookup = async (phones: string[]) => {
      const found = await this.raceSocket(sock.onWhatsApp(...phones), closed);
      // Baileys answers `undefined` when the query timed out (also when the socket was ended
      // under it): that is no answer, not "nobody is on WhatsApp".
      if (found === undefined) throw closed.aborted ? new ChannelSendError('NOT_CONNECTED', { detail: 'closed', message: DROPPED_MESSAGE.query }) : new ChannelSendError('TIMEOUT', { detail: 'no_answer' });
      return found;
    };
    try {
      return await checkNumbersWith(lookup, candidates, {
        cache: this.opts.checkCache ?? null,
        now: this.now,
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(opts.pacing ? { pacing: opts.pacing } : {}),
      });
    } catch (err) {
      if (err instanceof CheckLimitReached) throw err;
      throw classifyRejection(err, 'query');
    }
  }

  /** The groups the linked number is in (name, size, whether we are admin, admins-only). */
  async listGroups(): Promise<GroupInfo[]> {
    const sock = this.requireSocket();
    if (!sock.groupFetchAllParticipating) return [];
    try {
      const all = await sock.groupFetchAllParticipating();
      const me = this.ownIds();
      return Object.values(all).map((m) => groupInfoFrom(m, me));
    } catch (err) {
      throw toChannelSendError(err);
    }
  }

  async sendTyping(jid: string, ms: number, signal?: AbortSignal): Promise<void> {
    const sock = this.requireSocket();
    if (!isSendableJid(jid)) throw new ChannelSendError('INVALID_JID');
    this.throwIfAborted(signal);
    const refresh = Math.max(20, this.opts.typingRefreshMs ?? 8_000);
    try {
      let left = Math.max(0, ms);
      // Presence subscriptions are per person; a group only gets the chat state.
      if (!isGroupJid(jid) && !this.subscribed.has(jid)) {
        this.subscribed.add(jid);
        await sock.presenceSubscribe(jid);
      }
      await sock.sendPresenceUpdate('composing', jid);
      while (left > 0) {
        const step = Math.min(refresh, left);
        await this.wait(step, signal);
        left -= step;
        if (left > 0) await sock.sendPresenceUpdate('composing', jid);
      }
    } catch (err) {
      // Clear the indicator even when interrupted; it is cosmetic, so its own failure is ignored.
      sock.sendPresenceUpdate('paused', jid).catch(() => {});
      throw toChannelSendError(err);
    }
    await sock.sendPresenceUpdate('paused', jid).catch(() => {});
  }

  async send(msg: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
    this.requireSocket();
    if (!isSendableJid(msg.jid)) throw new ChannelSendError('INVALID_JID');
    this.throwIfAborted(signal);
    const built = await buildContent(msg, msg.linkPreview ?? this.opts.linkPreview ?? false, this.opts.linkPreviewer);
    this.throwIfAborted(signal);
    const sock = this.requireSocket();
    this.incoming.noteOwnSend(msg.messageId);
    let sent: proto.IWebMessageInfo | undefined;
    try {
      sent = await this.raceAbort(sock.sendMessage(msg.jid, built.content, { messageId: msg.messageId }), signal);
    } catch (err) {
      throw toChannelSendError(err);
    }
    const sentAt = this.now();
    this.remember(sent, msg.messageId);
    if (built.followUp) {
      // The voice note or pin is the tracked message; its text follows as plain text, best effort.
      try {
        this.remember(await sock.sendMessage(msg.jid, built.followUp));
      } catch (err) {
        this.log.warn({ err: toChannelSendError(err).code }, 'text after a voice note or location not sent');
      }
    }
    return { messageId: msg.messageId, sentAt };
  }

  private ownIds(): OwnIds {
    const user = (jid: string | null | undefined) => (jid ? (jid.split('@')[0]?.split(':')[0] ?? null) : null);
    const me = this.auth?.state.creds.me;
    return { pnUser: user(this.sock?.user?.id ?? me?.id), lidUser: user(this.sock?.user?.lid ?? me?.lid) };
  }

  /** Keeps what was sent (media keys included) so a contact's retry request can be answered. */
  private remember(sent: proto.IWebMessageInfo | undefined, fallbackId?: string): void {
    const id = sent?.key?.id ?? fallbackId;
    if (!id || !sent?.message || !this.opts.sentStore) return;
    try {
      this.opts.sentStore.put(id, sent.message);
    } catch (err) {
      this.log.warn({ err }, 'could not keep the sent message for retries');
    }
  }

  // --- connection lifecycle ---

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    if (!this.version) {
      try {
        this.version = this.opts.resolveVersion ? await this.opts.resolveVersion() : bundledWaVersion();
      } catch {
        this.version = bundledWaVersion();
      }
    }
    if (gen !== this.generation || this.intentional) return;
    let sock: WhatsAppSocket;
    try {
      this.auth = this.opts.auth.load();
      if (isLinkedCreds(this.auth.state.creds)) {
        // Every login of a linked session goes through the ceiling, whoever asked for it.
        const now = this.now();
        const allowed = this.guard.earliestLogin(now);
        if (allowed.at > now) {
          this.waitToReconnect(allowed.at, allowed.hold, this.current.reason ?? 'login_ceiling');
          return;
        }
        this.guard.login(now);
      }
      this.qrCount = 0;
      this.pairingRequested = false;
      this.subscribed = new Set();
      const auth = this.auth;
      sock = this.opts.socketFactory({
        numberId: this.numberId,
        auth: auth.state,
        logger: baileysLogger(this.log, this.opts.diagnostics),
        version: this.version,
        getMessage: (key) => this.lookupMessage(key),
        ...(this.opts.waWebSocketUrl ? { waWebSocketUrl: this.opts.waWebSocketUrl } : {}),
      });
    } catch (err) {
      this.log.error({ err }, 'could not create the WhatsApp socket');
      this.scheduleReconnect('socket_error', 'backoff');
      return;
    }
    this.sock = sock;
    this.socketLife = new AbortController();
    const detachEvents = sock.ev.process((events) => this.onEvents(gen, sock, events));
    const stopWatchdog = watchEventBuffer(sock.ev);
    this.detach = () => {
      stopWatchdog();
      detachEvents();
    };
    if (!isLinkedCreds(this.auth.state.creds)) this.armLinkTimer(gen);
  }

  /** A new link that shows no QR (or pairing code) in time stops with the reason, instead of spinning. */
  private armLinkTimer(gen: number): void {
    this.clearLinkTimer();
    this.linkTimer = setTimeout(() => {
      this.linkTimer = null;
      if (gen !== this.generation || this.intentional || this.qrCount > 0 || this.current.state === 'connected') return;
      this.log.warn('no QR code from WhatsApp in time');
      this.intentional = true;
      const s = this.dropSocket();
      if (s) void this.safeEnd(s);
      this.failStart('qr_unavailable');
      this.setStatus('error', 'qr_unavailable');
    }, this.opts.linkTimeoutMs ?? 30_000);
    this.linkTimer.unref?.();
  }

  private clearLinkTimer(): void {
    if (this.linkTimer) clearTimeout(this.linkTimer);
    this.linkTimer = null;
  }

  private async onEvents(gen: number, sock: WhatsAppSocket, events: Partial<BaileysEventMap>): Promise<void> {
    if (gen !== this.generation) return;
    try {
      const creds = events['creds.update'];
      if (creds && this.auth) {
        Object.assign(this.auth.state.creds, creds);
        this.auth.saveCreds();
      }
      const conn = events['connection.update'];
      if (conn) this.onConnectionUpdate(gen, sock, conn);
      await this.incoming.handle(events, async (lid) => (await sock.signalRepository?.lidMapping?.getPNForLID(lid)) ?? null);
    } catch (err) {
      this.log.error({ err }, 'failed to handle WhatsApp events');
    }
  }

  private onConnectionUpdate(gen: number, sock: WhatsAppSocket, u: Partial<ConnectionState>): void {
    const lock = u.reachoutTimeLock;
    if (lock?.isActive) {
      const ends = lock.timeEnforcementEnds instanceof Date ? lock.timeEnforcementEnds.toISOString() : undefined;
      this.log.warn({ enforcementType: lock.enforcementType, ends }, 'WhatsApp reach-out time lock');
      this.emitSignal('reachout_timelock', ends ?? (lock.enforcementType ? String(lock.enforcementType) : undefined));
    }
    if (u.qr) this.onQr(gen, sock, u.qr);
    if (u.connection === 'connecting' && this.current.state !== 'qr' && this.current.state !== 'reconnecting') {
      this.setStatus('connecting');
    }
    if (u.connection === 'open') this.onOpen(sock);
    if (u.connection === 'close') this.onClose(u.lastDisconnect?.error);
  }

  private onQr(gen: number, sock: WhatsAppSocket, qr: string): void {
    if (this.auth && isLinkedCreds(this.auth.state.creds)) return;
    this.clearLinkTimer();
    if (this.pairingPhone) {
      // The socket is up and not registered: the moment to ask for a pairing code.
      if (!this.pairingRequested) void this.requestPairing(sock, gen);
      return;
    }
    this.qrCount += 1;
    const ttl = this.opts.qrTtlMs ?? { first: 60_000, next: 20_000 };
    const expiresAt = this.now() + (this.qrCount === 1 ? ttl.first : ttl.next);
    this.current = { state: 'qr', qr, since: this.now() };
    this.events.emit('status', this.status());
    this.events.emit('qr', { qr, expiresAt });
  }

  private async requestPairing(sock: WhatsAppSocket, gen: number): Promise<void> {
    const phone = this.pairingPhone;
    if (!phone) return;
    this.pairingRequested = true;
    this.qrCount += 1;
    try {
      const code = await sock.requestPairingCode(phone);
      if (gen !== this.generation) return;
      this.setStatus('qr', 'pairing_code');
      this.events.emit('pairingCode', { code });
    } catch (err) {
      if (gen !== this.generation) return;
      this.log.warn({ err }, 'pairing code request failed');
      this.intentional = true;
      const s = this.dropSocket();
      if (s) await this.safeEnd(s);
      this.failStart('pairing_failed');
      this.setStatus('error', 'pairing_failed');
    }
  }

  private onOpen(sock: WhatsAppSocket): void {
    this.clearLinkTimer();
    this.versionRefreshed = false;
    this.badSessionStreak = 0;
    this.pairingPhone = null;
    // Open again after dropping too often: connected, but still "instável" until it proves stable.
    this.setStatus('connected', this.guard.isUnstable ? 'unstable' : undefined);
    this.log.info('WhatsApp connected');
    // Retries start over only once this connection has lasted and answered (not on "open").
    this.armStabilityCheck(sock, this.generation);
    const name = sock.user?.name ?? this.auth?.state.creds.me?.name ?? null;
    this.events.emit('account', { phone: this.phone, name });
    const s = this.starting;
    this.starting = null;
    s?.resolve();
  }

  private onClose(error: unknown): void {
    const creds = this.auth?.state.creds;
    const registered = !!creds && (isLinkedCreds(creds) || !!creds.registered);
    const awaitingLink = this.qrCount > 0 || this.pairingRequested;
    this.clearLinkTimer();
    this.dropSocket();
    if (this.intentional) return;
    const code = closeCodeOf(error);
    if (code === 405 && !this.versionRefreshed && this.opts.refreshVersion) {
      void this.retryWithFresherVersion();
      return;
    }
    this.badSessionStreak = code === 500 ? this.badSessionStreak + 1 : 0;
    const action = closeAction(code, { registered, awaitingLink, badSessionStreak: this.badSessionStreak, network: isNetworkFailure(error) });
    this.log.info({ code, action: action.kind, reason: action.reason }, 'WhatsApp connection closed');
    switch (action.kind) {
      case 'reconnect_now':
        if (awaitingLink) {
          // The restart right after pairing is part of linking, not a drop.
          this.setStatus('connecting', action.reason);
          void this.connect();
        } else {
          this.scheduleReconnect(action.reason, 'now');
        }
        return;
      case 'backoff':
        this.scheduleReconnect(action.reason, action.pace ?? 'backoff');
        return;
      case 'logged_out':
        this.opts.auth.wipe();
        this.intentional = true;
        this.failStart(action.reason);
        this.setStatus('logged_out', action.reason);
        return;
      case 'stop':
        if (action.reason === 'qr_timeout') this.opts.auth.wipe(); // never registered: nothing to keep
        this.intentional = true;
        this.failStart(action.reason);
        this.setStatus(action.state, action.reason);
        if (action.signal) this.emitSignal(action.signal, String(code));
        return;
    }
  }

  /** WhatsApp refused our version (405): fetch a fresher one once and reconnect with it. */
  private async retryWithFresherVersion(): Promise<void> {
    this.versionRefreshed = true;
    this.setStatus('connecting', 'updating_version');
    let fresh: WAVersion | null = null;
    try {
      fresh = (await this.opts.refreshVersion?.()) ?? null;
    } catch {
      fresh = null;
    }
    if (this.intentional) return;
    const current = this.version ?? bundledWaVersion();
    if (fresh && fresh.join('.') !== current.join('.')) {
      this.log.info({ from: current.join('.'), to: fresh.join('.') }, 'WhatsApp Web version refreshed after 405');
      this.version = fresh;
      void this.connect();
      return;
    }
    this.intentional = true;
    this.failStart('outdated_version');
    this.setStatus('error', 'outdated_version');
  }

  /** The connection dropped and the close code asks to reconnect: the guard says when. */
  private scheduleReconnect(reason: string, pace: ReconnectPace): void {
    const now = this.now();
    const next = this.guard.next(now, pace);
    if (next.hold === 'unstable' && next.drops >= this.guard.policy.dropThreshold) {
      this.log.warn({ drops: next.drops, retryInMs: next.at - now }, 'WhatsApp connection unstable: retrying slowly');
    } else if (next.hold !== 'none') {
      this.log.warn({ hold: next.hold, retryInMs: next.at - now }, 'WhatsApp reconnect held');
    }
    if (next.at <= now && next.hold === 'none') {
      // 515 right after pairing (and other "restart now" closes): a new socket at once.
      this.cancelReconnect();
      this.setStatus('connecting', reason);
      void this.connect();
      return;
    }
    this.waitToReconnect(next.at, next.hold, reason);
  }

  /** Waits until `at` (a status says why and when), then connects again. */
  private waitToReconnect(at: number, hold: GuardHold, reason: string): void {
    this.cancelReconnect();
    this.pendingHold = hold;
    if (hold === 'none') this.setStatus('reconnecting', reason, at);
    else this.setStatus('unstable', hold === 'unstable' ? 'unstable' : hold, at);
    this.reconnectTimer = this.scheduler.setTimer(Math.max(0, at - this.now()), () => {
      this.reconnectTimer = null;
      this.pendingHold = 'none';
      if (this.intentional || this.sock) return;
      if (this.current.state === 'unstable') this.setStatus('reconnecting', this.current.reason);
      void this.connect();
    });
  }

  private cancelReconnect(): void {
    this.reconnectTimer?.();
    this.reconnectTimer = null;
    this.pendingHold = 'none';
  }

  /**
   * After `stableAfterMs` open, asks WhatsApp's keep-alive query once: answered, the connection is
   * stable and retries start over from the short backoff; the window of drops stays as it is.
   */
  private armStabilityCheck(sock: WhatsAppSocket, gen: number): void {
    this.stableTimer?.();
    this.stableTimer = this.scheduler.setTimer(this.guard.policy.stableAfterMs, () => {
      this.stableTimer = null;
      void this.checkStability(sock, gen);
    });
  }

  private async checkStability(sock: WhatsAppSocket, gen: number): Promise<void> {
    if (gen !== this.generation || this.current.state !== 'connected') return;
    try {
      if (sock.query) await this.raceSocket(sock.query(structuredClone(PING), PING_TIMEOUT_MS), this.socketLife.signal);
    } catch {
      return; // the close, if any, is handled by onClose
    }
    if (gen !== this.generation || this.current.state !== 'connected') return;
    const wasUnstable = this.guard.isUnstable;
    this.guard.stable(this.now());
    if (wasUnstable) {
      this.log.info('WhatsApp connection stable again');
      this.setStatus('connected');
    }
  }

  /** Settles with `p`, or rejects with NOT_CONNECTED as soon as the socket it runs on goes away. */
  private raceSocket<T>(p: Promise<T>, closed: AbortSignal): Promise<T> {
    p.catch(() => {});
    if (closed.aborted) return Promise.reject(new ChannelSendError('NOT_CONNECTED', { detail: 'closed', message: DROPPED_MESSAGE.query }));
    return new Promise<T>((resolve, reject) => {
      const onClose = () => reject(new ChannelSendError('NOT_CONNECTED', { detail: 'closed', message: DROPPED_MESSAGE.query }));
      closed.addEventListener('abort', onClose, { once: true });
      p.then(
        (v) => {
          closed.removeEventListener('abort', onClose);
          resolve(v);
        },
        (e: unknown) => {
          closed.removeEventListener('abort', onClose);
          reject(e);
        },
      );
    });
  }

  /** Forgets the current socket (listeners first, so its close event is not handled twice). */
  private dropSocket(): WhatsAppSocket | null {
    const sock = this.sock;
    this.detach?.();
    this.detach = null;
    this.sock = null;
    this.generation += 1;
    this.stableTimer?.();
    this.stableTimer = null;
    this.socketLife.abort();
    return sock;
  }

  private async safeEnd(sock: WhatsAppSocket): Promise<void> {
    try {
      await sock.end(undefined);
    } catch {
      // Already closed.
    }
  }

  private failStart(reason: string): void {
    const s = this.starting;
    this.starting = null;
    s?.reject(new WhatsAppStartError(`whatsapp.${reason}`, this.current.state, reason));
  }

  private isLive(): boolean {
    const st = this.current.state;
    return st === 'connecting' || st === 'qr' || st === 'connected' || st === 'reconnecting' || st === 'unstable';
  }

  // --- signals, retries ---

  private emitSignal(kind: WhatsAppChannelEvents['signal']['kind'], detail?: string): void {
    this.events.emit('signal', { kind, ...(detail !== undefined ? { detail } : {}), at: this.now() });
  }

  private async lookupMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    if (!key.id) return undefined;
    try {
      const kept = this.opts.sentStore?.get(key.id);
      if (kept) return kept;
      if (!this.opts.getMessage) return undefined;
      return (await this.opts.getMessage(key.id)) ?? undefined;
    } catch (err) {
      this.log.warn({ err }, 'getMessage failed');
      return undefined;
    }
  }

  // --- helpers ---

  private setStatus(state: ChannelState, reason?: string, retryAt?: number): void {
    this.current = { state, since: this.now(), ...(reason !== undefined ? { reason } : {}), ...(retryAt !== undefined ? { retryAt } : {}) };
    this.events.emit('status', this.status());
  }

  private requireSocket(): WhatsAppSocket {
    const state = this.current.state;
    if (state === 'connected' && this.sock) return this.sock;
    if (state === 'reconnecting' || state === 'unstable') throw new ChannelSendError('NOT_CONNECTED', { detail: state, message: RECONNECTING_MESSAGE });
    if (state === 'logged_out') throw new ChannelSendError('LOGGED_OUT', { detail: this.current.reason ?? state });
    if (state === 'restricted') throw new ChannelSendError('BANNED', { detail: this.current.reason ?? state });
    throw new ChannelSendError('NOT_CONNECTED', { detail: state });
  }

  private throwIfAborted(signal?: AbortSignal): void {
    if (signal?.aborted || this.life.signal.aborted) throw new ChannelSendError('ABORTED');
  }

  /**
   * Settles with `p`, or rejects at once when aborted. The message may already be on its way
   * then, so that ABORTED is permanent: a retry could deliver it twice.
   */
  private raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
    p.catch(() => {});
    const life = this.life.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        cleanup();
        reject(new ChannelSendError('ABORTED', { transient: false, detail: 'in_flight' }));
      };
      const cleanup = () => {
        signal?.removeEventListener('abort', onAbort);
        life.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      life.addEventListener('abort', onAbort, { once: true });
      p.then(
        (v) => {
          cleanup();
          resolve(v);
        },
        (e: unknown) => {
          cleanup();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  /** Waits `ms`; rejects with ABORTED at once if `signal` or stop() aborts. */
  private wait(ms: number, signal?: AbortSignal): Promise<void> {
    return abortableWait(ms, signal, this.life.signal);
  }
}

function isSendableJid(jid: string): boolean {
  return digitsFromJid(jid) !== null || /^\d+@lid$/.test(jid) || /^[\d-]+@g\.us$/.test(jid);
}
