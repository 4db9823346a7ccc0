/**
 * The campaign engine: ONE scheduler for every campaign and number. This class builds the parts
 * and is their one public face (service.ts, the API handlers and tests talk to it only):
 *   - send-loop.ts: workers wake, claim, send and settle (at-most-once: claim → journal → send);
 *   - campaign-commands.ts: start, pause, resume, cancel, resend, test send, run state;
 *   - number-workers.ts: one worker per number, its pace, availability, direct sends;
 *   - run-reports.ts: progress and change events, why a campaign waits, stall pauses;
 *   - channel-events.ts: status, receipts, inbound and ban signals from the channels;
 *   - cloud-fallback.ts, connection-stalls.ts, plan-limit.ts: the policies they apply.
 * With a send journal (../journal/), a crash between claim and outcome leaves the row in
 * `sending`; on the next start it becomes `uncertain` (never resent automatically) if the journal
 * shows it reached the channel, and goes back to the queue if not. Pause, resume and cancel act
 * at once: a pending typing delay is aborted and its claim undone (the channel was never
 * called); a send already handed to the channel is allowed to finish.
 */
import { ApiError } from '../../../../shared/api/errors';
import type { CampaignRunState, DeliveryRowView, DeliveryStateName } from '../../../../shared/api/methods/campaign-run';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { normalizePhone } from '../../../../shared/phone';
import type { Channel } from '../../channels/types';
import { systemClock } from '../pacing';
import { DeliveryStore } from '../deliveries/delivery-store';
import { DayKeyer } from '../deliveries/day-key';
import { isGroupInbound } from '../../groups/group-campaign';
import type { ChannelRegistry } from '../../numbers/channel-registry';
import type { NumberRow } from '../../numbers/numbers-store';
import { CampaignCommands } from './campaign-commands';
import { CampaignStore } from './campaign-store';
import { ChannelEvents, type InboundListener } from './channel-events';
import { FallbackRoutes } from './cloud-fallback';
import { ConnectionStalls, DEFAULT_STALL_POLICY } from './connection-stalls';
import type { EngineContext } from './engine-context';
import type { EngineOptions } from './engine-options';
import { EngineSettingsStore } from './engine-settings';
import { NumberWorkers } from './number-workers';
import { PlanLimit } from './plan-limit';
import type { PauseReason } from './reasons';
import { RunReports } from './run-reports';
import { UNCERTAIN_CRASH } from './send-outcomes';
import { SendLoop } from './send-loop';

export type { Emit, EngineOptions, TurnInfo } from './engine-options';
export type { InboundListener } from './channel-events';

