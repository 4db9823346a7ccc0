/**
 * Offer mirroring: listens to the messages of every linked WhatsApp number, and for each rule
 * whose source is that chat plans one post per destination group (rewritten; skipped as a
 * duplicate, over the cap, paused, stale or empty), then posts them one at a time, each
 * destination at its pace, through the number's channel.
 *
 * At most once: a post's row exists before anything is sent, and becomes `sending` with its
 * WhatsApp message id (committed) right before the channel gets it. A row found `sending` at
 * start may have gone out: it becomes `uncertain` and is never sent again by itself.
 */
import type { CoreContext } from '../context';
import { ApiError } from '../../../shared/api/errors';
import type { MirrorLogEntry, MirrorRuleInput, MirrorRuleView } from '../../../shared/api/methods/mirroring';
import { rewriteText } from '../../../shared/mirroring/rewrite';
import { normalizePhone } from '../../../shared/phone/normalize';
import { isChannelSendError } from '../channels/errors';
import { digitsFromJid, jidFromDigits } from '../channels/jid';
import type { ChatMessage, SeenImage } from '../channels/whatsapp/groups-wire';
import type { WhatsAppService } from '../channels/whatsapp/whatsapp-service';
import type { SignalEvent } from '../channels/types';
import { dayKey } from '../campaigns/schedule/tz';
import { GroupsStore } from '../groups/groups-store';
import { contentHash, normalizeLink } from './dedup';
import { MirrorStore, type Rule, type RuleFields } from './mirror-store';

/** The engine's count of sends outside campaigns: the number's daily cap and the plan's messages per day. */
export interface MirrorSendQuota {
  reserveDirectSend(numberId: number, at: number): void;
  releaseDirectSend(numberId: number, at: number): void;
}

/** Why the quota refused a post, as the log says it. */
const QUOTA_REASONS: Record<string, string> = {
  'conversations.daily_cap': 'number_cap',
  'conversations.plan_limit': 'plan_limit',
  'campaigns.plan_blocked': 'plan_limit',
  'conversations.number_flagged': 'number_flagged',
};

export interface MirrorServiceOptions {
  /** Mirrored posts count like replies: toward the number's daily cap and the plan (absent: not counted). */
  quota?: MirrorSendQuota | null;
  now?: () => number;
  /** How long "digitando…" shows before a post of this text (rules with typing on). */
  typingMs?: (text: string) => number;
  /** A source message older than this when it arrives (replayed after being offline) is not mirrored. */
  staleMs?: number;
  /** A post waiting for its number to connect is looked at again after this long. */
  retryMs?: number;
}

type RuleInput = Omit<MirrorRuleInput, 'numberId'>;
type Patch = Partial<RuleInput>;

const HOUR = 3_600_000;

/** About how long a person takes to paste and send an offer: under a second plus a bit per letter, at most 4 s. */
export function humanTypingMs(text: string): number {
  return Math.min(4_000, 800 + 15 * text.length);
}

export class MirrorService {
  readonly store: MirrorStore;
  private readonly groups: GroupsStore;
  private readonly now: () => number;
  private unsubscribe: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly life = new AbortController();

  constructor(
    private readonly ctx: CoreContext,
    private readonly wa: WhatsAppService,
    private readonly opts: MirrorServiceOptions = {},
  ) {
    this.store = new MirrorStore(ctx.db);
    this.groups = new GroupsStore(ctx.db);
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    const interrupted = this.store.settleInterrupted();
    if (interrupted.length) this.ctx.logger.warn({ rules: interrupted.length }, 'mirrored posts interrupted by a stop marked uncertain');
    this.unsubscribe = this.wa.subscribe((e) => {
      if (e.type === 'chatMessage') this.onChatMessage(e.numberId, e.message);
      else if (e.type === 'signal') this.onSignal(e.numberId, e.signal);
      else if (e.type === 'status' && e.status.state === 'connected') this.kick();
    });
    this.kick();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    // "digitando…" stops at once; a post already handed to the channel finishes and is recorded.
    this.life.abort();
    await this.draining;
  }

