/**
 * The campaign engine: ONE scheduler for every campaign and number.
 * (Over 500 lines on purpose: the commands and the send loop share the workers' and campaigns'
 * live state; everything that does not is in the modules beside it, see README.md.)
 *
 * Each number ("worker") has its own pace, shared by all campaigns using it. A worker sleeps until
 * its next due instant (no polling; all workers share one wall-clock timer, the earliest's:
 * `DueTimers`), wakes up, picks a
 * campaign (fair interleaving; the campaign's rotation decides between its numbers) and sends
 * one message:
 *   1. claim: in ONE transaction the delivery becomes `sending` with its pre-generated message
 *      id and exact text, the counters move, and the number's pacing state is saved;
 *   2. resolve the WhatsApp address, show "digitando…" (abortable), call `channel.send`;
 *   3. commit the outcome (sent / retry later / failed / invalid / uncertain).
 * With a send journal (../journal/), the send is journalled durably between 2 and the channel
 * call. A crash between 1 and 3 leaves the row in `sending`; on the next start it becomes
 * `uncertain` (never resent automatically: at-most-once) if the journal shows it reached the
 * channel, and goes back to the queue if not. Pause, resume and cancel act at
 * once: a pending typing delay is aborted and its claim undone (the channel was never called);
 * a send already handed to the channel is allowed to finish.
 */
import type { Db } from '../../db/open';
import type { Logger } from '../../log/logger';
import type { PlanGate } from '../../license/gate';
import type { EventName, EventPayload } from '../../../../shared/api/contract';
import { ApiError } from '../../../../shared/api/errors';
import type { CampaignRunState, CampaignWait, DeliveryRowView, DeliveryStateName } from '../../../../shared/api/methods/campaign-run';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { normalizePhone } from '../../../../shared/phone';
import { ChannelSendError, isChannelSendError, type ChannelErrorCode } from '../../channels/errors';
import type { Channel, OutgoingMessage, TemplateMessage } from '../../channels/types';
import {
  DEFAULT_PACING,
  MAX_RETRIES,
  effectiveDailyCap,
  computeNextSlot,
  failurePausesNumber,
  pickNextCampaign,
  pickNumber,
  normalizePacing,
  recordSend,
  retryDelayMs,
  DueTimers,
  systemClock,
  typingMs,
  type Clock,
  type PacerState,
  type PacingConfig,
  type PlannedSend,
  type Rng,
} from '../pacing';
import { DeliveryStore, type DeliveryRow } from '../deliveries/delivery-store';
import { DayKeyer } from '../deliveries/day-key';
import { ENGINE_CODES } from '../deliveries/states';
import { groupSendBlock, isGroupInbound, materializeCampaignAudience, previewCampaignAudience } from '../../groups/group-campaign';
import { CampaignRuntime, type ContactForRender } from './campaign-runtime';
import { EngineSettingsStore } from './engine-settings';
import { PAUSE_CODES, failuresReason, planBlockedReason, planLimitReason, signalReason, statusReason, waitMessage, type PauseReason } from './reasons';
import type { ChannelRegistry } from '../../numbers/channel-registry';
import { parseNumberConfig, type NumberRow, type NumbersStore } from '../../numbers/numbers-store';
import { JournalError } from '../journal/send-journal';
import type { EngineSendJournal } from '../journal/campaign-journal';
import { PlanLimit } from './plan-limit';
import { assertDirectSendAllowed, pacerAfterDirectSend } from './direct-sends';
import { ChannelEvents, type InboundListener } from './channel-events';
import { FallbackRoutes, HARD_LOSS } from './cloud-fallback';
import { createWorker, type Worker } from './worker';
import { parseParams, pickCounters, type RunCounters } from './run-state';
import { validateForStart } from './start-checks';
import { ProgressEvents } from './progress-events';
import { CampaignStore, readDraft, type CampaignDbRow } from './campaign-store';
import { claimedRow, sendRowOf, type SendRow } from './send-rows';
import {
  AbortedBeforeSend,
  CLOUD_NEEDS_TEMPLATE,
  CONNECTION_DROPPED,
  JOURNAL_FAILED,
  NOT_ON_WHATSAPP,
  SKIP_REASONS,
  SendAbort,
  UNCERTAIN_ABORTED,
  UNCERTAIN_CRASH,
  UNCERTAIN_INTERNAL,
  codeOf,
  leftNothingOnConnection,
  mayHaveLeft,
  messageOf,
  parseCandidates,
} from './send-outcomes';
import { ConnectionStalls, DEFAULT_STALL_POLICY, type NumberLink, type StallPolicy, type StallStage } from './connection-stalls';

export type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export type { InboundListener } from './channel-events';

export interface TurnInfo {
  numberId: number;
  campaignId: number;
  deliveryId: number;
  /** When the worker's timer was due (or the turn was asked for). */
  plannedAt: number;
  /** When the message was claimed. */
  at: number;
  /** True when a timer woke the worker for this turn (lateness is meaningful). */
  timed: boolean;
}

export interface EngineOptions {
  db: Db;
  dataDir: string;
  registry: ChannelRegistry;
  numbers: NumbersStore;
  plan: PlanGate;
  logger: Logger;
  emit: Emit;
  /** The app's time zone: local days for daily counters, caps and the plan limit. */
  timeZone: () => string;
  settings?: EngineSettingsStore;
  clock?: Clock;
  /** Pacing gaps and retry jitter. */
  rng?: Rng;
  /** Count Simulator sends toward the plan's messages per day (off: rehearsals are free). */
  planCountsSimulator?: boolean;
  /** Minimum gap between two progress events of one campaign (ms). */
  progressIntervalMs?: number;
  /** Give the event loop a turn after this many back-to-back sends of one number. */
  yieldEvery?: number;
  /** Observes every claim (benchmarks: lateness). */
  onTurn?: (t: TurnInfo) => void;
  /** Disk space / read-only check before each send (a full disk must pause, never corrupt). */
  storage?: () => { ok: true } | { ok: false; code: string; message: string };
  /**
   * The send journal (outside the database): every send is journalled before the channel gets
   * it, and start-up reconciles against it. Without one, rows left in `sending` become uncertain.
   */
  journal?: EngineSendJournal;
  /** When a campaign held up by its numbers' connection waits, and when it pauses (connection-stalls.ts). */
  stalls?: Partial<StallPolicy>;
}




/** A group has no contact: contact variables render empty. */
const GROUP_RENDER: ContactForRender = { name: null, first_name: null, phone_key: '', fields: null };





function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}


export class CampaignEngine {
  readonly store: DeliveryStore;
  readonly settings: EngineSettingsStore;
  readonly days: DayKeyer;
  readonly campaignStore: CampaignStore;
  private readonly db: Db;
  private readonly clock: Clock;
  /** Every worker's next wake-up on one timer (the earliest's): waiting numbers cost nothing each. */
  private readonly wakeUps: DueTimers;
  private readonly rng: Rng;
  private readonly events: ChannelEvents;
  private readonly stalls: ConnectionStalls;
  private readonly fallbacks: FallbackRoutes;
  private readonly campaigns = new Map<number, CampaignRuntime>();
  private readonly workers = new Map<number, Worker>();
  private readonly configs = new Map<string, PacingConfig>();
  private readonly interned = new Map<string, PacingConfig>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly progressEvents: ProgressEvents;
  private readonly lastWait = new Map<number, string>();
  private readonly planLimit: PlanLimit;
  private unsubscribe: (() => void) | null = null;
  private started = false;
  private stopped = false;
  private readonly stmts;

