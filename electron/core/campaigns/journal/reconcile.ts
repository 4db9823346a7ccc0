/**
 * Reconciles the database against the send journal, at every start and after a restore:
 * - every journalled send the database does not know about becomes `sent` (the channel accepted
 *   it) or `uncertain` (it was handed to the channel, nothing more is known), never `queued`;
 * - a delivery left in `sending` whose message was never journalled goes back to the queue: it
 *   never reached the channel (the journal is written before every send);
 * - after a restore, every running or scheduled campaign comes back paused with a notice saying
 *   what was reconciled; without a restore, a campaign whose database was behind the journal
 *   (queued rows the journal knows were sent) is paused the same way.
 * Everything runs in the caller's transaction.
 */
import type { Db } from '../../db/open';
import type { DeliveryStore } from '../deliveries/delivery-store';
import type { DeliveryState } from '../deliveries/states';
import type { ResolvedSend } from './format';

export const RECONCILE_PAUSE_CODES = {
  /** A backup was restored: check before resuming. */
  restored: 'restored',
  /** The database was behind the journal without a restore (lost commits, a copied file). */
  journalAhead: 'journal_ahead',
} as const;

export const RECONCILE_CODES = {
  /** Left in `sending` by a crash and journalled: it may have gone out. */
  crash: 'CRASH_UNCERTAIN',
  /** Journalled after the state the database holds (a restore): it may have gone out. */
  journal: 'JOURNAL_UNCERTAIN',
} as const;

export const UNCERTAIN_CRASH_REASON = 'O Recado foi fechado durante o envio; não dá para saber se a mensagem saiu. Ela não será reenviada automaticamente.';
export const UNCERTAIN_JOURNAL_REASON =
  'O diário de envios mostra que esta mensagem foi entregue ao WhatsApp depois do estado que o banco de dados guarda (por exemplo, depois do backup restaurado), mas não se ela saiu. Ela não será reenviada automaticamente.';

export interface CampaignRef {
  id: number;
  uid: string;
  name: string;
  status: string;
}

export interface CampaignReconciliation {
  id: number;
  name: string;
  /** Deliveries the journal turned into `sent`. */
  sent: number;
  /** Deliveries the journal turned into `uncertain`. */
  uncertain: number;
  /** Claims that never reached the channel, back in the queue. */
  requeued: number;
  /** Of sent + uncertain, those the database had as queued/failed/uncertain (it was behind the journal). */
  behind: number;
  /** Set when this reconciliation paused the campaign (pt-BR reason, as stored). */
  pausedReason: string | null;
}

export interface ReconcileReport {
  restored: boolean;
  campaigns: CampaignReconciliation[];
  /** Campaign ids whose deliveries changed. */
  touched: number[];
  totals: { sent: number; uncertain: number; requeued: number };
}

export interface ReconcileOptions {
  /** A restore was applied at this start. */
  restored: boolean;
  /**
   * The journal existed before this start. When it did not (first start of this version, or
   * the file was deleted), nothing proves a claim never reached the channel: rows left in
   * `sending` become `uncertain`, as before the journal.
   */
  journalExisted: boolean;
  now: number;
  /**
   * Also settle every other delivery left in `sending` (default). Off when reconciling one
   * campaign while others are sending: their claims are live, not leftovers of a crash.
   */
  sweepSending?: boolean;
  /** Pause campaigns as described above (default). */
  pauses?: boolean;
}

const ACTIVE = new Set(['running', 'scheduled']);

/** Whether a delivery in `state` should take the journal's word (`target`). */
function needsFix(state: DeliveryState, sameMessage: boolean, target: 'sent' | 'uncertain'): boolean {
  switch (state) {
    case 'queued':
    case 'sending':
      return true;
    case 'uncertain':
      return target === 'sent';
    case 'failed':
      // The database recorded this very send's failure (a receipt, an unknown error): it knows more.
      return !sameMessage;
    default:
      return false;
  }
}

function latest(list: ResolvedSend[]): ResolvedSend | null {
  let best: ResolvedSend | null = null;
  for (const s of list) if (!best || s.at > best.at) best = s;
  return best;
}

interface Row {
  id: number;
  state: DeliveryState;
  message_id: string | null;
}