  // --- rules (the API) ---

  list(): MirrorRuleView[] {
    const today = this.today();
    return this.store.all().map((r) => this.store.view(r, today));
  }

  create(input: MirrorRuleInput): MirrorRuleView {
    const { numberId, ...rest } = input;
    this.whatsAppNumber(numberId);
    const fields = this.validate(numberId, rest as Required<RuleInput>);
    const id = this.store.create(numberId, fields, this.now());
    this.changed(id);
    return this.view(id);
  }

  update(id: number, patch: Patch): MirrorRuleView {
    const rule = this.rule(id);
    const current: Required<RuleInput> = {
      name: rule.name,
      source: rule.sourceKind === 'group' ? { kind: 'group', jid: rule.sourceJid } : { kind: 'chat', phone: `+${digitsFromJid(rule.sourceJid) ?? ''}` },
      destinations: rule.destinations,
      rewrites: rule.rewrites,
      dedupHours: rule.dedupHours,
      paceSeconds: rule.paceSeconds,
      dailyCap: rule.dailyCap,
      typing: rule.typing,
    };
    const merged = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Required<RuleInput>;
    this.store.update(id, this.validate(rule.numberId, merged), this.now());
    this.changed(id);
    this.kick();
    return this.view(id);
  }

  setPaused(id: number, paused: boolean): MirrorRuleView {
    this.rule(id);
    this.store.setPaused(id, paused, paused ? 'user' : null, this.now());
    this.changed(id);
    if (!paused) this.kick();
    return this.view(id);
  }

  remove(id: number): { removed: boolean } {
    const removed = this.store.remove(id);
    if (removed) this.changed(id);
    return { removed };
  }

  log(id: number, limit: number): MirrorLogEntry[] {
    return this.store.log(this.rule(id), limit);
  }

  // --- incoming messages ---

  /** Plans the posts of a message seen in a chat of `numberId` (nothing when no rule has it as source). */
  onChatMessage(numberId: number, m: ChatMessage): void {
    if (this.closed || !this.ctx.db.open) return;
    try {
      if (!this.store.hasRules(numberId)) return;
      const source = m.isGroup ? m.chatJid : canonicalChat(m.chatJid);
      if (!source) return;
      const rules = this.store.bySource(numberId, source);
      // Our own mirrored posts come back as echoes when a destination is also a source elsewhere.
      if (!rules.length || this.store.isOwnPost(m.messageId)) return;
      for (const rule of rules) this.plan(rule, m);
      for (const rule of rules) this.changed(rule.id);
      this.kick();
    } catch (err) {
      this.ctx.logger.error({ err, numberId }, 'could not plan a mirrored message');
    }
  }

  private plan(rule: Rule, m: ChatMessage): void {
    const now = this.now();
    const day = this.today(now);
    const rewritten = rewriteText(m.text, rule.rewrites);
    const links = [...new Set(rewritten.links.map(normalizeLink))];
    const hash = contentHash(rewritten.text, m.image);
    const stale = now - m.at > (this.opts.staleMs ?? 6 * HOUR);
    const skipAll = rule.paused ? 'paused' : stale ? 'stale' : !rewritten.text && !m.image ? 'empty' : null;
    const since = now - rule.dedupHours * HOUR;
    this.ctx.db.transaction(() => {
      for (const dest of rule.destinations) {
        if (this.store.planned(rule.id, m.messageId, dest)) continue; // a replay of the same message
        let reason = skipAll;
        if (!reason && this.store.isDuplicate(rule.numberId, dest, hash, links, since)) reason = 'duplicate';
        if (!reason && this.store.countedOn(rule.id, day) >= rule.dailyCap) reason = 'cap';
        const last = reason ? null : this.store.lastPlannedAt(rule.numberId, dest);
        this.store.insert({
          ruleId: rule.id,
          numberId: rule.numberId,
          sourceMessageId: m.messageId,
          destJid: dest,
          state: reason ? 'skipped' : 'queued',
          reason,
          contentHash: hash,
          text: rewritten.text,
          image: m.image,
          day,
          dueAt: last === null ? now : Math.max(now, last + rule.paceSeconds * 1000),
          createdAt: now,
          links,
        });
      }
    })();
  }