  constructor(private readonly opts: EngineOptions) {
    this.db = opts.db;
    this.clock = opts.clock ?? systemClock;
    this.wakeUps = new DueTimers({ clock: this.clock });
    this.rng = opts.rng ?? Math.random;
    this.days = new DayKeyer(opts.timeZone());
    this.store = new DeliveryStore(opts.db, this.days, () => this.clock.now());
    this.settings = opts.settings ?? new EngineSettingsStore(opts.db);
    this.campaignStore = new CampaignStore(opts.db);
    this.progressEvents = new ProgressEvents(this.clock, opts.progressIntervalMs ?? 200, (id) => {
      if (this.stopped || !this.db.open) return;
      try {
        this.opts.emit('campaigns.progress', this.runState(id));
      } catch {
        // The campaign may have been deleted meanwhile.
      }
    });
    this.planLimit = new PlanLimit(opts.db, this.days, opts.plan, opts.planCountsSimulator === true);
    this.events = new ChannelEvents({
      store: this.store,
      numbers: opts.numbers,
      registry: opts.registry,
      settings: this.settings,
      logger: opts.logger,
      emit: opts.emit,
      clock: this.clock,
      hooks: {
        worker: (id) => this.workers.get(id),
        campaigns: () => [...this.campaigns.values()],
        campaign: (id) => this.campaigns.get(id),
        isAvailable: (w) => this.isAvailable(w),
        kick: (w) => this.kick(w),
        kickCampaign: (id) => this.kickCampaign(id),
        pauseCampaign: (id, code, reason) => this.pauseCampaign(id, code, reason),
        refreshWaits: (w, now) => this.refreshWaits(w, now),
        progress: (id) => this.progress(id),
        settled: (c) => {
          c.nextDueAt = this.store.nextDueAt(c.id);
          this.maybeFinish(c);
        },
        planB: (c, reason) => this.fallbacks.webLost(c, this.lostForGood(c), reason.text),
        numberBack: (id) => this.fallbacks.numberBack(id, this.campaigns.values()),
      },
    });
    this.fallbacks = new FallbackRoutes({
      db: opts.db,
      clock: this.clock,
      logger: opts.logger,
      stillLost: (id) => {
        const c = this.campaigns.get(id);
        return c && !c.fallbackActive && !this.anyAvailable(c) ? c : null;
      },
      tookOver: (c) => this.fallbackTookOver(c),
    });
    this.stalls = new ConnectionStalls(this.clock, (id) => this.checkStalled(id), { ...DEFAULT_STALL_POLICY, ...opts.stalls }, this.rng);
    this.stmts = {
      counters: opts.db.prepare<[number], RunCounters>('SELECT * FROM campaign_counters WHERE campaign_id = ?'),
      pending: opts.db.prepare<[number], { n: number }>('SELECT queued + sending AS n FROM campaign_counters WHERE campaign_id = ?'),
      // The campaign's next due delivery with its contact, in one read.
      // Raw (an array, see sendRowOf): named row objects are built through V8's slow paths, a
      // visible share of each send at zero delay.
      nextSendRow: opts.db
        .prepare<[number, number], unknown[]>(
          `SELECT d.id, d.attempts, d.last_attempt_at, c.id AS contact_id, c.status, c.phone_key, c.name, c.first_name, c.fields, c.wa_candidates, d.group_jid
           FROM deliveries d LEFT JOIN contacts c ON c.id = d.contact_id
           WHERE d.campaign_id = ? AND d.state = 'queued' AND d.next_attempt_at <= ?
           ORDER BY d.next_attempt_at, d.id LIMIT 1`,
        )
        .raw(true),
      savePacer: opts.db.prepare('INSERT INTO number_pacing (number_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (number_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at'),
      loadPacer: opts.db.prepare<[number], { state: string }>('SELECT state FROM number_pacing WHERE number_id = ?'),
      markInvalidContact: opts.db.prepare(`UPDATE contacts SET status = 'invalid', updated_at = ? WHERE id = ? AND status = 'active'`),
    };
  }

  // ---------------------------------------------------------------- lifecycle of the engine

  /** Recovers after a crash (sending → uncertain), loads numbers and active campaigns, arms timers. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const touched = this.opts.journal ? this.opts.journal.recover(this.store) : this.store.recoverSending(UNCERTAIN_CRASH);
    if (touched.length) this.opts.logger.warn({ campaigns: touched.length }, 'deliveries left in sending after a crash marked uncertain');
    this.unsubscribe = this.opts.registry.subscribe((e) => {
      if (this.stopped) return;
      if (e.event === 'status') this.events.status(e.numberId, e.payload);
      else if (e.event === 'receipt') this.events.receipt(e.numberId, e.payload);
      // A group message is never a reply, an opt-out or the assistant's (groups/group-results.ts files it).
      else if (e.event === 'inbound') {
        if (!isGroupInbound(e.payload)) this.events.inboundMessage(e.numberId, e.payload);
      }
      else this.events.signal(e.numberId, e.payload);
    });
    for (const row of this.opts.numbers.list()) this.addWorker(row);
    for (const id of this.campaignStore.activeIds()) this.loadCampaign(id);
    for (const id of touched) this.maybeFinishById(id);
    for (const w of this.workers.values()) this.kick(w);
  }

  /** Stops timers, aborts typing delays (their claims are undone) and lets sends in flight finish. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    for (const w of this.workers.values()) {
      w.timer?.();
      w.timer = null;
      w.current?.abort.abort();
    }
    this.wakeUps.clear();
    this.progressEvents.stop();
    this.stalls.stop();
    this.fallbacks.stop();
    if (this.inflight.size) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
  }

  /** Re-plans every number now: call after the machine wakes from sleep or the clock changes. */
  wake(): void {
    this.planLimit.reset();
    this.kickAll();
  }

  /** The app time zone changed: daily counters and caps follow the new local day. */
  setTimeZone(zone: string): void {
    this.days.setTimeZone(zone);
    this.configs.clear();
    this.interned.clear();
    for (const w of this.workers.values()) w.slots.clear();
    this.planLimit.reset();
    this.kickAll();
  }

  // ---------------------------------------------------------------- campaign commands

  preview(draft: { audience: CampaignDraft['audience'] }) {
    return previewCampaignAudience(this.db, draft.audience, this.clock.now());
  }

  startCampaign(id: number): CampaignRunState {
    const row = this.campaignRow(id);
    if (row.status !== 'draft') {
      throw new ApiError('campaigns.already_started', 'Esta campanha já foi iniciada. Para enviar de novo, clone a campanha.', { status: row.status });
    }
    const draft = readDraft(row.draft);
    this.validateForStart(draft);
    const now = this.clock.now();
    const scheduled = draft.schedule.startAt !== null && draft.schedule.startAt > now;
    this.store.tx(() => {
      const n = materializeCampaignAudience(this.db, this.store.counters, id, draft.audience, now);
      if (n === 0) {
        throw new ApiError(
          'campaigns.empty_audience',
          'Nenhum contato para enviar: os contatos das listas escolhidas saíram da lista, são inválidos ou já receberam mensagem recentemente. Revise o público da campanha.',
        );
      }
      this.campaignStore.markStarted(id, scheduled ? 'scheduled' : 'running', now);
      // A draft restored from a backup may have sent after that backup: the journal knows.
      this.opts.journal?.reconcileCampaign(this.store, id);
    });
    this.loadCampaign(id);
    this.changed(id);
    // Everyone may already be settled by the journal (a restored draft).
    this.maybeFinishById(id);
    this.kickCampaign(id);
    return this.runState(id);
  }

