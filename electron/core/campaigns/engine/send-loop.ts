/**
 * The send loop (over 500 lines on purpose: kick → turn → deliver → afterFailure read as one
 * path, as the engine's README describes it). A worker sleeps until its next due instant (all
 * workers share one wall-clock timer, the earliest's: `DueTimers`), wakes up, picks a campaign
 * (fair interleaving; the campaign's rotation decides between its numbers) and sends one message:
 *   1. claim: in ONE transaction the delivery becomes `sending` with its pre-generated message
 *      id and exact text, the counters move, and the number's pacing state is saved;
 *   2. resolve the WhatsApp address, show "digitando…" (abortable), journal the send durably,
 *      call `channel.send`;
 *   3. commit the outcome (sent / retry later / failed / invalid / uncertain).
 */
import { ChannelSendError, isChannelSendError, type ChannelErrorCode } from '../../channels/errors';
import type { Channel, TemplateMessage } from '../../channels/types';
import { MAX_RETRIES, DueTimers, failurePausesNumber, pickNextCampaign, pickNumber, recordSend, retryDelayMs, typingMs, type PacerState, type PacingConfig } from '../pacing';
import type { DeliveryRow } from '../deliveries/delivery-store';
import { ENGINE_CODES } from '../deliveries/states';
import { groupSendBlock } from '../../groups/group-campaign';
import { JournalError } from '../journal/send-journal';
import { CampaignRuntime, type ContactForRender } from './campaign-runtime';
import { readDraft } from './campaign-store';
import type { StallStage } from './connection-stalls';
import { attachmentsDir, type EngineContext } from './engine-context';
import { PAUSE_CODES, failuresReason, planBlockedReason, planLimitReason, signalReason, statusReason, type PauseReason } from './reasons';
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
  UNCERTAIN_INTERNAL,
  codeOf,
  leftNothingOnConnection,
  mayHaveLeft,
  messageOf,
  parseCandidates,
} from './send-outcomes';
import type { Worker } from './worker';

/** A group has no contact: contact variables render empty. */
const GROUP_RENDER: ContactForRender = { name: null, first_name: null, phone_key: '', fields: null };

export class SendLoop {
  /** Every worker's next wake-up on one timer (the earliest's): waiting numbers cost nothing each. */
  private readonly wakeUps: DueTimers;
  private readonly inflight = new Set<Promise<void>>();
  private readonly stmts;

  constructor(private readonly ctx: EngineContext) {
    this.wakeUps = new DueTimers({ clock: ctx.clock });
    this.stmts = {
      pending: ctx.db.prepare<[number], { n: number }>('SELECT queued + sending AS n FROM campaign_counters WHERE campaign_id = ?'),
      // The campaign's next due delivery with its contact, in one read.
      // Raw (an array, see sendRowOf): named row objects are built through V8's slow paths, a
      // visible share of each send at zero delay.
      nextSendRow: ctx.db
        .prepare<[number, number], unknown[]>(
          `SELECT d.id, d.attempts, d.last_attempt_at, c.id AS contact_id, c.status, c.phone_key, c.name, c.first_name, c.fields, c.wa_candidates, d.group_jid
           FROM deliveries d LEFT JOIN contacts c ON c.id = d.contact_id
           WHERE d.campaign_id = ? AND d.state = 'queued' AND d.next_attempt_at <= ?
           ORDER BY d.next_attempt_at, d.id LIMIT 1`,
        )
        .raw(true),
      markInvalidContact: ctx.db.prepare(`UPDATE contacts SET status = 'invalid', updated_at = ? WHERE id = ? AND status = 'active'`),
    };
  }

  /** Stops every timer, aborts typing delays (their claims are undone), lets sends in flight finish. */
  async stop(timeoutMs: number): Promise<void> {
    for (const w of this.ctx.workers.values()) {
      w.timer?.();
      w.timer = null;
      w.current?.abort.abort();
    }
    this.wakeUps.clear();
    if (this.inflight.size) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
  }