  /** A warning from WhatsApp about the number: its rules pause, like its campaigns. */
  private onSignal(numberId: number, signal: SignalEvent): void {
    if (this.closed || !this.ctx.db.open) return;
    const rules = this.store.all().filter((r) => r.numberId === numberId && !r.paused);
    for (const r of rules) {
      this.store.setPaused(r.id, true, signal.kind, this.now());
      this.changed(r.id);
    }
    if (rules.length) this.ctx.logger.warn({ numberId, signal: signal.kind, rules: rules.length }, 'mirroring paused by a WhatsApp warning');
  }

  // --- posting ---

  /** Posts whatever is due now (one drain at a time), then sleeps until the next post is due. */
  private kick(): void {
    if (this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (!this.closed && this.ctx.db.open) {
      const next = this.store.nextDue();
      if (!next) return;
      const wait = next.due_at - this.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.kick();
        }, wait);
        this.timer.unref?.();
        return;
      }
      try {
        await this.postOne(next.id);
      } catch (err) {
        // Never loop on a post that keeps failing to be handled: it fails with the code.
        this.ctx.logger.error({ err }, 'mirrored post failed unexpectedly');
        if (this.ctx.db.open) this.store.fail(next.id, 'UNKNOWN');
      }
    }
  }

  private async postOne(id: number): Promise<void> {
    const p = this.store.post(id);
    if (!p || p.state !== 'queued') return;
    if (this.now() - p.due_at > (this.opts.staleMs ?? 6 * HOUR)) {
      // Due for hours but the number was offline: a late offer is worse than none.
      this.store.skip(id, 'stale');
      this.changed(p.rule_id);
      return;
    }
    const channel = this.wa.get(p.number_id);
    if (!channel || channel.status().state !== 'connected') {
      // It waits for the number (a status event brings it back sooner).
      this.store.postpone(id, this.now() + (this.opts.retryMs ?? 60_000));
      return;
    }
    const group = this.groups.get(p.number_id, p.dest_jid);
    if (!group || group.left || !group.canPost) {
      this.store.fail(id, !group || group.left ? 'not_member' : 'admins_only');
      this.changed(p.rule_id);
      return;
    }
    const rule = this.store.get(p.rule_id);
    if (!rule || rule.paused) return;
    if (rule.typing) {
      // Before the claim: stopped here, the post is still only queued and goes after a restart.
      const ms = (this.opts.typingMs ?? humanTypingMs)(p.text);
      if (ms > 0) await channel.sendTyping(p.dest_jid, ms, this.life.signal).catch(() => {});
      if (this.closed || !this.ctx.db.open) return;
    }
    const image = p.image ? (JSON.parse(p.image) as SeenImage) : null;
    const messageId = channel.newMessageId();
    const at = this.now();
    // The claim and the day's count move together. Paused, removed or edited meanwhile: the
    // claim finds it no longer queued and nothing goes.
    let refused: string | null = null;
    const claimed = this.ctx.db.transaction(() => {
      if (!this.store.claim(id, messageId)) return false;
      try {
        this.opts.quota?.reserveDirectSend(p.number_id, at);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        refused = typeof code === 'string' && QUOTA_REASONS[code] ? QUOTA_REASONS[code] : 'number_cap';
        throw err;
      }
      return true;
    });
    try {
      if (!claimed()) return;
    } catch (err) {
      if (refused === null) throw err;
      // The number's cap or the plan is used up today: this offer is not posted (tomorrow it is stale).
      this.store.skip(id, refused);
      this.changed(p.rule_id);
      return;
    }
    try {
      const sent = await channel.send({ messageId, jid: p.dest_jid, text: p.text, linkPreview: true, ...(image ? { seenImage: image } : {}) });
      if (this.ctx.db.open) this.store.finish(id, 'sent', null, sent.sentAt);
    } catch (err) {
      const code = isChannelSendError(err) ? err.code : 'UNKNOWN';
      this.ctx.logger.warn({ ruleId: p.rule_id, code }, 'mirrored post not sent');
      // Once handed over it is never retried by itself; interrupted mid-send it may have gone.
      if (this.ctx.db.open) this.store.finish(id, code === 'ABORTED' ? 'uncertain' : 'failed', code, null);
    }
    this.changed(p.rule_id);
  }

  // --- helpers ---

  private validate(numberId: number, input: Required<RuleInput>): RuleFields {
    let sourceJid: string;
    if (input.source.kind === 'group') {
      const g = this.groups.get(numberId, input.source.jid);
      if (!g || g.left) throw new ApiError('mirroring.source_unknown', 'O número não participa do grupo de origem escolhido. Atualize a lista de grupos e escolha de novo.');
      sourceJid = input.source.jid;
    } else {
      const phone = normalizePhone(input.source.phone);
      if (!phone.ok) throw new ApiError('mirroring.source_phone', `O telefone da conversa de origem não é válido: ${phone.message}`, undefined, { reason: `phone.${phone.reason}` });
      sourceJid = jidFromDigits(phone.e164);
    }
    const destinations = [...new Set(input.destinations)];
    for (const jid of destinations) {
      if (jid === sourceJid) throw new ApiError('mirroring.destination_is_source', 'O grupo de origem não pode ser também um destino. Tire-o dos destinos.');
      const g = this.groups.get(numberId, jid);
      if (!g || g.left) throw new ApiError('mirroring.destination_unknown', 'Só grupos de que o número participa podem ser destinos. Atualize a lista de grupos e escolha de novo.');
      if (!g.canPost) throw new ApiError('mirroring.destination_admins_only', `Só administradores podem enviar no grupo "${g.subject}". Escolha outro destino.`, undefined, { group: g.subject });
    }
    return {
      name: input.name,
      sourceKind: input.source.kind,
      sourceJid,
      destinations,
      rewrites: input.rewrites,
      dedupHours: input.dedupHours,
      paceSeconds: input.paceSeconds,
      dailyCap: input.dailyCap,
      typing: input.typing,
    };
  }

  private whatsAppNumber(numberId: number): void {
    const row = this.ctx.db.prepare<[number], { kind: string }>('SELECT kind FROM numbers WHERE id = ?').get(numberId);
    if (!row) throw new ApiError('numbers.not_found', `O número ${numberId} não existe mais. Atualize a página de números.`, undefined, { id: numberId });
    if (row.kind !== 'whatsapp') throw new ApiError('mirroring.not_whatsapp', 'Só números do WhatsApp (conectados pelo QR ou código) espelham ofertas de grupos.');
  }

  private rule(id: number): Rule {
    const r = this.store.get(id);
    if (!r) throw new ApiError('mirroring.not_found', 'Este espelhamento não existe mais. Atualize a página.');
    return r;
  }

  private view(id: number): MirrorRuleView {
    return this.store.view(this.rule(id), this.today());
  }

  private today(now = this.now()): string {
    return dayKey(now, this.ctx.settings.get().timeZone);
  }

  private changed(ruleId: number): void {
    this.ctx.events.emit('mirroring.changed', { ruleId });
  }
}

/** A direct chat as the rules store it: the canonical phone (BR mobiles with the 9th digit). */
function canonicalChat(jid: string): string | null {
  const digits = digitsFromJid(jid);
  if (!digits) return null;
  const p = normalizePhone(`+${digits}`);
  return p.ok ? jidFromDigits(p.e164) : jidFromDigits(digits);
}