  /** `reason` is the pt-BR text, or the text with the values it names (translated by `code` in the UI). */
  pauseCampaign(id: number, code: string | null = null, reason: string | PauseReason | null = null): CampaignRunState {
    const row = this.campaignRow(id);
    if (row.status === 'paused') return this.runState(id);
    if (row.status !== 'running' && row.status !== 'scheduled') {
      throw new ApiError('campaigns.not_running', 'Só é possível pausar campanhas em andamento ou agendadas.', { status: row.status });
    }
    const text = typeof reason === 'string' || reason === null ? reason : reason.text;
    const params = reason !== null && typeof reason === 'object' && Object.keys(reason.params).length ? JSON.stringify(reason.params) : null;
    this.campaignStore.setStatus(id, 'paused', { code, reason: text, params }, this.clock.now());
    this.unload(id);
    if (code && code !== PAUSE_CODES.manual) this.opts.logger.warn({ campaignId: id, code }, 'campaign paused automatically');
    this.changed(id);
    return this.runState(id);
  }

  resumeCampaign(id: number): CampaignRunState {
    const row = this.campaignRow(id);
    if (row.status === 'running' || row.status === 'scheduled') return this.runState(id);
    if (row.status !== 'paused') throw new ApiError('campaigns.not_paused', 'Só é possível retomar campanhas pausadas.', { status: row.status });
    const draft = readDraft(row.draft);
    this.validateForStart(draft);
    // Resuming is the user's decision after a warning: the campaign's numbers may send again.
    for (const nid of draft.numberIds) {
      const w = this.workers.get(nid);
      if (w?.flagged) this.clearFlag(nid);
    }
    const now = this.clock.now();
    const status = draft.schedule.startAt !== null && draft.schedule.startAt > now ? 'scheduled' : 'running';
    this.campaignStore.setStatus(id, status, { code: null, reason: null, params: null }, now);
    this.planLimit.reset();
    this.loadCampaign(id);
    this.changed(id);
    this.maybeFinishById(id);
    this.kickCampaign(id);
    return this.runState(id);
  }

  cancelCampaign(id: number): CampaignRunState {
    const row = this.campaignRow(id);
    if (row.status === 'cancelled') return this.runState(id);
    if (row.status === 'finished' || row.status === 'draft') {
      throw new ApiError('campaigns.not_cancellable', row.status === 'draft' ? 'Este rascunho ainda não foi iniciado; exclua-o se não quiser mais.' : 'Esta campanha já terminou.', { status: row.status });
    }
    const now = this.clock.now();
    this.store.tx(() => {
      this.store.skipQueuedForCampaign(id, { code: ENGINE_CODES.cancelled, reason: SKIP_REASONS.cancelled });
      this.campaignStore.markCancelled(id, now);
    });
    this.unload(id);
    this.opts.journal?.ended(id);
    this.changed(id);
    return this.runState(id);
  }

  /** Re-queues failed and uncertain deliveries; a finished campaign runs again for them. */
  resendFailed(id: number): { requeued: number; state: CampaignRunState } {
    const row = this.campaignRow(id);
    if (row.status === 'draft' || row.status === 'cancelled') {
      throw new ApiError('campaigns.not_resendable', 'Só é possível reenviar falhas de campanhas iniciadas e não canceladas.', { status: row.status });
    }
    const now = this.clock.now();
    this.opts.journal?.released(id);
    const requeued = this.store.tx(() => {
      const n = this.store.requeueResendable(id);
      if (n > 0 && row.status === 'finished') {
        this.campaignStore.reopen(id, now);
      }
      return n;
    });
    if (requeued > 0) {
      const c = this.campaigns.get(id);
      if (c) this.setNextDue(c, this.store.nextDueAt(id));
      else if (row.status === 'finished') this.loadCampaign(id);
      this.changed(id);
      this.kickCampaign(id);
    }
    return { requeued, state: this.runState(id) };
  }

  /** Sends one rendered message to the user's own phone. Not a delivery; not counted. */
  async testSend(input: { id: number; numberId: number; phone: string; variation?: number }): Promise<{ messageId: string; text: string }> {
    const row = this.campaignRow(input.id);
    const draft = readDraft(row.draft);
    const cloud = draft.channel === 'cloud' ? draft.cloudTemplate : null;
    if (draft.channel === 'cloud' && !cloud) throw new ApiError('campaigns.no_template', 'Escolha o modelo aprovado que a campanha vai enviar pela API oficial (passo Mensagens).');
    if (!cloud && !draft.messages.variations.some((v) => v.text.trim())) {
      throw new ApiError('campaigns.no_message', 'Escreva a mensagem da campanha antes de fazer o envio de teste.');
    }
    const phone = normalizePhone(input.phone);
    if (!phone.ok) throw new ApiError('campaigns.test_phone_invalid', `Telefone de teste inválido: ${phone.message}`, undefined, { reason: `phone.${phone.reason}` });
    const channel = this.connectedChannel(input.numberId);
    const contact = this.db
      .prepare<[string], ContactForRender>('SELECT name, first_name, phone_key, fields FROM contacts WHERE phone_key = ?')
      .get(phone.key) ?? { name: null, first_name: null, phone_key: phone.e164, fields: null };
    const runtime = new CampaignRuntime({ id: row.id, name: row.name, status: 'running', seed: row.seed, draft }, this.attachmentsDir(), []);
    const variation = Math.min(input.variation ?? 0, Math.max(0, draft.messages.variations.length - 1));
    const now = this.clock.now();
    const tpl = runtime.templateFor(this.opts.numbers.find(input.numberId)?.kind ?? '');
    let text: string;
    let template: TemplateMessage | undefined;
    if (tpl) {
      const r = tpl.render(contact, now, draft.schedule.timeZone);
      if (!r.ok) throw new ApiError('campaigns.test_failed', `O envio de teste falhou: ${r.reason}`, undefined, { reason: 'channel.TEMPLATE_ERROR' });
      ({ text, message: template } = r);
    } else {
      ({ text } = runtime.render(-Math.floor(now % 1e9), contact, now, variation));
    }
    const [check] = await channel.checkNumbers([phone.waCandidates.map((c) => c.replace(/\D/g, ''))]);
    if (!check?.jid) throw new ApiError('campaigns.test_not_on_whatsapp', 'Este telefone não tem WhatsApp. Confira o número e tente de novo.');
    try {
      const messageId = channel.newMessageId();
      await channel.send({ messageId, jid: check.jid, text, linkPreview: draft.messages.linkPreview, ...(template ? { template } : runtime.extrasOf(variation)) });
      return { messageId, text };
    } catch (err) {
      if (isChannelSendError(err)) throw new ApiError('campaigns.test_failed', `O envio de teste falhou: ${err.message}`, { code: err.code }, { reason: `channel.${err.code}` });
      throw err;
    }
  }

  // ---------------------------------------------------------------- reading

  runState(id: number): CampaignRunState {
    const row = this.campaignRow(id);
    const counters = this.stmts.counters.get(id);
    const draft = readDraft(row.draft);
    const c = this.campaigns.get(id);
    return {
      id,
      name: row.name,
      status: row.status,
      pauseCode: row.pause_code,
      pauseReason: row.pause_reason,
      pauseParams: parseParams(row.pause_params),
      counters: pickCounters(counters),
      waiting: c ? this.waitingOf(c, this.clock.now()) : null,
      startAt: draft.schedule.startAt,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      updatedAt: row.updated_at,
    };
  }

  overview(): CampaignRunState[] {
    return this.campaignStore.idsByRecent().map((id) => this.runState(id));
  }

  deliveries(input: { id: number; states?: DeliveryStateName[]; offset: number; limit: number }): { total: number; rows: DeliveryRowView[] } {
    this.campaignRow(input.id);
    return this.store.page(input.id, input);
  }

  /** Messages handed to the channel today by a number, and today's effective cap (null = none). */
  numberToday(numberId: number): { sent: number; cap: number | null } {
    const now = this.clock.now();
    const sent = this.opts.numbers.attemptsOn(numberId, this.days.keyOf(now));
    const w = this.workers.get(numberId);
    if (!w) return { sent, cap: null };
    const { cap } = effectiveDailyCap({ ...DEFAULT_PACING, simulated: true, timeZone: this.days.timeZone, dailyCap: w.config.dailyCap, warmup: w.config.warmup }, now);
    return { sent, cap: cap ?? null };
  }

