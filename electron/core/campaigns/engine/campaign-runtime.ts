/**
 * What the engine keeps in memory for a scheduled or running campaign: its parsed templates,
 * sending window (with the open span cached: checking a window costs time-zone math), the
 * variation counts, rotation cursor and fairness bookkeeping. Everything here can be rebuilt
 * from the database at any time.
 */
import path from 'node:path';
import { parseTemplate, renderMessageText, pickVariation, type TemplateAst, type TemplateNode } from '../../../../shared/template';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { LocationPin } from '../../../../shared/messages/location';
import type { Attachment, OutgoingMessage, TemplateMessage } from '../../channels/types';
import { instanceAt, nextOpen, type SendingWindow } from '../schedule';
import type { PlannedSend } from '../pacing';
import { CompiledTemplate } from '../../channels/cloud/template-render';
import { templateContactOf } from '../../leads/contact-fields';

/** Sends remembered for the real pace (see results/pace.ts). */
const RECENT_SENDS = 30;

export interface CampaignRecord {
  id: number;
  name: string;
  status: 'scheduled' | 'running';
  seed: string;
  draft: CampaignDraft;
}

export interface ContactForRender {
  name: string | null;
  first_name: string | null;
  phone_key: string;
  fields: string | null;
}

interface CompiledVariation {
  ast: TemplateAst;
  attachment: Attachment | undefined;
  location: LocationPin | undefined;
}

function collectVariables(nodes: TemplateNode[], out: Set<string>): void {
  for (const n of nodes) {
    if (n.type === 'variable') {
      out.add(n.key);
      if (n.fallback) collectVariables(n.fallback, out);
    } else if (n.type === 'spin') {
      for (const o of n.options) collectVariables(o, out);
    }
  }
}

export function windowOf(draft: CampaignDraft): SendingWindow {
  const s = draft.schedule;
  return {
    timeZone: s.timeZone,
    days: s.days,
    start: s.start,
    end: s.end,
    skipHolidays: s.skipHolidays,
    ...(s.startAt !== null ? { startAt: s.startAt } : {}),
    ...(s.endAt !== null ? { endAt: s.endAt } : {}),
  };
}

export class CampaignRuntime {
  readonly id: number;
  readonly name: string;
  readonly seed: string;
  readonly draft: CampaignDraft;
  readonly window: SendingWindow;
  /** The numbers serving the campaign: its own, or its fallback Cloud number once that took over. */
  numberIds: number[];
  /** The approved template a Cloud API campaign sends (channel 'cloud'). */
  readonly template: CompiledTemplate | null;
  /** A WhatsApp Web campaign's plan B: the Cloud number's template, used once `fallbackActive`. */
  readonly fallbackTemplate: CompiledTemplate | null;
  fallbackActive = false;
  status: 'scheduled' | 'running';
  /** Min next_attempt_at of queued deliveries (0 = due now); null when nothing is queued. */
  nextDueAt: number | null = null;
  /** Last number picked (pickNumber round-robin cursor). */
  cursor: string | null = null;
  variationCounts: number[];
  /** Per number: when it last sent for this campaign (fair interleaving). */
  readonly lastServedBy = new Map<number, number>();
  sentCount = 0;
  consecutiveFailures = 0;
  /** Latest plan per number, for the "waiting" line. */
  readonly plans = new Map<number, PlannedSend | null>();
  /** Deliveries of this campaign currently being worked on by a number. */
  inFlight = 0;
  /** When the latest sends of this run were claimed (oldest first), to measure the real pace. */
  readonly recentSends: number[] = [];
  private readonly variations: CompiledVariation[];
  private readonly knownVariables: string[];
  private openSpan: { from: number; until: number } | null = null;

