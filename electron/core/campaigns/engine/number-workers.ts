/**
 * The numbers as the engine serves them: one worker per number (its pace, shared by every
 * campaign using it), whether it may send, each campaign's pacing on it, and direct sends
 * (messages outside campaigns) counted in its pace.
 */
import { ApiError } from '../../../../shared/api/errors';
import type { Channel } from '../../channels/types';
import { DEFAULT_PACING, computeNextSlot, effectiveDailyCap, normalizePacing, type PacerState, type PacingConfig, type PlannedSend } from '../pacing';
import { parseNumberConfig, type NumberRow } from '../../numbers/numbers-store';
import type { CampaignRuntime } from './campaign-runtime';
import { HARD_LOSS } from './cloud-fallback';
import type { NumberLink } from './connection-stalls';
import { assertDirectSendAllowed, pacerAfterDirectSend } from './direct-sends';
import type { EngineContext } from './engine-context';
import { createWorker, type Worker } from './worker';

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

export class NumberWorkers {
  private readonly workers = new Map<number, Worker>();
  /** Pacing of a campaign on a number, by `${numberId}:${campaignId}`. */
  private readonly configs = new Map<string, PacingConfig>();
  /** Equal configs share one object, so slot computations are shared too. */
  private readonly interned = new Map<string, PacingConfig>();
  private readonly stmts;

  constructor(private readonly ctx: EngineContext) {
    this.stmts = {
      savePacer: ctx.db.prepare('INSERT INTO number_pacing (number_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (number_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at'),
      loadPacer: ctx.db.prepare<[number], { state: string }>('SELECT state FROM number_pacing WHERE number_id = ?'),
    };
  }

  get(id: number): Worker | undefined {
    return this.workers.get(id);
  }

  has(id: number): boolean {
    return this.workers.has(id);
  }

  values(): IterableIterator<Worker> {
    return this.workers.values();
  }

  // ---------------------------------------------------------------- the numbers table

  /** Opens the number's channel and starts serving campaigns with it. */
  add(row: NumberRow): void {
    if (this.workers.has(row.id)) return;
    const w = createWorker(row, this.stmts.loadPacer.get(row.id)?.state ?? null);
    this.workers.set(row.id, w);
    this.ctx.opts.registry.open(row);
    this.ctx.loop.kick(w);
  }

  /** Adds the worker of a stored number if missing. False when the number does not exist. */
  ensure(id: number): boolean {
    if (this.workers.has(id)) return true;
    const row = this.ctx.opts.numbers.find(id);
    if (!row) return false;
    this.add(row);
    return true;
  }

  /** Picks up a number added, changed or removed elsewhere (e.g. through the WhatsApp API). */
  sync(id: number): void {
    const row = this.ctx.opts.numbers.find(id);
    if (!row) {
      if (this.workers.has(id)) void this.remove(id);
      return;
    }
    if (!this.workers.has(id)) return this.add(row);
    this.reload(row);
  }

  /** A number's label or caps changed. */
  reload(row: NumberRow): void {
    const w = this.workers.get(row.id);
    if (!w) return this.add(row);
    w.label = row.label;
    w.config = parseNumberConfig(row);
    w.flagged = row.flagged_at !== null;
    this.clearConfigs(row.id);
    this.ctx.loop.kick(w);
  }

  async remove(id: number): Promise<void> {
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
    await this.ctx.opts.registry.close(id);
  }

  clearFlag(id: number): void {
    this.ctx.opts.numbers.clearFlag(id);
    const w = this.workers.get(id);
    if (w) {
      w.flagged = false;
      this.ctx.loop.kick(w);
    }
    this.ctx.opts.emit('numbers.changed', { id });
  }

  // ---------------------------------------------------------------- may it send

  isAvailable(w: Worker): boolean {
    if (w.flagged) return false;
    return this.ctx.opts.registry.get(w.id)?.status().state === 'connected';
  }

  anyAvailable(c: CampaignRuntime): boolean {
    return c.numberIds.some((nid) => {
      const o = this.workers.get(nid);
      return o !== undefined && this.isAvailable(o);
    });
  }

  /** Every number of the campaign is flagged, restricted or logged out (none comes back by itself). */
  lostForGood(c: CampaignRuntime): boolean {
    return c.numberIds.every((nid) => {
      const o = this.workers.get(nid);
      return !o || o.flagged || HARD_LOSS.has(this.ctx.opts.registry.get(nid)?.status().state ?? 'disconnected');
    });
  }

  /** The connection of each of the campaign's numbers, for wait and pause texts. */
  linksOf(c: CampaignRuntime): NumberLink[] {
    const links: NumberLink[] = [];
    for (const nid of c.numberIds) {
      const w = this.workers.get(nid);
      if (!w) continue;
      const st = this.ctx.opts.registry.get(nid)?.status();
      links.push({ label: w.label, state: st?.state ?? 'disconnected', retryAt: st?.retryAt ?? null, reason: st?.reason ?? null });
    }
    return links;
  }

