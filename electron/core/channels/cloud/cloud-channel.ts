/**
 * A WhatsApp Cloud API number behind the same {@link Channel} contract as the Simulator and
 * WhatsApp Web. Sends go to Graph over HTTPS; receipts and replies arrive later as webhooks
 * (through the relay) and are handed to this channel by the CloudService.
 *
 * - Message ids: Meta assigns its own (`wamid`). Recado keeps its pre-generated id as the
 *   delivery's id, passes it as `biz_opaque_callback_data` (echoed in status webhooks) and
 *   records id ↔ wamid in `cloud_messages` as soon as Graph answers.
 * - At most once: a request Graph answered with an error was not sent (the message goes back to
 *   the queue or fails, by the policy table); a request that got no answer may have been sent and
 *   is reported as UNKNOWN, which the engine marks uncertain and never resends.
 * - Free-form text only inside the contact's 24-hour window; templates count towards the
 *   messaging limit (unique people in 24 h) of the tier Meta reports.
 * - Throughput: at most the number's rate (80 msg/s standard), and a growing pause after a
 *   throughput error (130429).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Logger } from '../../log/logger';
import { normalizePhone } from '../../../../shared/phone';
import { TypedEmitter } from '../emitter';
import { ChannelSendError, type ChannelErrorCode } from '../errors';
import { waitUnlessAborted } from '../abortable-wait';
import { digitsFromJid, jidFromDigits } from '../jid';
import type { Channel, ChannelEvents, ChannelState, ChannelStatus, CheckResult, InboundEvent, OutgoingMessage, ReceiptEvent, SendResult, Unsubscribe } from '../types';
import { messagingLimitOf, type CloudAccountRow, type CloudStore } from './cloud-store';
import type { GraphClient, PhoneNumberInfo } from './graph-client';
import { graphPolicy, isGraphRequestError, type GraphRequestError, type PolicyEntry } from './graph-errors';

export interface CloudChannelOptions {
  numberId: number;
  label: () => string;
  store: CloudStore;
  /** A client with the number's token, or null when no token is stored. */
  client: () => GraphClient | null;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** A Graph answer said the token is bad: every Cloud number must stop (the service fans it out). */
  onTokenProblem: (entry: PolicyEntry) => void;
  /** The phone number info changed (quality, limit): refresh the card. */
  onInfo?: (info: PhoneNumberInfo) => void;
  now?: () => number;
  /** Re-check of the number's fields (quality, limit) while connected; default 30 min. */
  refreshEveryMs?: number;
  readFile?: (path: string) => Promise<Uint8Array>;
}

const BACKOFF_MS = [2_000, 5_000, 15_000, 30_000, 60_000];
const RETRY_CONNECT_MS = [5_000, 15_000, 60_000, 300_000];

/** The canonical phone key (`+55…`) of a jid, as contacts and windows store it. */
export function phoneKeyOfJid(jid: string): string | null {
  const digits = digitsFromJid(jid);
  if (!digits) return null;
  const p = normalizePhone(`+${digits}`);
  return p.ok ? p.key : `+${digits}`;
}

export class CloudChannel implements Channel {
  readonly id: string;
  readonly kind = 'cloud' as const;
  private readonly events: TypedEmitter<ChannelEvents>;
  private current: ChannelStatus;
  private readonly now: () => number;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private life = new AbortController();
  private cooldownUntil = 0;
  private backoffStep = 0;
  private lastSendAt = 0;
  private connectAttempt = 0;
  private redSignalled = false;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly uploading = new Map<string, Promise<string>>();

  constructor(private readonly o: CloudChannelOptions) {
    this.id = `cloud-${o.numberId}`;
    this.now = o.now ?? Date.now;
    this.events = new TypedEmitter<ChannelEvents>((err) => o.logger.error({ err, numberId: o.numberId }, 'cloud channel listener failed'));
    this.current = Object.freeze({ state: 'disconnected', since: this.now() });
  }

  status(): ChannelStatus {
    return this.current;
  }

  on<K extends keyof ChannelEvents>(event: K, cb: (payload: ChannelEvents[K]) => void): Unsubscribe {
    return this.events.on(event, cb);
  }

  private get account(): CloudAccountRow {
    const a = this.o.store.account(this.o.numberId);
    if (!a) throw new ChannelSendError('NOT_CONNECTED', { detail: 'no_account' });
    return a;
  }

  /** Checks the token and the number with Graph; connected when Graph answers. */
  async start(): Promise<void> {
    if (this.current.state === 'connected' || this.current.state === 'connecting') return;
    this.life = new AbortController();
    this.setStatus('connecting');
    await this.check();
  }

