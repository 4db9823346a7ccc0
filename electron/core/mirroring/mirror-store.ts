/** Mirror rules and their posts (tables mirror_rules, mirror_destinations, mirror_posts, mirror_post_links). */
import type { Db } from '../db/open';
import type { MirrorLogEntry, MirrorRuleView, MirrorState, RewriteRuleInput } from '../../../shared/api/methods/mirroring';
import { formatPhone } from '../../../shared/phone/format';
import { digitsFromJid } from '../channels/jid';
import type { SeenImage } from '../channels/whatsapp/groups-wire';
import { GroupsStore } from '../groups/groups-store';

export interface RuleRow {
  id: number;
  number_id: number;
  name: string;
  source_kind: 'group' | 'chat';
  source_jid: string;
  rewrites: string;
  dedup_hours: number;
  pace_seconds: number;
  daily_cap: number;
  typing: number;
  paused: number;
  pause_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface RuleFields {
  name: string;
  sourceKind: 'group' | 'chat';
  sourceJid: string;
  destinations: string[];
  rewrites: RewriteRuleInput[];
  dedupHours: number;
  paceSeconds: number;
  dailyCap: number;
  typing: boolean;
}

export interface Rule extends RuleFields {
  id: number;
  numberId: number;
  paused: boolean;
  pauseReason: string | null;
  createdAt: number;
}

export interface PostRow {
  id: number;
  rule_id: number;
  number_id: number;
  source_message_id: string;
  dest_jid: string;
  state: MirrorState;
  reason: string | null;
  content_hash: string;
  text: string;
  image: string | null;
  message_id: string | null;
  day: string;
  due_at: number;
  created_at: number;
  sent_at: number | null;
}

export interface NewPost {
  ruleId: number;
  numberId: number;
  sourceMessageId: string;
  destJid: string;
  state: 'queued' | 'skipped';
  reason: string | null;
  contentHash: string;
  text: string;
  image: SeenImage | null;
  day: string;
  dueAt: number;
  createdAt: number;
  links: string[];
}

/** States that count as "posted" for dedup and the daily cap (it went, may have gone, or will go). */
const LIVE = "('queued', 'sending', 'sent', 'uncertain')";

function toRule(r: RuleRow, destinations: string[]): Rule {
  let rewrites: RewriteRuleInput[] = [];
  try {
    rewrites = JSON.parse(r.rewrites) as RewriteRuleInput[];
  } catch {
    // A damaged list rewrites nothing rather than failing every message.
  }
  return {
    id: r.id,
    numberId: r.number_id,
    name: r.name,
    sourceKind: r.source_kind,
    sourceJid: r.source_jid,
    destinations,
    rewrites,
    dedupHours: r.dedup_hours,
    paceSeconds: r.pace_seconds,
    dailyCap: r.daily_cap,
    typing: r.typing === 1,
    paused: r.paused === 1,
    pauseReason: r.pause_reason,
    createdAt: r.created_at,
  };
}

export class MirrorStore {
  private readonly groups: GroupsStore;

  constructor(private readonly db: Db) {
    this.groups = new GroupsStore(db);
  }

  // --- rules ---

  get(id: number): Rule | undefined {
    const r = this.db.prepare<[number], RuleRow>('SELECT * FROM mirror_rules WHERE id = ?').get(id);
    return r ? toRule(r, this.destinationsOf(r.id)) : undefined;
  }

  all(): Rule[] {
    return this.db
      .prepare<[], RuleRow>('SELECT * FROM mirror_rules ORDER BY name COLLATE NOCASE, id')
      .all()
      .map((r) => toRule(r, this.destinationsOf(r.id)));
  }

  /** The rules of a number whose source is this chat. */
  bySource(numberId: number, sourceJid: string): Rule[] {
    return this.db
      .prepare<[number, string], RuleRow>('SELECT * FROM mirror_rules WHERE number_id = ? AND source_jid = ? ORDER BY id')
      .all(numberId, sourceJid)
      .map((r) => toRule(r, this.destinationsOf(r.id)));
  }

  hasRules(numberId: number): boolean {
    return !!this.db.prepare<[number], { x: number }>('SELECT 1 AS x FROM mirror_rules WHERE number_id = ? LIMIT 1').get(numberId);
  }