  /** Instants of the latest sends of a loaded campaign (its real pace), or null. */
  recentSends(id: number): readonly number[] | null {
    return this.campaigns.get(id)?.recentSends ?? null;
  }

  isNumberInUse(numberId: number): boolean {
    for (const c of this.campaigns.values()) if (c.numberIds.includes(numberId)) return true;
    return false;
  }

  // ---------------------------------------------------------------- direct sends (conversations)

  /** Runs `fn` after every inbound message is stored and its opt-out handled. */
  onInboundProcessed(fn: InboundListener): () => void {
    return this.events.onInboundProcessed(fn);
  }

  /** Every channel event (receipts of messages sent outside campaigns, too). */
  subscribeChannels(fn: Parameters<ChannelRegistry['subscribe']>[0]): () => void {
    return this.opts.registry.subscribe(fn);
  }

  /** The connected channel of a number, for a message outside any campaign. */
  directChannel(numberId: number): Channel {
    return this.connectedChannel(numberId);
  }

  /**
   * A message outside campaigns (a reply from Respostas, the reply assistant) is about to go out
   * through `numberId`: it counts toward the number's daily cap and the plan's messages per day,
   * but not toward any campaign's pace (gaps, batches, hourly caps). Throws with a pt-BR reason
   * when the number may not send now. Call inside the transaction that stores the message;
   * {@link releaseDirectSend} gives the slot back if the message never reached the channel.
   */
  reserveDirectSend(numberId: number, at: number): void {
    if (!this.ensureWorker(numberId)) throw new ApiError('numbers.not_found', 'Este número não existe mais. Escolha outro número.');
    const w = this.workers.get(numberId)!;
    assertDirectSendAllowed(w, at, this.numberToday(numberId), this.opts.plan, this.planLimit);
    this.store.counters.bumpAttempt(numberId, at, 1);
    this.noteDirectSend(w, at, 1);
    if (this.planLimit.counts(w.kind)) this.planLimit.bump(at, 1);
  }

  /** Undoes {@link reserveDirectSend} for a message that never reached the channel. */
  releaseDirectSend(numberId: number, at: number): void {
    this.store.counters.bumpAttempt(numberId, at, -1);
    const w = this.workers.get(numberId);
    if (!w) return;
    this.noteDirectSend(w, at, -1);
    if (this.planLimit.counts(w.kind)) this.planLimit.bump(at, -1);
  }

  /** Today's count in the number's pace (its daily cap), without moving gaps or batches. */
  private noteDirectSend(w: Worker, at: number, n: 1 | -1): void {
    const next = pacerAfterDirectSend(w.pacer, this.days.keyOf(at), n);
    if (!next) return;
    w.pacer = next;
    w.slots.clear();
    this.stmts.savePacer.run(w.id, JSON.stringify(next), this.clock.now());
    if (n < 0) this.kick(w);
  }

  // ---------------------------------------------------------------- numbers

  /** A number was added: open its channel and start serving campaigns with it. */
  addNumber(row: NumberRow): void {
    this.addWorker(row);
  }

  /** Picks up a number added, changed or removed elsewhere (e.g. through the WhatsApp API). */
  syncNumber(id: number): void {
    if (this.stopped || !this.started) return;
    const row = this.opts.numbers.find(id);
    if (!row) {
      if (this.workers.has(id)) void this.removeNumber(id);
      return;
    }
    if (!this.workers.has(id)) return this.addWorker(row);
    this.reloadNumber(row);
  }

  private ensureWorker(id: number): boolean {
    if (this.workers.has(id)) return true;
    const row = this.opts.numbers.find(id);
    if (!row) return false;
    this.addWorker(row);
    return true;
  }

  /** A number's label or caps changed. */
  reloadNumber(row: NumberRow): void {
    const w = this.workers.get(row.id);
    if (!w) return this.addWorker(row);
    w.label = row.label;
    w.config = parseNumberConfig(row);
    w.flagged = row.flagged_at !== null;
    this.clearConfigs(row.id);
    this.kick(w);
  }

  async removeNumber(id: number): Promise<void> {
    const w = this.workers.get(id);
    if (w) {
      w.timer?.();
      w.current?.abort.abort();
      this.workers.delete(id);
      this.clearConfigs(id);
      // A send still settling (e.g. waiting for its journal record) writes this number's
      // counters when it ends: the row must still exist then.
      await w.job?.catch(() => {});
    }
    await this.opts.registry.close(id);
  }

  clearFlag(id: number): void {
    this.opts.numbers.clearFlag(id);
    const w = this.workers.get(id);
    if (w) {
      w.flagged = false;
      this.kick(w);
    }
    this.opts.emit('numbers.changed', { id });
  }

  /** Rehearsal helper for simulated numbers: a message from `phone` arrives now. */
  simulateInbound(numberId: number, phone: string, text: string): void {
    const p = normalizePhone(phone);
    if (!p.ok) throw new ApiError('numbers.phone_invalid', `Telefone inválido: ${p.message}`, undefined, { reason: `phone.${p.reason}` });
    const channel = this.opts.registry.get(numberId) as (Channel & { simulateInbound?: (d: string, t: string) => void }) | undefined;
    if (!channel?.simulateInbound) throw new ApiError('numbers.not_simulator', 'Só números simulados podem receber respostas simuladas.');
    channel.simulateInbound(p.e164.replace(/\D/g, ''), text);
  }

  // ---------------------------------------------------------------- scheduling

  private addWorker(row: NumberRow): void {
    if (this.workers.has(row.id)) return;
    const w = createWorker(row, this.stmts.loadPacer.get(row.id)?.state ?? null);
    this.workers.set(row.id, w);
    this.opts.registry.open(row);
    this.kick(w);
  }

  private loadCampaign(id: number): CampaignRuntime {
    const row = this.campaignRow(id);
    const draft = readDraft(row.draft);
    const counts = this.db
      .prepare<[number], { variation: number; n: number }>(
        `SELECT variation, sending + sent + delivered + "read" + failed + invalid + skipped + cancelled + uncertain AS n FROM variation_counters WHERE campaign_id = ?`,
      )
      .all(id);
    const perVariation: number[] = [];
    for (const r of counts) perVariation[r.variation] = r.n;
    for (const nid of draft.numberIds) this.ensureWorker(nid);
    const c = new CampaignRuntime(
      { id, name: row.name, status: row.status === 'scheduled' ? 'scheduled' : 'running', seed: row.seed, draft },
      this.attachmentsDir(),
      perVariation,
    );
    if (this.fallbacks.restore(c)) this.ensureWorker(c.numberIds[0]);
    c.nextDueAt = this.store.nextDueAt(id);
    this.campaigns.set(id, c);
    for (const nid of c.numberIds) this.configs.delete(`${nid}:${id}`);
    return c;
  }

  private unload(id: number): void {
    const c = this.campaigns.get(id);
    if (!c) return;
    this.campaigns.delete(id);
    this.lastWait.delete(id);
    this.stalls.clear(id);
    this.fallbacks.cancel(id);
    for (const nid of c.numberIds) {
      this.configs.delete(`${nid}:${id}`);
      const w = this.workers.get(nid);
      if (!w) continue;
      if (w.current?.campaignId === id) w.current.abort.abort();
      this.kick(w);
    }
  }

  private kickAll(): void {
    for (const w of this.workers.values()) this.kick(w);
  }

  private kickCampaign(id: number): void {
    const c = this.campaigns.get(id);
    if (!c) return;
    for (const nid of c.numberIds) {
      const w = this.workers.get(nid);
      if (w) this.kick(w);
    }
  }