  async stop(): Promise<void> {
    this.life.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    if (this.current.state !== 'disconnected') this.setStatus('disconnected', 'stopped');
  }

  /** Reads the number's fields again (quality, limit) and updates the state. */
  async check(): Promise<PhoneNumberInfo | null> {
    const client = this.o.client();
    if (!client) {
      this.setStatus('error', 'no_token');
      return null;
    }
    try {
      const info = await client.getPhoneNumber(this.account.phone_number_id);
      if (this.life.signal.aborted) return info;
      this.o.store.saveInfo(this.o.numberId, info);
      this.o.onInfo?.(info);
      this.connectAttempt = 0;
      if (this.current.state !== 'connected') this.setStatus('connected');
      this.qualityChanged(info.qualityRating);
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => {
        this.refreshTimer = null;
        if (!this.life.signal.aborted) void this.check();
      }, this.o.refreshEveryMs ?? 30 * 60_000);
      this.refreshTimer.unref?.();
      return info;
    } catch (err) {
      if (this.life.signal.aborted) return null;
      if (isGraphRequestError(err) && err.kind === 'graph') {
        const entry = graphPolicy(err.code, err.subcode, err.graphMessage);
        this.o.logger.warn({ numberId: this.o.numberId, code: err.code, subcode: err.subcode }, 'cloud number check refused');
        if (entry.policy === 'pause_all') {
          this.o.onTokenProblem(entry);
          return null;
        }
        if (entry.policy === 'retry') {
          this.retryConnect('graph_unavailable');
          return null;
        }
        this.setStatus('error', err.code === 100 && err.subcode === 33 ? 'wrong_id' : `graph_${err.code ?? 'error'}`);
        return null;
      }
      this.retryConnect('no_network');
      return null;
    }
  }

  /** The quality Meta reports; a drop to red pauses the number (once per drop). */
  qualityChanged(rating: string | null): void {
    if (rating === 'RED') {
      if (this.redSignalled) return;
      this.redSignalled = true;
      this.signal(
        'quality_red',
        'a qualidade do número caiu para BAIXA (vermelha): muitas pessoas bloquearam ou denunciaram as mensagens. O número foi pausado para não ser limitado pela Meta: revise o público e o modelo, espere a qualidade melhorar e retome.',
      );
    } else if (rating) {
      this.redSignalled = false;
    }
  }

  /** Called for every Cloud number when a token was found expired or without permission. */
  tokenProblem(entry: PolicyEntry): void {
    this.signal('token', entry.message);
    this.setStatus('error', 'token_invalid');
  }

  async checkNumbers(candidates: string[][]): Promise<CheckResult[]> {
    this.assertConnected();
    // The Cloud API has no lookup: Meta resolves the number when sending (contacts[0].wa_id),
    // including Brazil's 9th digit. The first spelling (the canonical one) is the address.
    return candidates.map((input) => {
      const digits = (input[0] ?? '').replace(/\D/g, '');
      return { input, jid: digits.length >= 8 ? jidFromDigits(digits) : null };
    });
  }

  /** The Cloud API shows "digitando…" only while answering a message the contact sent: no-op. */
  async sendTyping(jid: string, _ms: number, signal?: AbortSignal): Promise<void> {
    this.assertConnected();
    if (!digitsFromJid(jid)) throw new ChannelSendError('INVALID_JID');
    if (signal?.aborted) throw new ChannelSendError('ABORTED');
  }

  newMessageId(): string {
    return `RCD${randomBytes(10).toString('hex').toUpperCase()}`;
  }

  async send(msg: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
    this.assertConnected();
    const digits = digitsFromJid(msg.jid);
    if (!digits) throw new ChannelSendError('INVALID_JID');
    const phoneKey = phoneKeyOfJid(msg.jid)!;
    const account = this.account;
    const client = this.o.client();
    if (!client) throw new ChannelSendError('AUTH_FAILED', { detail: 'no_token' });
    const now = this.now();
    const windowEnds = this.o.store.windowEndsAt(this.o.numberId, phoneKey, now);

    let payload: Record<string, unknown>;
    if (msg.template) {
      // Messaging limit: unique people outside their window, per 24 h, across the account.
      const limit = messagingLimitOf(account.messaging_limit);
      if (windowEnds === null && limit !== null && Number.isFinite(limit) && !this.o.store.sentTo24h(account.waba_id, phoneKey, now)) {
        const used = this.o.store.recipients24h(account.waba_id, now);
        if (used >= limit) {
          const frees = this.o.store.limitFreesAt(account.waba_id, now);
          const when = frees ? new Date(frees).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }) : 'em até 24 horas';
          this.signal('messaging_limit', `o limite de ${limit.toLocaleString('pt-BR')} pessoas novas em 24 horas que a Meta dá a este número foi atingido. O envio de modelos para novas pessoas parou; retome a campanha a partir de ${when}.`);
          throw new ChannelSendError('MESSAGING_LIMIT', { detail: String(limit) });
        }
      }
      const components = [...msg.template.components];
      if (msg.template.headerMedia) {
        const mediaId = await this.mediaIdFor(client, account, msg.template.headerMedia, signal);
        const kind = msg.template.headerMedia.kind;
        components.unshift({ type: 'header', parameters: [{ type: kind, [kind]: { id: mediaId, ...(kind === 'document' && msg.template.headerMedia.fileName ? { filename: msg.template.headerMedia.fileName } : {}) } }] });
      }
      payload = { to: digits, type: 'template', template: { name: msg.template.name, language: { code: msg.template.language }, components }, biz_opaque_callback_data: msg.messageId };
    } else {
      if (windowEnds === null) throw new ChannelSendError('OUTSIDE_WINDOW');
      if (msg.attachment) {
        const mediaId = await this.uploadFile(client, account, msg.attachment.path, msg.attachment.mimeType, msg.attachment.fileName ?? 'arquivo', signal);
        const kind = msg.attachment.kind;
        payload = { to: digits, type: kind, [kind]: { id: mediaId, ...(kind !== 'audio' && msg.text ? { caption: msg.text } : {}), ...(kind === 'document' ? { filename: msg.attachment.fileName } : {}) }, biz_opaque_callback_data: msg.messageId };
      } else {
        payload = { to: digits, type: 'text', text: { body: msg.text, preview_url: false }, biz_opaque_callback_data: msg.messageId };
      }
    }

    await this.pace(signal);
    let wamid: string;
    try {
      ({ wamid } = await client.sendMessage(account.phone_number_id, payload));
    } catch (err) {
      const failure = this.sendFailure(err);
      // Meta knows the window better than Recado (a lost webhook, clocks): trust its 131047.
      if (failure.code === 'OUTSIDE_WINDOW' && !msg.template) this.o.store.closeWindow(this.o.numberId, phoneKey, now);
      throw failure;
    }
    this.backoffStep = 0;
    const sentAt = this.now();
    this.o.store.recordSent({
      messageId: msg.messageId,
      wamid,
      numberId: this.o.numberId,
      campaignId: msg.campaignId ?? null,
      phoneKey,
      kind: msg.template ? 'template' : 'text',
      templateName: msg.template?.name ?? null,
      category: msg.template?.category ?? null,
      fallback: msg.template?.fallback === true,
      sentAt,
    });
    return { messageId: msg.messageId, sentAt };
  }

  // ---------------------------------------------------------------- events from webhooks (CloudService)

  receipt(ev: ReceiptEvent): void {
    this.events.emit('receipt', ev);
  }

  inbound(ev: InboundEvent): void {
    this.events.emit('inbound', ev);
  }

  /** A `failed` status with a code the policy table says is about the number or the template. */
  asyncFailure(code: number | null, entry: PolicyEntry): void {
    if (entry.policy === 'pause_all') this.o.onTokenProblem(entry);
    else if (entry.policy === 'pause_number' || entry.policy === 'stop_campaign' || entry.policy === 'unknown') this.signal(`graph_${code ?? 'unknown'}`, entry.message);
  }

  // ---------------------------------------------------------------- internals

  private sendFailure(err: unknown): ChannelSendError {
    if (!isGraphRequestError(err)) return new ChannelSendError('UNKNOWN', { cause: err });
    if (err.kind === 'network') return new ChannelSendError('NETWORK', { detail: 'graph_unreachable' });
    if (err.kind === 'uncertain') return new ChannelSendError('UNKNOWN', { detail: 'graph_no_answer', message: 'A API oficial não respondeu a tempo; a mensagem pode ter saído. Ela não será reenviada automaticamente.' });
    const entry = graphPolicy(err.code, err.subcode, err.graphMessage);
    const detail = `${err.code ?? 'http'}${err.subcode !== null ? `/${err.subcode}` : ''}`;
    this.o.logger.warn({ numberId: this.o.numberId, code: err.code, subcode: err.subcode, policy: entry.policy, fbtraceId: err.fbtraceId }, 'cloud send refused');
    const make = (code: ChannelErrorCode, message = entry.message) => new ChannelSendError(code, { detail, message });
    switch (entry.policy) {
      case 'backoff':
        this.cooldown();
        return make('RATE_LIMITED');
      case 'delay_contact':
        return make('PAIR_RATE_LIMITED');
      case 'fail_contact':
        return make('UNDELIVERABLE');
      case 'needs_template':
        return make('OUTSIDE_WINDOW');
      case 'stop_campaign':
        return make('TEMPLATE_ERROR', err.details ? `${entry.message} Detalhe da Meta: ${err.details.slice(0, 200)}` : entry.message);
      case 'pause_all':
        this.o.onTokenProblem(entry);
        return make('AUTH_FAILED');
      case 'retry':
        return make('SERVER_ERROR');
      case 'pause_number':
      case 'unknown':
        this.signal(`graph_${err.code ?? 'unknown'}`, entry.message);
        return make('CLOUD_REFUSED');
    }
  }

  private async mediaIdFor(client: GraphClient, account: CloudAccountRow, file: NonNullable<OutgoingMessage['template']>['headerMedia'] & object, signal?: AbortSignal): Promise<string> {
    const cached = this.o.store.media(this.o.numberId, file.sha256);
    if (cached) return cached;
    // One upload per file even when two sends ask for it at once: the second waits for the first.
    let pending = this.uploading.get(file.sha256);
    if (!pending) {
      pending = this.uploadFile(client, account, file.path, file.mimeType, file.fileName ?? 'arquivo', signal).then((id) => {
        this.o.store.saveMedia(this.o.numberId, file.sha256, id);
        return id;
      });
      this.uploading.set(file.sha256, pending);
      const forget = () => this.uploading.delete(file.sha256);
      pending.then(forget, forget);
    }
    return pending;
  }

  /** Meta could not use an uploaded header (131052/131053): the next send uploads the file again. */
  forgetMedia(): void {
    this.o.store.forgetMedia(this.o.numberId);
  }

  private async uploadFile(client: GraphClient, account: CloudAccountRow, path: string, mimeType: string, fileName: string, signal?: AbortSignal): Promise<string> {
    let data: Uint8Array;
    try {
      data = await (this.o.readFile ?? ((p: string) => fs.readFile(p)))(path);
    } catch {
      throw new ChannelSendError('MEDIA_INVALID');
    }
    if (signal?.aborted) throw new ChannelSendError('ABORTED');
    try {
      return await client.uploadMedia(account.phone_number_id, { data, mimeType, fileName });
    } catch (err) {
      // An upload that failed or got no answer sent nothing to the contact: retry later.
      if (isGraphRequestError(err) && err.kind === 'graph') throw this.sendFailure(err);
      throw new ChannelSendError('NETWORK', { detail: 'media_upload' });
    }
  }

  /** Waits for the throughput gap and any cooldown after a throughput error. */
  private async pace(signal?: AbortSignal): Promise<void> {
    const rate = this.account.throughput_level === 'HIGH' ? 1000 : 80;
    const gap = Math.ceil(1000 / rate);
    const at = Math.max(this.cooldownUntil, this.lastSendAt + gap);
    const wait = at - this.now();
    if (wait > 0) await this.sleep(wait, signal);
    this.lastSendAt = this.now();
  }

  private cooldown(): void {
    const ms = BACKOFF_MS[Math.min(this.backoffStep, BACKOFF_MS.length - 1)];
    this.backoffStep++;
    this.cooldownUntil = this.now() + ms;
  }

  private retryConnect(reason: string): void {
    this.setStatus('reconnecting', reason);
    const ms = RETRY_CONNECT_MS[Math.min(this.connectAttempt, RETRY_CONNECT_MS.length - 1)];
    this.connectAttempt++;
    this.later(ms, () => void this.check());
  }

  private signal(detail: string, message: string): void {
    this.events.emit('signal', { kind: 'cloud_paused', detail, message, at: this.now() });
  }

  private setStatus(state: ChannelState, reason?: string): void {
    this.current = Object.freeze({ state, since: this.now(), ...(reason !== undefined ? { reason } : {}) });
    this.events.emit('status', this.current);
  }

  private assertConnected(): void {
    if (this.current.state !== 'connected') throw new ChannelSendError('NOT_CONNECTED', { detail: this.current.state });
  }

  private later(ms: number, fn: () => void): void {
    if (this.life.signal.aborted) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.life.signal.aborted) fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  /**
   * Waits before a send. Graph has not been called yet, so a stop() here is NOT_CONNECTED (the
   * message goes back to the queue), never ABORTED (which would mark it uncertain).
   */
  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return waitUnlessAborted(ms, [signal, this.life.signal], () =>
      signal?.aborted ? new ChannelSendError('ABORTED') : new ChannelSendError('NOT_CONNECTED', { detail: 'stopped' }),
    );
  }
}

export type { GraphRequestError };