  create(numberId: number, f: RuleFields, now: number): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO mirror_rules (number_id, name, source_kind, source_jid, rewrites, dedup_hours, pace_seconds, daily_cap, typing, paused, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
          )
          .run(numberId, f.name, f.sourceKind, f.sourceJid, JSON.stringify(f.rewrites), f.dedupHours, f.paceSeconds, f.dailyCap, f.typing ? 1 : 0, now, now).lastInsertRowid,
      );
      this.setDestinations(id, f.destinations);
      return id;
    })();
  }

  update(id: number, f: RuleFields, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE mirror_rules SET name = ?, source_kind = ?, source_jid = ?, rewrites = ?, dedup_hours = ?, pace_seconds = ?, daily_cap = ?, typing = ?, updated_at = ? WHERE id = ?')
        .run(f.name, f.sourceKind, f.sourceJid, JSON.stringify(f.rewrites), f.dedupHours, f.paceSeconds, f.dailyCap, f.typing ? 1 : 0, now, id);
      this.setDestinations(id, f.destinations);
      // A destination taken out of the rule gets nothing that was still waiting for it.
      this.db
        .prepare("UPDATE mirror_posts SET state = 'skipped', reason = 'removed' WHERE rule_id = ? AND state = 'queued' AND dest_jid NOT IN (SELECT jid FROM mirror_destinations WHERE rule_id = ?)")
        .run(id, id);
    })();
  }

  /** Pauses (skipping what still waits, so nothing stale goes out on resume) or resumes. */
  setPaused(id: number, paused: boolean, reason: string | null, now: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE mirror_rules SET paused = ?, pause_reason = ?, updated_at = ? WHERE id = ?').run(paused ? 1 : 0, paused ? reason : null, now, id);
      if (paused) this.db.prepare("UPDATE mirror_posts SET state = 'skipped', reason = 'paused' WHERE rule_id = ? AND state = 'queued'").run(id);
    })();
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM mirror_rules WHERE id = ?').run(id).changes > 0;
  }

  private destinationsOf(ruleId: number): string[] {
    return this.db.prepare<[number], { jid: string }>('SELECT jid FROM mirror_destinations WHERE rule_id = ? ORDER BY rowid').all(ruleId).map((r) => r.jid);
  }

  private setDestinations(ruleId: number, jids: string[]): void {
    this.db.prepare('DELETE FROM mirror_destinations WHERE rule_id = ?').run(ruleId);
    const add = this.db.prepare('INSERT OR IGNORE INTO mirror_destinations (rule_id, jid) VALUES (?, ?)');
    for (const j of jids) add.run(ruleId, j);
  }

  // --- posts ---

  /** True when this rule already planned this source message for this destination (a replay). */
  planned(ruleId: number, sourceMessageId: string, destJid: string): boolean {
    return !!this.db
      .prepare<[number, string, string], { x: number }>('SELECT 1 AS x FROM mirror_posts WHERE rule_id = ? AND source_message_id = ? AND dest_jid = ?')
      .get(ruleId, sourceMessageId, destJid);
  }

  /** True when the destination got (or will get) the same content or one of these links since `since`. */
  isDuplicate(numberId: number, destJid: string, hash: string, links: string[], since: number): boolean {
    const same = this.db
      .prepare<[number, string, number, string], { x: number }>(`SELECT 1 AS x FROM mirror_posts WHERE number_id = ? AND dest_jid = ? AND created_at >= ? AND state IN ${LIVE} AND content_hash = ? LIMIT 1`)
      .get(numberId, destJid, since, hash);
    if (same) return true;
    if (!links.length) return false;
    return !!this.db
      .prepare<[number, string, string, number], { x: number }>(
        `SELECT 1 AS x FROM mirror_post_links l JOIN mirror_posts p ON p.id = l.post_id
         WHERE l.number_id = ? AND l.dest_jid = ? AND l.link IN (SELECT value FROM json_each(?)) AND p.created_at >= ? AND p.state IN ${LIVE} LIMIT 1`,
      )
      .get(numberId, destJid, JSON.stringify(links), since);
  }

  /** Posts of the rule counted against the cap of `day`. */
  countedOn(ruleId: number, day: string): number {
    return this.db.prepare<[number, string], { n: number }>(`SELECT count(*) AS n FROM mirror_posts WHERE rule_id = ? AND day = ? AND state IN ${LIVE}`).get(ruleId, day)!.n;
  }

  /** When the destination's latest post went (or is planned to go): the pace counts from there. */
  lastPlannedAt(numberId: number, destJid: string): number | null {
    const r = this.db
      .prepare<[number, string], { at: number | null }>(`SELECT max(coalesce(sent_at, due_at)) AS at FROM mirror_posts WHERE number_id = ? AND dest_jid = ? AND state IN ${LIVE}`)
      .get(numberId, destJid);
    return r?.at ?? null;
  }

  insert(p: NewPost): number {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO mirror_posts (rule_id, number_id, source_message_id, dest_jid, state, reason, content_hash, text, image, day, due_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(p.ruleId, p.numberId, p.sourceMessageId, p.destJid, p.state, p.reason, p.contentHash, p.text, p.image ? JSON.stringify(p.image) : null, p.day, p.dueAt, p.createdAt).lastInsertRowid,
    );
    if (p.state === 'queued' && p.links.length) {
      const add = this.db.prepare('INSERT OR IGNORE INTO mirror_post_links (post_id, number_id, dest_jid, link) VALUES (?, ?, ?, ?)');
      for (const l of p.links) add.run(id, p.numberId, p.destJid, l);
    }
    return id;
  }

  /** True when one of our mirrored posts has this WhatsApp id (its echo is not a new offer). */
  isOwnPost(messageId: string): boolean {
    return !!this.db.prepare<[string], { x: number }>('SELECT 1 AS x FROM mirror_posts WHERE message_id = ?').get(messageId);
  }

  /** The earliest queued post of an unpaused rule. */
  nextDue(): { id: number; due_at: number } | undefined {
    return this.db
      .prepare<[], { id: number; due_at: number }>(
        "SELECT p.id, p.due_at FROM mirror_posts p JOIN mirror_rules r ON r.id = p.rule_id WHERE p.state = 'queued' AND r.paused = 0 ORDER BY p.due_at, p.id LIMIT 1",
      )
      .get();
  }

  post(id: number): PostRow | undefined {
    return this.db.prepare<[number], PostRow>('SELECT * FROM mirror_posts WHERE id = ?').get(id);
  }

  /** queued → sending with the message id, committed before the channel sees the message. */
  claim(id: number, messageId: string): boolean {
    return this.db.prepare("UPDATE mirror_posts SET state = 'sending', message_id = ? WHERE id = ? AND state = 'queued'").run(messageId, id).changes === 1;
  }

  finish(id: number, state: 'sent' | 'failed' | 'uncertain', reason: string | null, at: number | null): void {
    this.db.prepare('UPDATE mirror_posts SET state = ?, reason = ?, sent_at = coalesce(?, sent_at) WHERE id = ?').run(state, reason, at, id);
  }

  /** A post that may not go now: back to waiting until `dueAt`. */
  postpone(id: number, dueAt: number): void {
    this.db.prepare("UPDATE mirror_posts SET due_at = ? WHERE id = ? AND state = 'queued'").run(dueAt, id);
  }

  /** Not posted, and never will be: `reason` says why (the number's cap, the plan). */
  skip(id: number, reason: string): void {
    this.db.prepare("UPDATE mirror_posts SET state = 'skipped', reason = ? WHERE id = ? AND state = 'queued'").run(reason, id);
  }

  /** Failed before it was claimed (the group is gone, admins only). */
  fail(id: number, reason: string): void {
    this.db.prepare("UPDATE mirror_posts SET state = 'failed', reason = ? WHERE id = ? AND state = 'queued'").run(reason, id);
  }

  /**
   * At start: a post left in `sending` may have reached WhatsApp before the app stopped. It is
   * never sent again automatically (a group seeing the same offer twice is worse than once missed).
   */
  settleInterrupted(): number[] {
    const rows = this.db.prepare<[], { rule_id: number }>("SELECT DISTINCT rule_id FROM mirror_posts WHERE state = 'sending'").all();
    this.db.prepare("UPDATE mirror_posts SET state = 'uncertain', reason = 'interrupted' WHERE state = 'sending'").run();
    return rows.map((r) => r.rule_id);
  }

  // --- views ---

  view(rule: Rule, today: string): MirrorRuleView {
    const number = this.db.prepare<[number], { label: string }>('SELECT label FROM numbers WHERE id = ?').get(rule.numberId);
    const stats = this.db
      .prepare<[number], { queued: number; last: number | null }>("SELECT count(*) FILTER (WHERE state = 'queued') AS queued, max(sent_at) AS last FROM mirror_posts WHERE rule_id = ?")
      .get(rule.id)!;
    return {
      id: rule.id,
      name: rule.name,
      numberId: rule.numberId,
      numberLabel: number?.label ?? '',
      source: { kind: rule.sourceKind, jid: rule.sourceJid, name: this.chatName(rule.numberId, rule.sourceJid) },
      destinations: rule.destinations.map((jid) => {
        const g = this.groups.get(rule.numberId, jid);
        return { jid, name: g?.subject || jid, canPost: !!g && !g.left && g.canPost };
      }),
      rewrites: rule.rewrites,
      dedupHours: rule.dedupHours,
      paceSeconds: rule.paceSeconds,
      dailyCap: rule.dailyCap,
      typing: rule.typing,
      paused: rule.paused,
      pauseReason: rule.pauseReason,
      postedToday: this.countedOn(rule.id, today),
      queued: stats.queued,
      lastAt: stats.last,
      createdAt: rule.createdAt,
    };
  }

  log(rule: Rule, limit: number): MirrorLogEntry[] {
    const rows = this.db.prepare<[number, number], PostRow>('SELECT * FROM mirror_posts WHERE rule_id = ? ORDER BY id DESC LIMIT ?').all(rule.id, limit);
    const names = new Map<string, string>();
    return rows.map((r) => {
      let name = names.get(r.dest_jid);
      if (name === undefined) {
        name = this.chatName(rule.numberId, r.dest_jid);
        names.set(r.dest_jid, name);
      }
      return {
        id: r.id,
        at: r.created_at,
        destJid: r.dest_jid,
        destName: name,
        state: r.state,
        reason: r.reason,
        text: r.text.length > 280 ? `${r.text.slice(0, 279)}…` : r.text,
        image: r.image !== null,
        sentAt: r.sent_at,
      };
    });
  }

  /** A group's name, or a chat's phone as people write it. */
  chatName(numberId: number, jid: string): string {
    const g = this.groups.get(numberId, jid);
    if (g) return g.subject || jid;
    const digits = digitsFromJid(jid);
    return digits ? formatPhone(`+${digits}`) : jid;
  }
}