  /** Re-reads when the live runtime of a campaign (if loaded) has work due. */
  private refreshNextDue(id: number): void {
    const live = this.campaigns.get(id);
    if (live) this.setNextDue(live, this.store.nextDueAt(id));
  }

  private setNextDue(c: CampaignRuntime, at: number | null): void {
    const before = c.nextDueAt;
    c.nextDueAt = at;
    if (at !== null && (before === null || at < before)) {
      for (const nid of c.numberIds) {
        const w = this.workers.get(nid);
        if (w && !w.busy && (!w.timer || w.timer.atMs > at)) this.kick(w);
      }
    }
  }

  private isAvailable(w: Worker): boolean {
    if (w.flagged) return false;
    return this.opts.registry.get(w.id)?.status().state === 'connected';
  }

  private configFor(c: CampaignRuntime, w: Worker): PacingConfig {
    const key = `${w.id}:${c.id}`;
    let cfg = this.configs.get(key);
    if (!cfg) {
      const p = c.draft.pacing;
      cfg = {
        minDelaySec: p.minDelaySec,
        maxDelaySec: p.maxDelaySec,
        typing: { enabled: p.typing, msPerChar: 40, maxMs: 8000 },
        batch: p.batchEvery > 0 && p.batchPauseMinutes > 0 ? { every: p.batchEvery, pauseMinutes: p.batchPauseMinutes } : null,
        // The WhatsApp Web floor protects against bans; the Cloud API is paced by Meta instead
        // (throughput, messaging limit), like the Simulator it has no floor.
        simulated: w.kind !== 'whatsapp',
        timeZone: this.days.timeZone,
      };
      const hourly = minDefined(p.hourlyCap || undefined, w.config.hourlyCap);
      const daily = minDefined(p.dailyCap || undefined, w.config.dailyCap);
      if (hourly !== undefined) cfg.hourlyCap = hourly;
      if (daily !== undefined) cfg.dailyCap = daily;
      if (w.config.warmup) cfg.warmup = w.config.warmup;
      // Normalized once here (floors, order, caps), so the pacer's own normalization is a no-op.
      cfg = normalizePacing(cfg).config;
      // Campaigns with the same pacing share one config object, so slot computations are shared too.
      const sig = JSON.stringify(cfg);
      cfg = this.interned.get(sig) ?? cfg;
      this.interned.set(sig, cfg);
      this.configs.set(key, cfg);
    }
    return cfg;
  }

  private clearConfigs(numberId: number): void {
    for (const key of [...this.configs.keys()]) if (key.startsWith(`${numberId}:`)) this.configs.delete(key);
    this.workers.get(numberId)?.slots.clear();
  }

  /** planNextSend with the campaign's cached window. Null when the window never opens again. */
  private planFor(c: CampaignRuntime, w: Worker, from: number): PlannedSend | null {
    const cfg = this.configFor(c, w);
    let t = from;
    let windowHeld = false;
    for (let round = 0; round < 16; round++) {
      const slot = this.slotFor(w, cfg, t);
      const open = c.nextOpen(slot.atMs);
      if (open === null) return null;
      if (open === slot.atMs) return { atMs: open, reason: windowHeld && slot.reason === 'ready' ? 'window' : slot.reason };
      windowHeld = true;
      t = open;
    }
    return { atMs: t, reason: 'window' };
  }

  /** computeNextSlot, remembered while the number's pacer state and the instant are unchanged. */
  private slotFor(w: Worker, cfg: PacingConfig, t: number): ReturnType<typeof computeNextSlot> {
    const hit = w.slots.get(cfg);
    if (hit && hit.pacer === w.pacer && hit.t === t) return hit.slot;
    const slot = computeNextSlot(w.pacer, cfg, t);
    w.slots.set(cfg, { pacer: w.pacer, t, slot });
    return slot;
  }

  private isDueFor(c: CampaignRuntime, w: Worker, now: number): boolean {
    if (c.nextDueAt === null) return false;
    const p = this.planFor(c, w, this.dueFrom(c, now));
    return p !== null && p.atMs <= now;
  }

  /** With several numbers, the campaign's rotation decides which of the ready ones sends. */
  private rotationPicks(c: CampaignRuntime, w: Worker, now: number): boolean {
    if (c.numberIds.length <= 1) return true;
    const candidates = c.numberIds.map((nid) => {
      const o = this.workers.get(nid);
      const available = !!o && (o === w || (!o.busy && this.isAvailable(o) && this.isDueFor(c, o, now)));
      // The pacer counts days in the app zone, like `this.days` (cached: Intl is slow).
      const sentToday = o && o.pacer.dayKey === this.days.keyOf(now) ? o.pacer.sentToday : 0;
      return { id: String(nid), available, sentToday, lastUsedAt: o?.lastUsedAt ?? null };
    });
    const pick = pickNumber(c.draft.rotation, candidates, c.cursor);
    if (!pick || pick.id === String(w.id)) return true;
    // Another ready number goes first; make sure it is awake.
    const other = this.workers.get(Number(pick.id));
    if (other && !other.busy) queueMicrotask(() => this.kick(other));
    return false;
  }

  /** Re-plans a worker: sends now if something is due, else sleeps until the next due instant. */
  private kick(w: Worker, plannedAt?: number): void {
    if (this.stopped || !this.started || w.busy || !this.workers.has(w.id)) return;
    w.timer?.();
    w.timer = null;
    for (let round = 0; round < 64; round++) {
      const now = this.clock.now();
      if (!this.isAvailable(w)) {
        this.refreshWaits(w, now);
        return;
      }
      let wakeAt: number | null = null;
      const due: CampaignRuntime[] = [];
      const ended: CampaignRuntime[] = [];
      for (const c of this.campaigns.values()) {
        if (!c.numberIds.includes(w.id)) continue;
        if (c.nextDueAt === null) {
          c.plans.delete(w.id);
          continue;
        }
        const p = this.planFor(c, w, this.dueFrom(c, now));
        c.plans.set(w.id, p);
        if (p === null) ended.push(c);
        else if (p.atMs <= now) due.push(c);
        else if (wakeAt === null || p.atMs < wakeAt) wakeAt = p.atMs;
      }
      for (const c of ended) this.endByWindow(c, now);
      // Best-ranked campaign first (fair interleaving); its rotation may hand it to another ready
      // number, then the next one is tried. Same result as filtering first, far fewer checks.
      let candidates = due;
      let picked: CampaignRuntime | null = null;
      while (candidates.length) {
        const id = Number(pickNextCampaign(candidates.map((c) => ({ campaignId: String(c.id), lastSentAt: c.lastServedBy.get(w.id) ?? null, sentCount: c.sentCount }))));
        const c = this.campaigns.get(id)!;
        if (this.rotationPicks(c, w, now)) {
          picked = c;
          break;
        }
        candidates = candidates.filter((x) => x !== c);
      }
      if (!picked) {
        this.refreshWaits(w, now);
        if (wakeAt !== null) {
          const at = wakeAt;
          w.timer = this.wakeUps.scheduleAt(at, () => {
            w.timer = null;
            this.kick(w, at);
          });
        }
        return;
      }
      if (this.turn(w, picked, now, plannedAt)) return;
      plannedAt = undefined;
    }
    // Many empty rounds in a row (skipped contacts): continue on the next loop turn.
    setImmediate(() => this.kick(w));
  }