  /** Puts a running or scheduled campaign into the scheduler (its numbers' workers too). */
  load(id: number): CampaignRuntime {
    const row = this.ctx.commands.row(id);
    const draft = readDraft(row.draft);
    const counts = this.ctx.db
      .prepare<[number], { variation: number; n: number }>(
        `SELECT variation, sending + sent + delivered + "read" + failed + invalid + skipped + cancelled + uncertain AS n FROM variation_counters WHERE campaign_id = ?`,
      )
      .all(id);
    const perVariation: number[] = [];
    for (const r of counts) perVariation[r.variation] = r.n;
    for (const nid of draft.numberIds) this.ctx.workers.ensure(nid);
    const c = new CampaignRuntime(
      { id, name: row.name, status: row.status === 'scheduled' ? 'scheduled' : 'running', seed: row.seed, draft },
      attachmentsDir(this.ctx),
      perVariation,
    );
    if (this.ctx.fallbacks.restore(c)) this.ctx.workers.ensure(c.numberIds[0]);
    c.nextDueAt = this.ctx.store.nextDueAt(id);
    this.ctx.campaigns.set(id, c);
    this.ctx.workers.forgetCampaign(id);
    return c;
  }

  unload(id: number): void {
    const c = this.ctx.campaigns.get(id);
    if (!c) return;
    this.ctx.campaigns.delete(id);
    this.ctx.reports.forget(id);
    this.ctx.stalls.clear(id);
    this.ctx.fallbacks.cancel(id);
    this.ctx.workers.forgetCampaign(id);
    for (const nid of c.numberIds) {
      const w = this.ctx.workers.get(nid);
      if (!w) continue;
      if (w.current?.campaignId === id) w.current.abort.abort();
      this.kick(w);
    }
  }

  kickAll(): void {
    for (const w of this.ctx.workers.values()) this.kick(w);
  }

  kickCampaign(id: number): void {
    const c = this.ctx.campaigns.get(id);
    if (!c) return;
    for (const nid of c.numberIds) {
      const w = this.ctx.workers.get(nid);
      if (w) this.kick(w);
    }
  }

  /** Re-reads when the live runtime of a campaign (if loaded) has work due. */
  private refreshNextDue(id: number): void {
    const live = this.ctx.campaigns.get(id);
    if (live) this.setNextDue(live, this.ctx.store.nextDueAt(id));
  }

  setNextDue(c: CampaignRuntime, at: number | null): void {
    const before = c.nextDueAt;
    c.nextDueAt = at;
    if (at !== null && (before === null || at < before)) {
      for (const nid of c.numberIds) {
        const w = this.ctx.workers.get(nid);
        if (w && !w.busy && (!w.timer || w.timer.atMs > at)) this.kick(w);
      }
    }
  }


  private isDueFor(c: CampaignRuntime, w: Worker, now: number): boolean {
    if (c.nextDueAt === null) return false;
    const p = this.ctx.workers.planFor(c, w, this.dueFrom(c, now));
    return p !== null && p.atMs <= now;
  }

  /** With several numbers, the campaign's rotation decides which of the ready ones sends. */
  private rotationPicks(c: CampaignRuntime, w: Worker, now: number): boolean {
    if (c.numberIds.length <= 1) return true;
    const candidates = c.numberIds.map((nid) => {
      const o = this.ctx.workers.get(nid);
      const available = !!o && (o === w || (!o.busy && this.ctx.workers.isAvailable(o) && this.isDueFor(c, o, now)));
      // The pacer counts days in the app zone, like `ctx.days` (cached: Intl is slow).
      const sentToday = o && o.pacer.dayKey === this.ctx.days.keyOf(now) ? o.pacer.sentToday : 0;
      return { id: String(nid), available, sentToday, lastUsedAt: o?.lastUsedAt ?? null };
    });
    const pick = pickNumber(c.draft.rotation, candidates, c.cursor);
    if (!pick || pick.id === String(w.id)) return true;
    // Another ready number goes first; make sure it is awake.
    const other = this.ctx.workers.get(Number(pick.id));
    if (other && !other.busy) queueMicrotask(() => this.kick(other));
    return false;
  }