export function reconcile(db: Db, store: DeliveryStore, sends: Map<string, ResolvedSend>, campaigns: CampaignRef[], opts: ReconcileOptions): ReconcileReport {
  const byUid = new Map(campaigns.map((c) => [c.uid, c]));
  const perCampaign = new Map<string, ResolvedSend[]>();
  for (const s of sends.values()) {
    if (!byUid.has(s.campaign)) continue; // a campaign this database does not have
    let list = perCampaign.get(s.campaign);
    if (!list) perCampaign.set(s.campaign, (list = []));
    list.push(s);
  }
  const results = new Map<number, CampaignReconciliation>();
  const result = (c: CampaignRef) => {
    let r = results.get(c.id);
    if (!r) results.set(c.id, (r = { id: c.id, name: c.name, sent: 0, uncertain: 0, requeued: 0, behind: 0, pausedReason: null }));
    return r;
  };
  const handled = new Set<number>();
  const numberExists = db.prepare<[number], { one: number }>('SELECT 1 AS one FROM numbers WHERE id = ?');
  const known = db.prepare<[number], [string, DeliveryState]>(`SELECT message_id, state FROM deliveries WHERE campaign_id = ? AND message_id IS NOT NULL`).raw(true);
  const byPhone = db.prepare<[number, string], Row>(
    `SELECT d.id, d.state, d.message_id FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = ? AND c.phone_key = ?`,
  );
  // A group delivery (issue 19) is journalled under its group's jid instead of a phone.
  const byGroup = db.prepare<[number, string], Row>('SELECT id, state, message_id FROM deliveries WHERE campaign_id = ? AND group_jid = ?');
  const byMessage = db.prepare<[number, string], Row>('SELECT id, state, message_id FROM deliveries WHERE campaign_id = ? AND message_id = ?');

  for (const [uid, list] of perCampaign) {
    const c = byUid.get(uid)!;
    const knownStates = new Map(known.all(c.id));
    const groups = new Map<string, ResolvedSend[]>();
    for (const s of list) {
      let g = groups.get(s.phone);
      if (!g) groups.set(s.phone, (g = []));
      g.push(s);
    }
    for (const [phone, group] of groups) {
      const best = latest(group.filter((s) => s.outcome === 'sent')) ?? latest(group.filter((s) => s.outcome === 'unknown'));
      const target = best?.outcome === 'sent' ? 'sent' : 'uncertain';
      // Fast path: the database already holds this send's fate (the usual case at a plain start).
      if (best) {
        const st = knownStates.get(best.messageId);
        if (st !== undefined && !needsFix(st, true, target)) continue;
      } else if (!group.some((s) => knownStates.get(s.messageId) === 'sending')) {
        continue;
      }
      let row = phone.endsWith('@g.us') ? byGroup.get(c.id, phone) : byPhone.get(c.id, phone);
      if (!row) {
        for (const s of group) {
          row = byMessage.get(c.id, s.messageId);
          if (row) break;
        }
      }
      if (!row) continue;
      if (!best) {
        // Every journalled send of this contact was recorded as never having left.
        if (row.state === 'sending' && group.some((s) => s.messageId === row.message_id)) {
          if (store.applyJournal(row.id, ['sending'], { state: 'queued' })) result(c).requeued++;
          handled.add(row.id);
        }
        continue;
      }
      if (!needsFix(row.state, row.message_id === best.messageId, target)) {
        handled.add(row.id);
        continue;
      }
      const fromSending = row.state === 'sending';
      const fixed = store.applyJournal(row.id, [row.state], {
        state: target,
        messageId: best.messageId,
        numberId: best.numberId !== null && numberExists.get(best.numberId) ? best.numberId : null,
        variation: best.variation,
        at: best.at,
        ...(target === 'sent'
          ? { sentAt: best.outcomeAt ?? best.at }
          : fromSending
            ? { code: RECONCILE_CODES.crash, reason: UNCERTAIN_CRASH_REASON }
            : { code: RECONCILE_CODES.journal, reason: UNCERTAIN_JOURNAL_REASON }),
      });
      handled.add(row.id);
      if (!fixed) continue;
      const r = result(c);
      if (target === 'sent') r.sent++;
      else r.uncertain++;
      if (!fromSending) r.behind++;
    }
  }

  // Claims left in `sending` that the journal says nothing about never reached the channel.
  const byId = new Map(campaigns.map((c) => [c.id, c]));
  const leftover =
    opts.sweepSending === false ? [] : db.prepare<[], { id: number; campaign_id: number; message_id: string | null }>(`SELECT id, campaign_id, message_id FROM deliveries WHERE state = 'sending'`).all();
  for (const d of leftover) {
    if (handled.has(d.id)) continue;
    const c = byId.get(d.campaign_id);
    const s = d.message_id ? sends.get(d.message_id) : undefined;
    const maybeSent = !opts.journalExisted || (s !== undefined && s.outcome !== 'not_sent');
    if (maybeSent) {
      if (store.applyJournal(d.id, ['sending'], { state: 'uncertain', messageId: d.message_id ?? '', numberId: null, variation: null, at: opts.now, code: RECONCILE_CODES.crash, reason: UNCERTAIN_CRASH_REASON }) && c) {
        result(c).uncertain++;
      }
    } else if (store.applyJournal(d.id, ['sending'], { state: 'queued' }) && c) {
      result(c).requeued++;
    }
  }

  // Pauses: every active campaign after a restore; without one, those the database was behind on.
  // pause_params: the counts the text names, so the interface can say it in another language.
  const pause = db.prepare(`UPDATE campaigns SET status = 'paused', pause_code = ?, pause_reason = ?, pause_params = ?, updated_at = ? WHERE id = ?`);
  for (const c of opts.pauses === false ? [] : campaigns) {
    const r = results.get(c.id);
    const active = ACTIVE.has(c.status);
    if (opts.restored) {
      if (!active && !(c.status === 'paused' && r && r.behind > 0)) continue;
      const reason = restoredReason(r?.sent ?? 0, r?.uncertain ?? 0);
      pause.run(RECONCILE_PAUSE_CODES.restored, reason, JSON.stringify({ sent: r?.sent ?? 0, uncertain: r?.uncertain ?? 0 }), opts.now, c.id);
      result(c).pausedReason = reason;
    } else if (active && r && r.behind > 0) {
      const reason = journalAheadReason(r.sent, r.uncertain);
      pause.run(RECONCILE_PAUSE_CODES.journalAhead, reason, JSON.stringify({ sent: r.sent, uncertain: r.uncertain }), opts.now, c.id);
      r.pausedReason = reason;
    }
  }

  const list = [...results.values()].filter((r) => r.sent || r.uncertain || r.requeued || r.pausedReason);
  return {
    restored: opts.restored,
    campaigns: list,
    touched: list.filter((r) => r.sent || r.uncertain || r.requeued).map((r) => r.id),
    totals: list.reduce((t, r) => ({ sent: t.sent + r.sent, uncertain: t.uncertain + r.uncertain, requeued: t.requeued + r.requeued }), { sent: 0, uncertain: 0, requeued: 0 }),
  };
}

