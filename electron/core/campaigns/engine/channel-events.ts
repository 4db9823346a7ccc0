/**
 * What the engine does when a number's channel reports something: a status change, a receipt,
 * an inbound message (opt-outs first, then conversations and the reply assistant), or a
 * ban/limit signal. The scheduling decisions it needs are the engine's, through `EngineHooks`.
 */
import type { Logger } from '../../log/logger';
import { isChannelSendError } from '../../channels/errors';
import type { ChannelStatus, InboundEvent, ReceiptEvent, SignalEvent } from '../../channels/types';
import type { ChannelRegistry } from '../../numbers/channel-registry';
import type { NumbersStore } from '../../numbers/numbers-store';
import { failurePausesNumber, type Clock } from '../pacing';
import type { DeliveryStore } from '../deliveries/delivery-store';
import { InboundProcessor, type InboundOutcome } from '../../inbound/inbound';
import type { CampaignRuntime } from './campaign-runtime';
import type { EngineSettingsStore } from './engine-settings';
import { PAUSE_CODES, signalReason, statusReason, type PauseReason } from './reasons';
import type { Worker } from './worker';
import type { Emit } from './engine';

/** Told about each inbound message after it is stored and its opt-out handled. */
export type InboundListener = (numberId: number, ev: InboundEvent, outcome: InboundOutcome) => void;

const UNAVAILABLE_STATES = new Set<ChannelStatus['state']>(['logged_out', 'restricted', 'error', 'disconnected']);

/** The engine's scheduling, as channel events use it. */
export interface EngineHooks {
  worker(id: number): Worker | undefined;
  /** Loaded (scheduled or running) campaigns. */
  campaigns(): CampaignRuntime[];
  campaign(id: number): CampaignRuntime | undefined;
  isAvailable(w: Worker): boolean;
  kick(w: Worker): void;
  kickCampaign(id: number): void;
  pauseCampaign(id: number, code: string, reason: PauseReason): void;
  refreshWaits(w: Worker, now: number): void;
  progress(id: number): void;
  /** Deliveries of a loaded campaign were settled elsewhere: re-read what is due, finish if done. */
  settled(c: CampaignRuntime): void;
}

export interface ChannelEventDeps {
  store: DeliveryStore;
  numbers: NumbersStore;
  registry: ChannelRegistry;
  settings: EngineSettingsStore;
  logger: Logger;
  emit: Emit;
  clock: Clock;
  hooks: EngineHooks;
}

export class ChannelEvents {
  private readonly inbound: InboundProcessor;
  private readonly listeners = new Set<InboundListener>();

  constructor(private readonly d: ChannelEventDeps) {
    this.inbound = new InboundProcessor(d.store.db, d.store, () => d.settings.get().optOutKeywords, () => d.clock.now());
  }

  /** Runs `fn` after every inbound message is stored and its opt-out handled. */
  onInboundProcessed(fn: InboundListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  status(numberId: number, st: ChannelStatus): void {
    const { hooks } = this.d;
    this.d.numbers.setStatus(numberId, st.state, st.reason ?? null);
    this.d.emit('numbers.changed', { id: numberId });
    const w = hooks.worker(numberId);
    if (!w || this.d.registry.isClosing(numberId)) return;
    if (st.state === 'connected') {
      hooks.kick(w);
      return;
    }
    w.current?.abort.abort('connection');
    if (UNAVAILABLE_STATES.has(st.state)) this.numberUnavailable(w, statusReason(w.label, st.state));
    else hooks.refreshWaits(w, this.d.clock.now());
  }

  receipt(numberId: number, r: ReceiptEvent): void {
    const reason = r.status === 'error' ? (r.reason ?? `O WhatsApp recusou a mensagem${r.code ? ` (código ${r.code})` : ''}.`) : undefined;
    const out = this.d.store.receipt(r.messageId, r.status, r.at || this.d.clock.now(), r.code, reason);
    if (out?.changed) this.d.hooks.progress(out.delivery.campaign_id);
    if (r.status === 'error' && r.code && failurePausesNumber(r.code)) {
      const w = this.d.hooks.worker(numberId);
      if (w) this.flag(w, signalReason(w.label, { kind: r.code === '463' ? 'restricted_463' : 'banned' }));
    }
  }

  inboundMessage(numberId: number, ev: InboundEvent): InboundOutcome {
    const { hooks } = this.d;
    const out = this.inbound.handle(numberId, ev);
    if (out.campaignId !== null) hooks.progress(out.campaignId);
    for (const id of out.skippedCampaigns) {
      hooks.progress(id);
      const c = hooks.campaign(id);
      if (c) hooks.settled(c);
    }
    if (out.optOutKeyword) {
      this.d.logger.info({ numberId, campaignId: out.campaignId }, 'contact opted out by reply');
      this.d.emit('optOuts.changed', { contactId: out.contactId });
    }
    const confirm = this.d.settings.get().optOutConfirmation;
    if (out.newlyOptedOut && confirm.enabled) {
      const channel = this.d.registry.get(numberId);
      if (channel && channel.status().state === 'connected') {
        channel
          .send({ messageId: channel.newMessageId(), jid: ev.jid, text: confirm.text })
          .catch((err: unknown) => this.d.logger.warn({ err: isChannelSendError(err) ? err.code : String(err), numberId }, 'opt-out confirmation failed'));
      }
    }
    // After the opt-out is settled and confirmed: conversations and the reply assistant see it next.
    for (const fn of this.listeners) {
      try {
        fn(numberId, ev, out);
      } catch (err) {
        this.d.logger.error({ err, numberId }, 'inbound listener failed');
      }
    }
    return out;
  }

  signal(numberId: number, s: SignalEvent): void {
    const w = this.d.hooks.worker(numberId);
    if (w) this.flag(w, signalReason(w.label, s));
    this.d.logger.warn({ numberId, kind: s.kind, detail: s.detail }, 'ban/limit signal from the channel');
  }

  /** A ban or limit warning: the number stops sending until the user clears it. */
  flag(w: Worker, reason: PauseReason): void {
    if (w.flagged) return;
    w.flagged = true;
    this.d.numbers.flag(w.id, reason.text, reason.params);
    this.d.emit('numbers.changed', { id: w.id });
    w.current?.abort.abort();
    this.numberUnavailable(w, reason);
  }

  /** Campaigns left without any usable number pause with the reason; the others fail over. */
  numberUnavailable(w: Worker, reason: PauseReason): void {
    const { hooks } = this.d;
    for (const c of hooks.campaigns()) {
      if (!c.numberIds.includes(w.id)) continue;
      const others = c.numberIds.some((nid) => {
        const o = hooks.worker(nid);
        return o && o !== w && hooks.isAvailable(o);
      });
      if (others) hooks.kickCampaign(c.id);
      else hooks.pauseCampaign(c.id, w.flagged ? PAUSE_CODES.numberSignal : PAUSE_CODES.numberStatus, reason);
    }
  }
}