  /** Re-plans a worker: sends now if something is due, else sleeps until the next due instant. */
  kick(w: Worker, plannedAt?: number): void {
    if (this.ctx.life.stopped || !this.ctx.life.started || w.busy || !this.ctx.workers.has(w.id)) return;
    w.timer?.();
    w.timer = null;
    for (let round = 0; round < 64; round++) {
      const now = this.ctx.clock.now();
      if (!this.ctx.workers.isAvailable(w)) {
        this.ctx.reports.refreshWaits(w, now);
        return;
      }
      let wakeAt: number | null = null;
      const due: CampaignRuntime[] = [];
      const ended: CampaignRuntime[] = [];
      for (const c of this.ctx.campaigns.values()) {
        if (!c.numberIds.includes(w.id)) continue;
        if (c.nextDueAt === null) {
          c.plans.delete(w.id);
          continue;
        }
        const p = this.ctx.workers.planFor(c, w, this.dueFrom(c, now));
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
        const c = this.ctx.campaigns.get(id)!;
        if (this.rotationPicks(c, w, now)) {
          picked = c;
          break;
        }
        candidates = candidates.filter((x) => x !== c);
      }
      if (!picked) {
        this.ctx.reports.refreshWaits(w, now);
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
    const storage = this.ctx.opts.storage?.();
    if (storage && !storage.ok) {
      this.ctx.commands.pause(c.id, storage.code, storage.message);
      return false;
    }
    if (this.ctx.planLimit.counts(w.kind)) {
      const gate = this.ctx.opts.plan.current();
      if (!gate.canSend) {
        this.pauseCounted(PAUSE_CODES.planBlocked, planBlockedReason(gate.reason));
        return false;
      }
      if (this.ctx.planLimit.today(now) >= gate.limits.messagesPerDay) {
        this.pauseCounted(PAUSE_CODES.planLimit, planLimitReason(gate.plan, gate.label, gate.limits.messagesPerDay));
        return false;
      }
    }
    const channel = this.ctx.opts.registry.get(w.id);
    if (!channel) return false;
    for (let skips = 0; skips < 500; skips++) {
      const d = sendRowOf(this.stmts.nextSendRow.get(c.id, now));
      if (!d) {
        c.nextDueAt = this.ctx.store.nextDueAt(c.id);
        this.maybeFinish(c);
        return false;
      }
      const id = d.id;
      if (d.group_jid !== null) {
        const block = groupSendBlock(this.ctx.db, c.draft.audience.groups?.numberId, w.id, d.group_jid);
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
        this.ctx.commands.pause(c.id, PAUSE_CODES.template, CLOUD_NEEDS_TEMPLATE);
        return false;
      } else {
        ({ variation, text } = c.render(id, d.group_jid !== null ? GROUP_RENDER : (d as ContactForRender), now));
      }
      const messageId = channel.newMessageId();
      const cfg = this.ctx.workers.configFor(c, w);
      const prevPacer = w.pacer;
      const nextPacer = this.trimPacer(recordSend(prevPacer, cfg, now, this.ctx.rng), cfg);
      const promote = c.status === 'scheduled';
      const claimed = this.ctx.store.tx(() => {
        if (!this.ctx.store.claimRead({ id, campaign_id: c.id, attempts: d.attempts }, { messageId, text, variation, numberId: w.id, at: now })) return null;
        const row = claimedRow(c.id, d, { messageId, text, variation, numberId: w.id, at: now });
        this.ctx.workers.savePacer(w, nextPacer, now);
        if (promote) this.ctx.campaignStore.promote(c.id, now);
        return row;
      });
      if (!claimed) continue;
      if (promote) {
        c.status = 'running';
        this.ctx.reports.changed(c.id);
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
        const o = nid === w.id ? undefined : this.ctx.workers.get(nid);
        if (o && !o.busy && !o.timer) queueMicrotask(() => this.kick(o));
      }
      if (this.ctx.planLimit.counts(w.kind)) this.ctx.planLimit.bump(now, 1);
      this.ctx.opts.onTurn?.({ numberId: w.id, campaignId: c.id, deliveryId: id, plannedAt: plannedAt ?? now, at: now, timed: plannedAt !== undefined });
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
      this.ctx.stalls.succeeded(c.id);
      if (abort.aborted) throw new AbortedBeforeSend();
      const jid = check?.jid ?? null;
      if (!jid) {
        this.ctx.store.tx(() => {
          this.ctx.store.invalid(row.id, { code: ENGINE_CODES.notOnWhatsApp, reason: NOT_ON_WHATSAPP, jid: null }, ['sending']);
          this.undoAttempt(w, row, prevPacer, claimedPacer);
          // The Simulator's "not on WhatsApp" is make-believe: never mark real contacts from it.
          if (w.kind !== 'simulator' && row.contact_id !== null) this.stmts.markInvalidContact.run(this.ctx.clock.now(), row.contact_id);
        });
        return;
      }
      const ms = typingMs(cfg, row.text!.length);
      if (ms > 0) await channel.sendTyping(jid, ms, abort.signal);
      if (abort.aborted) throw new AbortedBeforeSend();
      if (this.ctx.opts.journal) {
        // At-most-once beyond the database: the channel gets the message only once it is on disk.
        await this.ctx.opts.journal.beforeSend({ campaignId: c.id, phone: d.group_jid ?? d.phone_key!, messageId: row.message_id!, numberId: w.id, variation: row.variation, at: this.ctx.clock.now() });
        journalled = true;
        if (abort.aborted) throw new AbortedBeforeSend();
      }
      sendCalled = true;
      const res = await channel.send(c.outgoing({ messageId: row.message_id!, jid, text: row.text!, variation: row.variation!, template, campaignId: c.id }));
      this.ctx.store.markSent(row.id, { jid, sentAt: res.sentAt }, row);
      this.ctx.opts.journal?.sent(c.id, row.message_id!, res.sentAt);
      c.consecutiveFailures = 0;
      c.sentCount++;
    } catch (err) {
      const journalFailed = err instanceof JournalError;
      // A journalled message that never left must say so on disk before its row is re-queued.
      if (journalled && this.ctx.db.open && !mayHaveLeft(err, sendCalled)) {
        await this.ctx.opts.journal!.notSent(c.id, row.message_id!, this.ctx.clock.now()).catch((e: unknown) => this.ctx.opts.logger.warn({ err: (e as Error).message, campaignId: c.id }, 'send journal: not-sent outcome not written'));
      }
      // The number lost its connection before the message left: a connection failure, not a pause.
      const dropped = abort.reason === 'connection' && !sendCalled && !journalFailed;
      const failure = dropped && !(isChannelSendError(err) && err.code !== 'ABORTED') ? new ChannelSendError('NOT_CONNECTED', { detail: 'status', message: CONNECTION_DROPPED }) : err;
      if (this.ctx.db.open) this.afterFailure(w, c, row, failure, sendCalled, { pacer: prevPacer, claimedPacer, lastAttemptAt: d.last_attempt_at, stage }, (abort.aborted && !dropped) || journalFailed);
      if (journalFailed && this.ctx.db.open) {
        this.ctx.opts.logger.error({ err: (err as Error).message, campaignId: c.id }, 'send journal write failed');
        if (this.ctx.campaigns.has(c.id)) this.ctx.commands.pause(c.id, PAUSE_CODES.journal, JOURNAL_FAILED);
      }
    } finally {
      w.busy = false;
      if (w.current?.abort === abort) w.current = null;
      c.inFlight--;
      if (this.ctx.db.open) {
        // Cancelled while this send was in flight: what it put back in the queue is cancelled too.
        if (!this.ctx.campaigns.has(c.id)) this.sweepCancelled(c.id);
        this.ctx.reports.progress(c.id);
        // The campaign may have been paused and resumed meanwhile (a new runtime object).
        this.maybeFinishById(c.id);
        if (++w.streak >= (this.ctx.opts.yieldEvery ?? 32)) {
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
    const now = this.ctx.clock.now();
    if (!aborted && leftNothingOnConnection(err, sendCalled)) {
      // The connection failed before the message left (the check, typing, or a socket that
      // closed under the send): back to the queue untouched, nothing counted, and the campaign
      // waits before asking its number again (connection-stalls.ts).
      const e = err as ChannelSendError;
      this.ctx.store.tx(() => {
        this.ctx.store.unclaim(row, prevLastAttemptAt, { code: e.code, reason: e.message });
        this.undoAttempt(w, row, prevPacer, claimedPacer, true);
      });
      if (row.variation !== null) c.variationCounts[row.variation] = Math.max(0, (c.variationCounts[row.variation] ?? 1) - 1);
      this.ctx.opts.logger.warn({ campaignId: c.id, numberId: w.id, code: e.code, detail: e.detail, stage: prev.stage }, 'connection failed before the message left; re-queued');
      const pause = this.ctx.stalls.failed(c.id, prev.stage, now, w.label);
      this.refreshNextDue(c.id);
      if (pause && this.ctx.campaigns.has(c.id)) this.ctx.commands.pause(c.id, pause.code, pause.reason);
      else this.ctx.reports.progress(c.id);
      return;
    }
    if (!sendCalled) {
      // The channel never got the message: undo the claim. Paused/stopped → back to the queue;
      // other problems (number not connected, typing failed) → retry later like a transient failure.
      const wasAbort = aborted || err instanceof AbortedBeforeSend || (isChannelSendError(err) && err.code === 'ABORTED');
      this.ctx.store.tx(() => {
        if (wasAbort) {
          this.ctx.store.unclaim(row, prevLastAttemptAt);
        } else if (row.attempts > MAX_RETRIES) {
          this.ctx.store.fail(row.id, { code: codeOf(err), reason: messageOf(err), at: now });
        } else {
          this.ctx.store.retryLater(row.id, { nextAttemptAt: now + (retryDelayMs(row.attempts, this.ctx.rng) ?? 0), code: codeOf(err), reason: messageOf(err) });
        }
        this.undoAttempt(w, row, prevPacer, claimedPacer, wasAbort);
      });
      if (row.variation !== null) c.variationCounts[row.variation] = Math.max(0, (c.variationCounts[row.variation] ?? 1) - 1);
      this.refreshNextDue(c.id);
      return;
    }
    if (!isChannelSendError(err)) {
      this.ctx.opts.logger.error({ err, campaignId: c.id, numberId: w.id }, 'unexpected error while sending');
      this.ctx.store.uncertain(row.id, { code: ENGINE_CODES.internal, reason: UNCERTAIN_INTERNAL });
      return;
    }
    const code: ChannelErrorCode = err.code;
    if (code === 'NOT_ON_WHATSAPP' || code === 'INVALID_JID') {
      this.ctx.store.tx(() => {
        this.ctx.store.invalid(row.id, { code, reason: err.message }, ['sending']);
        if (w.kind !== 'simulator' && row.contact_id !== null) this.stmts.markInvalidContact.run(now, row.contact_id);
      });
      return;
    }
    if (code === 'ABORTED') {
      this.ctx.store.uncertain(row.id, { code, reason: UNCERTAIN_ABORTED });
      return;
    }
    c.consecutiveFailures++;
    if (code === 'TEMPLATE_ERROR' && this.ctx.campaigns.has(c.id)) {
      // Every send would fail the same way: stop and point at the template mapping.
      this.ctx.store.retryLater(row.id, { nextAttemptAt: now, code, reason: err.message });
      this.ctx.commands.pause(c.id, PAUSE_CODES.template, err.message);
      return;
    }
    if (err.transient && row.attempts <= MAX_RETRIES) {
      this.ctx.store.retryLater(row.id, { nextAttemptAt: now + (retryDelayMs(row.attempts, this.ctx.rng) ?? 0), code, reason: err.message });
      this.refreshNextDue(c.id);
    } else {
      this.ctx.store.fail(row.id, { code, reason: err.message, at: now });
    }
    this.ctx.opts.logger.warn({ campaignId: c.id, numberId: w.id, code, detail: err.detail, attempt: row.attempts }, 'send failed');
    if (failurePausesNumber(code)) {
      const kind = code === 'BANNED' ? 'banned' : code === 'RESTRICTED' ? 'restricted_463' : null;
      if (kind) this.ctx.events.flag(w, signalReason(w.label, { kind }));
      else this.ctx.events.numberUnavailable(w, statusReason(w.label, 'logged_out'));
    }
    const max = this.ctx.settings.get().maxConsecutiveFailures;
    if (c.consecutiveFailures >= max && this.ctx.campaigns.has(c.id)) this.ctx.commands.pause(c.id, PAUSE_CODES.failures, failuresReason(c.consecutiveFailures));
  }

  /**
   * Gives back the pacing slot, the day's attempt and the plan count of a message that never
   * reached the channel. `counted` = the attempt counter was already returned (unclaim does it).
   */
  private undoAttempt(w: Worker, row: DeliveryRow, prevPacer: PacerState, claimedPacer: PacerState, counted = false): void {
    if (!counted && row.number_id !== null && row.last_attempt_at !== null) this.ctx.store.counters.bumpAttempt(row.number_id, row.last_attempt_at, -1);
    if (w.pacer === claimedPacer) {
      w.pacer = prevPacer;
      this.ctx.workers.savePacer(w, prevPacer, this.ctx.clock.now());
    }
    if (this.ctx.planLimit.counts(w.kind) && row.last_attempt_at !== null) this.ctx.planLimit.bump(row.last_attempt_at, -1);
  }

  /** A cancelled campaign keeps nothing queued (an aborted typing delay or a retry re-queues its row). */
  private sweepCancelled(id: number): void {
    if (this.ctx.campaignStore.find(id)?.status !== 'cancelled') return;
    if (this.ctx.store.skipQueuedForCampaign(id, { code: ENGINE_CODES.cancelled, reason: SKIP_REASONS.cancelled }) > 0) this.ctx.reports.changed(id);
  }

  private skip(c: CampaignRuntime, id: number, code: string, reason: string): void {
    this.ctx.store.skip(id, { code, reason });
    this.ctx.reports.progress(c.id);
  }

  /** Only the hourly-cap window needs past send instants; keep just enough of them. */
  private trimPacer(state: PacerState, cfg: PacingConfig): PacerState {
    const keep = cfg.hourlyCap ?? 0;
    if (state.recent.length <= keep) return state;
    return { ...state, recent: keep === 0 ? [] : state.recent.slice(-keep) };
  }

  private endByWindow(c: CampaignRuntime, now: number): void {
    if (c.nextOpen(now) !== null || !this.ctx.campaigns.has(c.id)) return;
    this.ctx.store.tx(() => {
      this.ctx.store.skipQueuedForCampaign(c.id, { code: ENGINE_CODES.windowEnded, reason: SKIP_REASONS.windowEnded });
    });
    c.nextDueAt = null;
    this.maybeFinish(c);
  }

  maybeFinishById(id: number): void {
    const c = this.ctx.campaigns.get(id);
    if (c) this.maybeFinish(c);
  }

  /**
   * Finished when nothing is queued or being sent. The counters decide, not `nextDueAt`: after
   * the last send that still says "due", and waiting for the number's next gap (5 s at least on
   * a real number) to find the queue empty would leave a done campaign "running" meanwhile.
   */
  maybeFinish(c: CampaignRuntime): void {
    if (c.inFlight > 0 || !this.ctx.campaigns.has(c.id)) return;
    const pending = this.stmts.pending.get(c.id)?.n ?? 0;
    if (pending > 0) return;
    c.nextDueAt = null;
    const now = this.ctx.clock.now();
    this.ctx.campaignStore.markFinished(c.id, now);
    this.ctx.campaigns.delete(c.id);
    this.ctx.opts.journal?.ended(c.id);
    this.ctx.reports.forget(c.id);
    this.ctx.reports.changed(c.id);
  }


  private pauseCounted(code: string, reason: string | PauseReason): void {
    for (const c of [...this.ctx.campaigns.values()]) {
      const counted = c.numberIds.some((nid) => {
        const w = this.ctx.workers.get(nid);
        return w && this.ctx.planLimit.counts(w.kind);
      });
      if (counted) this.ctx.commands.pause(c.id, code, reason);
    }
  }


  /** From when the campaign may send: its next due row, after any wait for a failed connection. */
  dueFrom(c: CampaignRuntime, now: number): number {
    return Math.max(now, c.nextDueAt ?? now, this.ctx.stalls.heldUntil(c.id));
  }


  /** The campaign's Web numbers are gone and its plan B took over (cloud-fallback.ts). */
  fallbackTookOver(c: CampaignRuntime): void {
    this.ctx.workers.ensure(c.numberIds[0]);
    this.ctx.workers.forgetCampaign(c.id);
    this.ctx.reports.changed(c.id);
    this.kickCampaign(c.id);
  }

}