  /** Claims and starts sending one delivery of `c` through `w`. False when nothing was claimed. */
  private turn(w: Worker, c: CampaignRuntime, now: number, plannedAt: number | undefined): boolean {
    const storage = this.opts.storage?.();
    if (storage && !storage.ok) {
      this.pauseCampaign(c.id, storage.code, storage.message);
      return false;
    }
    if (this.planLimit.counts(w.kind)) {
      const gate = this.opts.plan.current();
      if (!gate.canSend) {
        this.pauseCounted(PAUSE_CODES.planBlocked, planBlockedReason(gate.reason));
        return false;
      }
      if (this.planLimit.today(now) >= gate.limits.messagesPerDay) {
        this.pauseCounted(PAUSE_CODES.planLimit, planLimitReason(gate.plan, gate.label, gate.limits.messagesPerDay));
        return false;
      }
    }
    const channel = this.opts.registry.get(w.id);
    if (!channel) return false;
    for (let skips = 0; skips < 500; skips++) {
      const d = sendRowOf(this.stmts.nextSendRow.get(c.id, now));
      if (!d) {
        c.nextDueAt = this.store.nextDueAt(c.id);
        this.maybeFinish(c);
        return false;
      }
      const id = d.id;
      if (d.group_jid !== null) {
        const block = groupSendBlock(this.db, c.draft.audience.groups?.numberId, w.id, d.group_jid);
        if (block) {
          this.skip(c, id, block.code, block.reason);
          continue;
        }
      } else if (d.contact_id === null || d.phone_key === null) {
        this.skip(c, id, ENGINE_CODES.contactDeleted, SKIP_REASONS.deleted);
        continue;
      }
      if (d.group_jid === null && d.status !== 'active') {
        const opted = d.status === 'opted_out';
        this.skip(c, id, opted ? ENGINE_CODES.optedOut : ENGINE_CODES.contactInactive, opted ? SKIP_REASONS.optedOut : SKIP_REASONS.invalid);
        continue;
      }
      // A Cloud API number sends the campaign's approved template, filled for this contact.
      const tpl = c.templateFor(w.kind);
      let variation = 0;
      let text: string;
      let template: TemplateMessage | undefined;
      if (tpl) {
        const r = tpl.render(d as ContactForRender, now, c.draft.schedule.timeZone);
        if (!r.ok) {
          this.skip(c, id, r.code, r.reason);
          continue;
        }
        ({ text, message: template } = r);
      } else if (w.kind === 'cloud') {
        this.pauseCampaign(c.id, PAUSE_CODES.template, CLOUD_NEEDS_TEMPLATE);
        return false;
      } else {
        ({ variation, text } = c.render(id, d.group_jid !== null ? GROUP_RENDER : (d as ContactForRender), now));
      }
      const messageId = channel.newMessageId();
      const cfg = this.configFor(c, w);
      const prevPacer = w.pacer;
      const nextPacer = this.trimPacer(recordSend(prevPacer, cfg, now, this.rng), cfg);
      const promote = c.status === 'scheduled';
      const claimed = this.store.tx(() => {
        if (!this.store.claimRead({ id, campaign_id: c.id, attempts: d.attempts }, { messageId, text, variation, numberId: w.id, at: now })) return null;
        const row = claimedRow(c.id, d, { messageId, text, variation, numberId: w.id, at: now });
        this.stmts.savePacer.run(w.id, JSON.stringify(nextPacer), now);
        if (promote) this.campaignStore.promote(c.id, now);
        return row;
      });
      if (!claimed) continue;
      if (promote) {
        c.status = 'running';
        this.changed(c.id);
      }
      w.pacer = nextPacer;
      w.busy = true;
      w.lastUsedAt = now;
      c.variationCounts[variation] = (c.variationCounts[variation] ?? 0) + 1;
      c.lastServedBy.set(w.id, now);
      c.noteSend(now);
      c.cursor = String(w.id);
      c.inFlight++;
      // A co-worker that yielded this turn to `w` (rotationPicks) sleeps without a timer; with the
      // cursor moved on, its own turn may be now. Left asleep, it would wait for `w`'s next gap.
      for (const nid of c.numberIds) {
        const o = nid === w.id ? undefined : this.workers.get(nid);
        if (o && !o.busy && !o.timer) queueMicrotask(() => this.kick(o));
      }
      if (this.planLimit.counts(w.kind)) this.planLimit.bump(now, 1);
      this.opts.onTurn?.({ numberId: w.id, campaignId: c.id, deliveryId: id, plannedAt: plannedAt ?? now, at: now, timed: plannedAt !== undefined });
      // c.nextDueAt stays: the next row is usually due too; the next turn finds out if not.
      const job = this.deliver(w, c, channel, claimed, d, prevPacer, cfg, template);
      this.inflight.add(job);
      w.job = job;
      void job.finally(() => {
        this.inflight.delete(job);
        if (w.job === job) w.job = null;
      });
      return true;
    }
    return false;
  }

  private async deliver(w: Worker, c: CampaignRuntime, channel: Channel, row: DeliveryRow, d: SendRow, prevPacer: PacerState, cfg: PacingConfig, template?: TemplateMessage): Promise<void> {
    const abort = new SendAbort();
    w.current = { campaignId: c.id, abort };
    const claimedPacer = w.pacer;
    let sendCalled = false;
    let journalled = false;
    let stage: StallStage = 'check';
    try {
      // A group's jid is known; a contact's is looked up.
      const [check] = d.group_jid !== null ? [{ jid: d.group_jid }] : await channel.checkNumbers([parseCandidates(d.wa_candidates, d.phone_key!)]);
      stage = 'send';
      this.stalls.succeeded(c.id);
      if (abort.aborted) throw new AbortedBeforeSend();
      const jid = check?.jid ?? null;
      if (!jid) {
        this.store.tx(() => {
          this.store.invalid(row.id, { code: ENGINE_CODES.notOnWhatsApp, reason: NOT_ON_WHATSAPP, jid: null }, ['sending']);
          this.undoAttempt(w, row, prevPacer, claimedPacer);
          // The Simulator's "not on WhatsApp" is make-believe: never mark real contacts from it.
          if (w.kind !== 'simulator' && row.contact_id !== null) this.stmts.markInvalidContact.run(this.clock.now(), row.contact_id);
        });
        return;
      }
      const ms = typingMs(cfg, row.text!.length);
      if (ms > 0) await channel.sendTyping(jid, ms, abort.signal);
      if (abort.aborted) throw new AbortedBeforeSend();
      if (this.opts.journal) {
        // At-most-once beyond the database: the channel gets the message only once it is on disk.
        await this.opts.journal.beforeSend({ campaignId: c.id, phone: d.group_jid ?? d.phone_key!, messageId: row.message_id!, numberId: w.id, variation: row.variation, at: this.clock.now() });
        journalled = true;
        if (abort.aborted) throw new AbortedBeforeSend();
      }
      sendCalled = true;
      const msg: OutgoingMessage = { messageId: row.message_id!, jid, text: row.text!, campaignId: c.id, linkPreview: c.draft.messages.linkPreview };
      if (template) msg.template = template;
      else Object.assign(msg, c.extrasOf(row.variation!));
      const res = await channel.send(msg);
      this.store.markSent(row.id, { jid, sentAt: res.sentAt }, row);
      this.opts.journal?.sent(c.id, row.message_id!, res.sentAt);
      c.consecutiveFailures = 0;
      c.sentCount++;
    } catch (err) {
      const journalFailed = err instanceof JournalError;
      // A journalled message that never left must say so on disk before its row is re-queued.
      if (journalled && this.db.open && !mayHaveLeft(err, sendCalled)) {
        await this.opts.journal!.notSent(c.id, row.message_id!, this.clock.now()).catch((e: unknown) => this.opts.logger.warn({ err: (e as Error).message, campaignId: c.id }, 'send journal: not-sent outcome not written'));
      }
      // The number lost its connection before the message left: a connection failure, not a pause.
      const dropped = abort.reason === 'connection' && !sendCalled && !journalFailed;
      const failure = dropped && !(isChannelSendError(err) && err.code !== 'ABORTED') ? new ChannelSendError('NOT_CONNECTED', { detail: 'status', message: CONNECTION_DROPPED }) : err;
      if (this.db.open) this.afterFailure(w, c, row, failure, sendCalled, { pacer: prevPacer, claimedPacer, lastAttemptAt: d.last_attempt_at, stage }, (abort.aborted && !dropped) || journalFailed);
      if (journalFailed && this.db.open) {
        this.opts.logger.error({ err: (err as Error).message, campaignId: c.id }, 'send journal write failed');
        if (this.campaigns.has(c.id)) this.pauseCampaign(c.id, PAUSE_CODES.journal, JOURNAL_FAILED);
      }
    } finally {
      w.busy = false;
      if (w.current?.abort === abort) w.current = null;
      c.inFlight--;
      if (this.db.open) {
        // Cancelled while this send was in flight: what it put back in the queue is cancelled too.
        if (!this.campaigns.has(c.id)) this.sweepCancelled(c.id);
        this.progress(c.id);
        // The campaign may have been paused and resumed meanwhile (a new runtime object).
        this.maybeFinishById(c.id);
        if (++w.streak >= (this.opts.yieldEvery ?? 32)) {
          w.streak = 0;
          setImmediate(() => this.kick(w));
        } else {
          this.kick(w);
        }
      }
    }
  }