  /** The connected channel of a number, or a pt-BR error saying which number to connect. */
  connectedChannel(numberId: number): Channel {
    const row = this.ctx.opts.numbers.find(numberId);
    if (!row) throw new ApiError('numbers.not_found', 'Este número não existe mais. Escolha outro número.');
    const channel = this.ctx.opts.registry.get(numberId);
    if (!channel || channel.status().state !== 'connected') {
      throw new ApiError('numbers.not_connected', `O número "${row.label}" não está conectado. Conecte-o em Números e tente de novo.`, undefined, { label: row.label });
    }
    return channel;
  }

  /** Messages handed to the channel today by a number, and today's effective cap (null = none). */
  today(numberId: number): { sent: number; cap: number | null } {
    const now = this.ctx.clock.now();
    const sent = this.ctx.opts.numbers.attemptsOn(numberId, this.ctx.days.keyOf(now));
    const w = this.workers.get(numberId);
    if (!w) return { sent, cap: null };
    const { cap } = effectiveDailyCap({ ...DEFAULT_PACING, simulated: true, timeZone: this.ctx.days.timeZone, dailyCap: w.config.dailyCap, warmup: w.config.warmup }, now);
    return { sent, cap: cap ?? null };
  }

  // ---------------------------------------------------------------- pace

  savePacer(w: Worker, state: PacerState, at: number): void {
    this.stmts.savePacer.run(w.id, JSON.stringify(state), at);
  }

  /** The campaign's pacing on this number: the campaign's gaps and caps within the number's. */
  configFor(c: CampaignRuntime, w: Worker): PacingConfig {
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
        timeZone: this.ctx.days.timeZone,
      };
      const hourly = minDefined(p.hourlyCap || undefined, w.config.hourlyCap);
      const daily = minDefined(p.dailyCap || undefined, w.config.dailyCap);
      if (hourly !== undefined) cfg.hourlyCap = hourly;
      if (daily !== undefined) cfg.dailyCap = daily;
      if (w.config.warmup) cfg.warmup = w.config.warmup;
      // Normalized once here (floors, order, caps), so the pacer's own normalization is a no-op.
      cfg = normalizePacing(cfg).config;
      const sig = JSON.stringify(cfg);
      cfg = this.interned.get(sig) ?? cfg;
      this.interned.set(sig, cfg);
      this.configs.set(key, cfg);
    }
    return cfg;
  }

  /** A number's caps changed: its campaigns' pacing is rebuilt on next use. */
  clearConfigs(numberId: number): void {
    for (const key of [...this.configs.keys()]) if (key.startsWith(`${numberId}:`)) this.configs.delete(key);
    this.workers.get(numberId)?.slots.clear();
  }

  /** A campaign was (re)loaded, unloaded or changed route: its pacing is rebuilt on next use. */
  forgetCampaign(campaignId: number): void {
    for (const key of [...this.configs.keys()]) if (key.endsWith(`:${campaignId}`)) this.configs.delete(key);
  }

  /** The time zone changed: every day boundary moves. */
  clearAll(): void {
    this.configs.clear();
    this.interned.clear();
    for (const w of this.workers.values()) w.slots.clear();
  }

  /** planNextSend with the campaign's cached window. Null when the window never opens again. */
  planFor(c: CampaignRuntime, w: Worker, from: number): PlannedSend | null {
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

  // ---------------------------------------------------------------- direct sends (conversations)

  /**
   * A message outside campaigns (a reply from Respostas, the reply assistant) is about to go out
   * through `numberId`: it counts toward the number's daily cap and the plan's messages per day,
   * but not toward any campaign's pace (gaps, batches, hourly caps). Throws with a pt-BR reason
   * when the number may not send now. Call inside the transaction that stores the message;
   * {@link releaseDirect} gives the slot back if the message never reached the channel.
   */
  reserveDirect(numberId: number, at: number): void {
    if (!this.ensure(numberId)) throw new ApiError('numbers.not_found', 'Este número não existe mais. Escolha outro número.');
    const w = this.workers.get(numberId)!;
    assertDirectSendAllowed(w, at, this.today(numberId), this.ctx.opts.plan, this.ctx.planLimit);
    this.ctx.store.counters.bumpAttempt(numberId, at, 1);
    this.noteDirect(w, at, 1);
    if (this.ctx.planLimit.counts(w.kind)) this.ctx.planLimit.bump(at, 1);
  }

  /** Undoes {@link reserveDirect} for a message that never reached the channel. */
  releaseDirect(numberId: number, at: number): void {
    this.ctx.store.counters.bumpAttempt(numberId, at, -1);
    const w = this.workers.get(numberId);
    if (!w) return;
    this.noteDirect(w, at, -1);
    if (this.ctx.planLimit.counts(w.kind)) this.ctx.planLimit.bump(at, -1);
  }

  /** Today's count in the number's pace (its daily cap), without moving gaps or batches. */
  private noteDirect(w: Worker, at: number, n: 1 | -1): void {
    const next = pacerAfterDirectSend(w.pacer, this.ctx.days.keyOf(at), n);
    if (!next) return;
    w.pacer = next;
    w.slots.clear();
    this.savePacer(w, next, this.ctx.clock.now());
    if (n < 0) this.ctx.loop.kick(w);
  }
}