  constructor(rec: CampaignRecord, attachmentsDir: string, variationCounts: number[]) {
    this.id = rec.id;
    this.name = rec.name;
    this.seed = rec.seed;
    this.draft = rec.draft;
    this.status = rec.status;
    this.window = windowOf(rec.draft);
    this.numberIds = [...new Set(rec.draft.numberIds)];
    const d = rec.draft;
    this.template = d.channel === 'cloud' && d.cloudTemplate ? new CompiledTemplate(d.cloudTemplate, attachmentsDir) : null;
    this.fallbackTemplate = d.channel !== 'cloud' && d.fallback ? new CompiledTemplate(d.fallback.template, attachmentsDir, true) : null;
    const vars = new Set<string>();
    this.variations = rec.draft.messages.variations.map((v) => {
      const ast = parseTemplate(v.text).ast;
      collectVariables(ast.nodes, vars);
      const a = v.attachment;
      const attachment: Attachment | undefined = a
        ? { kind: a.kind, path: path.join(attachmentsDir, a.sha256), mimeType: a.mimeType, fileName: a.fileName, ...(a.voiceNote ? { ptt: true } : {}) }
        : undefined;
      return { ast, attachment, location: v.location ?? undefined };
    });
    // Variables the templates use are "known": a contact without that column renders it empty.
    this.knownVariables = [...vars];
    this.variationCounts = this.variations.map((_, i) => variationCounts[i] ?? 0);
  }

  get startAt(): number | null {
    return this.draft.schedule.startAt;
  }

  /** Like `nextOpen` of the schedule module, remembering the current open span. */
  nextOpen(t: number): number | null {
    const s = this.openSpan;
    if (s && t >= s.from && t < s.until) return t;
    const open = nextOpen(this.window, t);
    if (open === t) {
      // The current instance is enough (windowCloseAt would merge a year of instances).
      const inst = instanceAt(this.window, t);
      const close = inst ? Math.min(inst.endMs, this.window.endAt ?? Infinity) : null;
      if (close !== null && close > t) this.openSpan = { from: t, until: close };
    }
    return open;
  }

  /** Remembers a send's instant (the last RECENT_SENDS only). */
  noteSend(at: number): void {
    this.recentSends.push(at);
    if (this.recentSends.length > RECENT_SENDS) this.recentSends.shift();
  }

  /** The template a number of this kind sends for this campaign; null: free-form text (Web, Simulator). */
  templateFor(kind: string): CompiledTemplate | null {
    if (kind !== 'cloud') return null;
    return this.template ?? (this.fallbackActive ? this.fallbackTemplate : null);
  }

  /** Moves the remaining contacts to the fallback Cloud number. */
  activateFallback(): void {
    if (!this.fallbackTemplate) return;
    this.fallbackActive = true;
    this.numberIds = [this.fallbackTemplate.numberId];
  }

  /** What goes with the text of a variation: a file, a map pin, or nothing. */
  extrasOf(variation: number): Pick<OutgoingMessage, 'attachment' | 'location'> {
    const v = this.variations[variation];
    if (v?.attachment) return { attachment: v.attachment };
    return v?.location ? { location: v.location } : {};
  }

  /**
   * The message a channel gets (a campaign send and a test send alike): the rendered text with
   * the approved template on Cloud, or with the variation's file or map pin.
   */
  outgoing(m: { messageId: string; jid: string; text: string; variation: number; template?: TemplateMessage; campaignId?: number }): OutgoingMessage {
    const msg: OutgoingMessage = { messageId: m.messageId, jid: m.jid, text: m.text, linkPreview: this.draft.messages.linkPreview };
    if (m.campaignId !== undefined) msg.campaignId = m.campaignId;
    if (m.template) msg.template = m.template;
    else Object.assign(msg, this.extrasOf(m.variation));
    return msg;
  }

  /** Picks the variation and renders the exact text for one delivery (deterministic per campaign seed + delivery id). */
  render(deliveryId: number, contact: ContactForRender, now: number, variation?: number): { variation: number; text: string } {
    const seed = `${this.seed}:${deliveryId}`;
    const idx = variation ?? Math.max(0, pickVariation(this.draft.messages.strategy, this.variationCounts, seed));
    const v = this.variations[idx] ?? this.variations[0];
    const ctx = { contact: templateContactOf(contact), now: new Date(now), timeZone: this.draft.schedule.timeZone, knownVariables: this.knownVariables };
    // Groups get no opt-out footer: nobody leaves a group by replying SAIR in it (issue 19).
    const text = renderMessageText(v.ast, ctx, seed, this.draft.audience.groups ? null : this.draft.messages.optOut);
    return { variation: idx, text };
  }
}