  private afterFailure(
    w: Worker,
    c: CampaignRuntime,
    row: DeliveryRow,
    err: unknown,
    sendCalled: boolean,
    prev: { pacer: PacerState; claimedPacer: PacerState; lastAttemptAt: number | null; stage: StallStage },
    aborted: boolean,
  ): void {
    const { pacer: prevPacer, claimedPacer, lastAttemptAt: prevLastAttemptAt } = prev;
    const now = this.clock.now();
    if (!aborted && leftNothingOnConnection(err, sendCalled)) {
      // The connection failed before the message left (the check, typing, or a socket that
      // closed under the send): back to the queue untouched, nothing counted, and the campaign
      // waits before asking its number again (connection-stalls.ts).
      const e = err as ChannelSendError;
      this.store.tx(() => {
        this.store.unclaim(row, prevLastAttemptAt, { code: e.code, reason: e.message });
        this.undoAttempt(w, row, prevPacer, claimedPacer, true);
      });
      if (row.variation !== null) c.variationCounts[row.variation] = Math.max(0, (c.variationCounts[row.variation] ?? 1) - 1);
      this.opts.logger.warn({ campaignId: c.id, numberId: w.id, code: e.code, detail: e.detail, stage: prev.stage }, 'connection failed before the message left; re-queued');
      const pause = this.stalls.failed(c.id, prev.stage, now, w.label);
      this.refreshNextDue(c.id);
      if (pause && this.campaigns.has(c.id)) this.pauseCampaign(c.id, pause.code, pause.reason);
      else this.progress(c.id);
      return;
    }
    if (!sendCalled) {
      // The channel never got the message: undo the claim. Paused/stopped → back to the queue;
      // other problems (number not connected, typing failed) → retry later like a transient failure.
      const wasAbort = aborted || err instanceof AbortedBeforeSend || (isChannelSendError(err) && err.code === 'ABORTED');
      this.store.tx(() => {
        if (wasAbort) {
          this.store.unclaim(row, prevLastAttemptAt);
        } else if (row.attempts > MAX_RETRIES) {
          this.store.fail(row.id, { code: codeOf(err), reason: messageOf(err), at: now });
        } else {
          this.store.retryLater(row.id, { nextAttemptAt: now + (retryDelayMs(row.attempts, this.rng) ?? 0), code: codeOf(err), reason: messageOf(err) });
        }
        this.undoAttempt(w, row, prevPacer, claimedPacer, wasAbort);
      });
      if (row.variation !== null) c.variationCounts[row.variation] = Math.max(0, (c.variationCounts[row.variation] ?? 1) - 1);
      this.refreshNextDue(c.id);
      return;
    }
    if (!isChannelSendError(err)) {
      this.opts.logger.error({ err, campaignId: c.id, numberId: w.id }, 'unexpected error while sending');
      this.store.uncertain(row.id, { code: ENGINE_CODES.internal, reason: UNCERTAIN_INTERNAL });
      return;
    }
    const code: ChannelErrorCode = err.code;
    if (code === 'NOT_ON_WHATSAPP' || code === 'INVALID_JID') {
      this.store.tx(() => {
        this.store.invalid(row.id, { code, reason: err.message }, ['sending']);
        if (w.kind !== 'simulator' && row.contact_id !== null) this.stmts.markInvalidContact.run(now, row.contact_id);
      });
      return;
    }
    if (code === 'ABORTED') {
      this.store.uncertain(row.id, { code, reason: UNCERTAIN_ABORTED });
      return;
    }
    c.consecutiveFailures++;
    if (code === 'TEMPLATE_ERROR' && this.campaigns.has(c.id)) {
      // Every send would fail the same way: stop and point at the template mapping.
      this.store.retryLater(row.id, { nextAttemptAt: now, code, reason: err.message });
      this.pauseCampaign(c.id, PAUSE_CODES.template, err.message);
      return;
    }
    if (err.transient && row.attempts <= MAX_RETRIES) {
      this.store.retryLater(row.id, { nextAttemptAt: now + (retryDelayMs(row.attempts, this.rng) ?? 0), code, reason: err.message });
      this.refreshNextDue(c.id);
    } else {
      this.store.fail(row.id, { code, reason: err.message, at: now });
    }
    this.opts.logger.warn({ campaignId: c.id, numberId: w.id, code, detail: err.detail, attempt: row.attempts }, 'send failed');
    if (failurePausesNumber(code)) {
      const kind = code === 'BANNED' ? 'banned' : code === 'RESTRICTED' ? 'restricted_463' : null;
      if (kind) this.events.flag(w, signalReason(w.label, { kind }));
      else this.events.numberUnavailable(w, statusReason(w.label, 'logged_out'));
    }
    const max = this.settings.get().maxConsecutiveFailures;
    if (c.consecutiveFailures >= max && this.campaigns.has(c.id)) this.pauseCampaign(c.id, PAUSE_CODES.failures, failuresReason(c.consecutiveFailures));
  }

  /**
   * Gives back the pacing slot, the day's attempt and the plan count of a message that never
   * reached the channel. `counted` = the attempt counter was already returned (unclaim does it).
   */
  private undoAttempt(w: Worker, row: DeliveryRow, prevPacer: PacerState, claimedPacer: PacerState, counted = false): void {
    if (!counted && row.number_id !== null && row.last_attempt_at !== null) this.store.counters.bumpAttempt(row.number_id, row.last_attempt_at, -1);
    if (w.pacer === claimedPacer) {
      w.pacer = prevPacer;
      this.stmts.savePacer.run(w.id, JSON.stringify(prevPacer), this.clock.now());
    }
    if (this.planLimit.counts(w.kind) && row.last_attempt_at !== null) this.planLimit.bump(row.last_attempt_at, -1);
  }

  /** A cancelled campaign keeps nothing queued (an aborted typing delay or a retry re-queues its row). */
  private sweepCancelled(id: number): void {
    if (this.campaignStore.find(id)?.status !== 'cancelled') return;
    if (this.store.skipQueuedForCampaign(id, { code: ENGINE_CODES.cancelled, reason: SKIP_REASONS.cancelled }) > 0) this.changed(id);
  }

  private skip(c: CampaignRuntime, id: number, code: string, reason: string): void {
    this.store.skip(id, { code, reason });
    this.progress(c.id);
  }

  /** Only the hourly-cap window needs past send instants; keep just enough of them. */
  private trimPacer(state: PacerState, cfg: PacingConfig): PacerState {
    const keep = cfg.hourlyCap ?? 0;
    if (state.recent.length <= keep) return state;
    return { ...state, recent: keep === 0 ? [] : state.recent.slice(-keep) };
  }