export class CampaignEngine {
  readonly store: DeliveryStore;
  readonly settings: EngineSettingsStore;
  readonly days: DayKeyer;
  readonly campaignStore: CampaignStore;
  private readonly ctx: EngineContext;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly opts: EngineOptions) {
    const clock = opts.clock ?? systemClock;
    const rng = opts.rng ?? Math.random;
    this.days = new DayKeyer(opts.timeZone());
    this.store = new DeliveryStore(opts.db, this.days, () => clock.now());
    this.settings = opts.settings ?? new EngineSettingsStore(opts.db);
    this.campaignStore = new CampaignStore(opts.db);
    // The parts are set right below, before anything can run.
    const ctx = {
      opts,
      db: opts.db,
      clock,
      rng,
      store: this.store,
      campaignStore: this.campaignStore,
      settings: this.settings,
      days: this.days,
      planLimit: new PlanLimit(opts.db, this.days, opts.plan, opts.planCountsSimulator === true),
      campaigns: new Map(),
      life: { started: false, stopped: false },
    } as Partial<EngineContext> as EngineContext;
    this.ctx = ctx;
    ctx.workers = new NumberWorkers(ctx);
    ctx.commands = new CampaignCommands(ctx);
    ctx.loop = new SendLoop(ctx);
    ctx.reports = new RunReports(ctx);
    ctx.stalls = new ConnectionStalls(clock, (id) => ctx.reports.checkStalled(id), { ...DEFAULT_STALL_POLICY, ...opts.stalls }, rng);
    ctx.fallbacks = new FallbackRoutes({
      db: opts.db,
      clock,
      logger: opts.logger,
      stillLost: (id) => {
        const c = ctx.campaigns.get(id);
        return c && !c.fallbackActive && !ctx.workers.anyAvailable(c) ? c : null;
      },
      tookOver: (c) => ctx.loop.fallbackTookOver(c),
    });
    ctx.events = new ChannelEvents({
      store: this.store,
      numbers: opts.numbers,
      registry: opts.registry,
      settings: this.settings,
      logger: opts.logger,
      emit: opts.emit,
      clock,
      hooks: {
        worker: (id) => ctx.workers.get(id),
        campaigns: () => [...ctx.campaigns.values()],
        campaign: (id) => ctx.campaigns.get(id),
        isAvailable: (w) => ctx.workers.isAvailable(w),
        kick: (w) => ctx.loop.kick(w),
        kickCampaign: (id) => ctx.loop.kickCampaign(id),
        pauseCampaign: (id, code, reason) => ctx.commands.pause(id, code, reason),
        refreshWaits: (w, now) => ctx.reports.refreshWaits(w, now),
        progress: (id) => ctx.reports.progress(id),
        settled: (c) => {
          c.nextDueAt = this.store.nextDueAt(c.id);
          ctx.loop.maybeFinish(c);
        },
        planB: (c, reason) => ctx.fallbacks.webLost(c, ctx.workers.lostForGood(c), reason.text),
        numberBack: (id) => ctx.fallbacks.numberBack(id, ctx.campaigns.values()),
      },
    });
  }

  // ---------------------------------------------------------------- lifecycle of the engine

  /** Recovers after a crash (sending → uncertain), loads numbers and active campaigns, arms timers. */
  start(): void {
    const { ctx } = this;
    if (ctx.life.started) return;
    ctx.life.started = true;
    const touched = this.opts.journal ? this.opts.journal.recover(this.store) : this.store.recoverSending(UNCERTAIN_CRASH);
    if (touched.length) this.opts.logger.warn({ campaigns: touched.length }, 'deliveries left in sending after a crash marked uncertain');
    this.unsubscribe = this.opts.registry.subscribe((e) => {
      if (ctx.life.stopped) return;
      if (e.event === 'status') ctx.events.status(e.numberId, e.payload);
      else if (e.event === 'receipt') ctx.events.receipt(e.numberId, e.payload);
      // A group message is never a reply, an opt-out or the assistant's (groups/group-results.ts files it).
      else if (e.event === 'inbound') {
        if (!isGroupInbound(e.payload)) ctx.events.inboundMessage(e.numberId, e.payload);
      }
      else ctx.events.signal(e.numberId, e.payload);
    });
    for (const row of this.opts.numbers.list()) ctx.workers.add(row);
    for (const id of this.campaignStore.activeIds()) ctx.loop.load(id);
    for (const id of touched) ctx.loop.maybeFinishById(id);
    ctx.loop.kickAll();
  }

  /** Stops timers, aborts typing delays (their claims are undone) and lets sends in flight finish. */
  async stop(timeoutMs = 5000): Promise<void> {
    const { ctx } = this;
    if (ctx.life.stopped) return;
    ctx.life.stopped = true;
    this.unsubscribe?.();
    ctx.reports.stop();
    ctx.stalls.stop();
    ctx.fallbacks.stop();
    await ctx.loop.stop(timeoutMs);
  }

  /** Re-plans every number now: call after the machine wakes from sleep or the clock changes. */
  wake(): void {
    this.ctx.planLimit.reset();
    this.ctx.loop.kickAll();
  }

  /** The app time zone changed: daily counters and caps follow the new local day. */
  setTimeZone(zone: string): void {
    this.days.setTimeZone(zone);
    this.ctx.workers.clearAll();
    this.ctx.planLimit.reset();
    this.ctx.loop.kickAll();
  }

  // ---------------------------------------------------------------- campaigns (campaign-commands.ts)

  preview(draft: { audience: CampaignDraft['audience'] }) {
    return this.ctx.commands.preview(draft);
  }
  startCampaign(id: number): CampaignRunState {
    return this.ctx.commands.start(id);
  }
  /** `reason` is the pt-BR text, or the text with the values it names (translated by `code` in the UI). */
  pauseCampaign(id: number, code: string | null = null, reason: string | PauseReason | null = null): CampaignRunState {
    return this.ctx.commands.pause(id, code, reason);
  }
  resumeCampaign(id: number): CampaignRunState {
    return this.ctx.commands.resume(id);
  }
  cancelCampaign(id: number): CampaignRunState {
    return this.ctx.commands.cancel(id);
  }
  /** Re-queues failed and uncertain deliveries; a finished campaign runs again for them. */
  resendFailed(id: number): { requeued: number; state: CampaignRunState } {
    return this.ctx.commands.resendFailed(id);
  }
  /** Sends one rendered message to the user's own phone. Not a delivery; not counted. */
  testSend(input: { id: number; numberId: number; phone: string; variation?: number }): Promise<{ messageId: string; text: string }> {
    return this.ctx.commands.testSend(input);
  }
  runState(id: number): CampaignRunState {
    return this.ctx.commands.runState(id);
  }
  overview(): CampaignRunState[] {
    return this.ctx.commands.overview();
  }
  deliveries(input: { id: number; states?: DeliveryStateName[]; offset: number; limit: number }): { total: number; rows: DeliveryRowView[] } {
    return this.ctx.commands.deliveries(input);
  }
  /** Instants of the latest sends of a loaded campaign (its real pace), or null. */
  recentSends(id: number): readonly number[] | null {
    return this.ctx.campaigns.get(id)?.recentSends ?? null;
  }

  // ---------------------------------------------------------------- numbers (number-workers.ts)

  /** Messages handed to the channel today by a number, and today's effective cap (null = none). */
  numberToday(numberId: number): { sent: number; cap: number | null } {
    return this.ctx.workers.today(numberId);
  }
  isNumberInUse(numberId: number): boolean {
    for (const c of this.ctx.campaigns.values()) if (c.numberIds.includes(numberId)) return true;
    return false;
  }
  /** A number was added: open its channel and start serving campaigns with it. */
  addNumber(row: NumberRow): void {
    this.ctx.workers.add(row);
  }
  /** Picks up a number added, changed or removed elsewhere (e.g. through the WhatsApp API). */
  syncNumber(id: number): void {
    if (this.ctx.life.stopped || !this.ctx.life.started) return;
    this.ctx.workers.sync(id);
  }
  /** A number's label or caps changed. */
  reloadNumber(row: NumberRow): void {
    this.ctx.workers.reload(row);
  }
  removeNumber(id: number): Promise<void> {
    return this.ctx.workers.remove(id);
  }
  clearFlag(id: number): void {
    this.ctx.workers.clearFlag(id);
  }

  /** Rehearsal helper for simulated numbers: a message from `phone` arrives now. */
  simulateInbound(numberId: number, phone: string, text: string): void {
    const p = normalizePhone(phone);
    if (!p.ok) throw new ApiError('numbers.phone_invalid', `Telefone inválido: ${p.message}`, undefined, { reason: `phone.${p.reason}` });
    const channel = this.opts.registry.get(numberId) as (Channel & { simulateInbound?: (d: string, t: string) => void }) | undefined;
    if (!channel?.simulateInbound) throw new ApiError('numbers.not_simulator', 'Só números simulados podem receber respostas simuladas.');
    channel.simulateInbound(p.e164.replace(/\D/g, ''), text);
  }

  // ---------------------------------------------------------------- direct sends (conversations)

  /** Runs `fn` after every inbound message is stored and its opt-out handled. */
  onInboundProcessed(fn: InboundListener): () => void {
    return this.ctx.events.onInboundProcessed(fn);
  }
  /** Every channel event (receipts of messages sent outside campaigns, too). */
  subscribeChannels(fn: Parameters<ChannelRegistry['subscribe']>[0]): () => void {
    return this.opts.registry.subscribe(fn);
  }
  /** The connected channel of a number, for a message outside any campaign. */
  directChannel(numberId: number): Channel {
    return this.ctx.workers.connectedChannel(numberId);
  }
  /** See NumberWorkers.reserveDirect: a message outside campaigns counts in the number's cap and the plan. */
  reserveDirectSend(numberId: number, at: number): void {
    this.ctx.workers.reserveDirect(numberId, at);
  }
  /** Undoes {@link reserveDirectSend} for a message that never reached the channel. */
  releaseDirectSend(numberId: number, at: number): void {
    this.ctx.workers.releaseDirect(numberId, at);
  }
}