// ---------------------------------------------------------------- pt-BR notices

const n = (v: number) => v.toLocaleString('pt-BR');

/** "37 envios feitos depois do backup foram marcados como enviados" (and the uncertain ones). */
export function reconciledSummary(sent: number, uncertain: number, when = 'depois do backup'): string {
  const parts: string[] = [];
  if (sent > 0) {
    parts.push(sent === 1 ? `1 envio feito ${when} foi marcado como enviado` : `${n(sent)} envios feitos ${when} foram marcados como enviados`);
  }
  if (uncertain > 0) {
    parts.push(
      uncertain === 1
        ? `1 envio que pode ter saído ${when} foi marcado como incerto e não será reenviado automaticamente`
        : `${n(uncertain)} envios que podem ter saído ${when} foram marcados como incertos e não serão reenviados automaticamente`,
    );
  }
  return parts.join('; ');
}

export function restoredReason(sent: number, uncertain: number): string {
  const what = reconciledSummary(sent, uncertain);
  const head = what ? `Backup restaurado: ${what}.` : 'Backup restaurado: nenhum envio desta campanha foi feito depois do backup.';
  return `${head} A campanha foi pausada para você conferir; ao retomar, quem já recebeu não recebe de novo.`;
}

export function journalAheadReason(sent: number, uncertain: number): string {
  const what = reconciledSummary(sent, uncertain, 'sem registro no banco de dados');
  return `O banco de dados do Recado estava atrasado em relação ao diário de envios: ${what}. A campanha foi pausada para você conferir; ao retomar, quem já recebeu não recebe de novo.`;
}