  private endByWindow(c: CampaignRuntime, now: number): void {
    if (c.nextOpen(now) !== null || !this.campaigns.has(c.id)) return;
    this.store.tx(() => {
      this.store.skipQueuedForCampaign(c.id, { code: ENGINE_CODES.windowEnded, reason: SKIP_REASONS.windowEnded });
    });
    c.nextDueAt = null;
    this.maybeFinish(c);
  }

  private maybeFinishById(id: number): void {
    const c = this.campaigns.get(id);
    if (c) this.maybeFinish(c);
  }

  /**
   * Finished when nothing is queued or being sent. The counters decide, not `nextDueAt`: after
   * the last send that still says "due", and waiting for the number's next gap (5 s at least on
   * a real number) to find the queue empty would leave a done campaign "running" meanwhile.
   */
  private maybeFinish(c: CampaignRuntime): void {
    if (c.inFlight > 0 || !this.campaigns.has(c.id)) return;
    const pending = this.stmts.pending.get(c.id)?.n ?? 0;
    if (pending > 0) return;
    c.nextDueAt = null;
    const now = this.clock.now();
    this.campaignStore.markFinished(c.id, now);
    this.campaigns.delete(c.id);
    this.opts.journal?.ended(c.id);
    this.lastWait.delete(c.id);
    this.changed(c.id);
  }

  // ---------------------------------------------------------------- plan limit

  private pauseCounted(code: string, reason: string | PauseReason): void {
    for (const c of [...this.campaigns.values()]) {
      const counted = c.numberIds.some((nid) => {
        const w = this.workers.get(nid);
        return w && this.planLimit.counts(w.kind);
      });
      if (counted) this.pauseCampaign(c.id, code, reason);
    }
  }

  // ---------------------------------------------------------------- events to the UI

  private changed(id: number): void {
    this.opts.emit('campaigns.changed', { id });
    this.progress(id);
  }

  /** Coalesced: at most one progress event per campaign per interval. */
  private progress(id: number): void {
    if (!this.stopped) this.progressEvents.schedule(id);
  }

  private refreshWaits(w: Worker, now: number): void {
    for (const c of [...this.campaigns.values()]) {
      if (!c.numberIds.includes(w.id)) continue;
      // Every number down and reconnecting: a plan B starts waiting out its grace.
      if (!this.anyAvailable(c)) this.fallbacks.webLost(c, this.lostForGood(c), statusReason(w.label, this.opts.registry.get(w.id)?.status().state ?? 'disconnected').text);
      if (this.pauseIfStalled(c, now)) continue;
      const wait = this.waitingOf(c, now);
      const key = wait ? `${wait.reason}:${wait.until ?? ''}` : '';
      if (this.lastWait.get(c.id) !== key) {
        this.lastWait.set(c.id, key);
        this.progress(c.id);
      }
    }
  }

  private waitingOf(c: CampaignRuntime, now: number): CampaignWait | null {
    const mk = (reason: CampaignWait['reason'], until: number | null): CampaignWait => ({ reason, until, message: waitMessage(reason, until, c.window, now) });
    if (c.startAt !== null && now < c.startAt) return mk('scheduled', c.startAt);
    const anyNumber = this.anyAvailable(c);
    const stalled = this.stalls.waitLine(c.id, now, this.linksOf(c), anyNumber, this.days.timeZone);
    if (stalled && (!anyNumber || this.stalls.heldUntil(c.id) > now)) return stalled;
    if (!anyNumber) return mk('no_number', null);
    if (c.nextDueAt === null || c.inFlight > 0) return null;
    let best: PlannedSend | null = null;
    for (const [nid, p] of c.plans) {
      const w = this.workers.get(nid);
      if (!p || !w || !this.isAvailable(w)) continue;
      if (!best || p.atMs < best.atMs) best = p;
    }
    if (!best || best.atMs <= now + 1000) return null;
    const reason = best.reason === 'ready' ? (c.nextDueAt > now ? 'retry' : 'delay') : best.reason;
    return mk(reason, best.atMs);
  }

  // ---------------------------------------------------------------- connection stalls

  /** From when the campaign may send: its next due row, after any wait for a failed connection. */
  private dueFrom(c: CampaignRuntime, now: number): number {
    return Math.max(now, c.nextDueAt ?? now, this.stalls.heldUntil(c.id));
  }

  private linksOf(c: CampaignRuntime): NumberLink[] {
    const links: NumberLink[] = [];
    for (const nid of c.numberIds) {
      const w = this.workers.get(nid);
      if (!w) continue;
      const st = this.opts.registry.get(nid)?.status();
      links.push({ label: w.label, state: st?.state ?? 'disconnected', retryAt: st?.retryAt ?? null, reason: st?.reason ?? null });
    }
    return links;
  }

  /** Pauses a campaign whose numbers have all been coming back for too long with work due. */
  private pauseIfStalled(c: CampaignRuntime, now: number): boolean {
    if (this.fallbacks.waiting(c.id)) return false;
    const anyNumber = this.anyAvailable(c);
    const due = c.nextDueAt !== null && c.nextDueAt <= now && (c.startAt === null || now >= c.startAt) && c.nextOpen(now) === now;
    const pause = this.stalls.evaluate(c.id, now, due, this.linksOf(c), anyNumber);
    if (!pause || !this.campaigns.has(c.id)) return false;
    this.pauseCampaign(c.id, pause.code, pause.reason);
    return true;
  }

  /** The campaign's Web numbers are gone and its plan B took over (cloud-fallback.ts). */
  private fallbackTookOver(c: CampaignRuntime): void {
    this.ensureWorker(c.numberIds[0]);
    for (const key of [...this.configs.keys()]) if (key.endsWith(`:${c.id}`)) this.configs.delete(key);
    this.changed(c.id);
    this.kickCampaign(c.id);
  }

  /** Every number of the campaign is flagged, restricted or logged out (none comes back by itself). */
  private lostForGood(c: CampaignRuntime): boolean {
    return c.numberIds.every((nid) => {
      const o = this.workers.get(nid);
      return !o || o.flagged || HARD_LOSS.has(this.opts.registry.get(nid)?.status().state ?? 'disconnected');
    });
  }

  private anyAvailable(c: CampaignRuntime): boolean {
    return c.numberIds.some((nid) => {
      const o = this.workers.get(nid);
      return o !== undefined && this.isAvailable(o);
    });
  }

  private checkStalled(id: number): void {
    const c = this.campaigns.get(id);
    if (c && !this.stopped) this.pauseIfStalled(c, this.clock.now());
  }

  // ---------------------------------------------------------------- helpers

  private campaignRow(id: number): CampaignDbRow {
    return this.campaignStore.get(id);
  }

  private connectedChannel(numberId: number): Channel {
    const row = this.opts.numbers.find(numberId);
    if (!row) throw new ApiError('numbers.not_found', 'Este número não existe mais. Escolha outro número.');
    const channel = this.opts.registry.get(numberId);
    if (!channel || channel.status().state !== 'connected') {
      throw new ApiError('numbers.not_connected', `O número "${row.label}" não está conectado. Conecte-o em Números e tente de novo.`, undefined, { label: row.label });
    }
    return channel;
  }

  private validateForStart(draft: CampaignDraft): void {
    validateForStart(draft, {
      db: this.db,
      findNumber: (id) => this.opts.numbers.find(id),
      ensureWorker: (id) => this.ensureWorker(id),
      countsTowardPlan: (id) => this.planLimit.counts(this.workers.get(id)!.kind),
      plan: this.opts.plan,
    });
  }

  private attachmentsDir(): string {
    return `${this.opts.dataDir}/attachments`;
  }
}








