/**
 * Closed deals as a ledger (+1 / -1 rows): "negócio fechado" on a reply, or the +/- buttons of
 * a campaign. campaign_results.closed_deals and revenue_cents follow through triggers in the same
 * transaction (revenue = delta × value). A reply counts at most once; a campaign never goes below
 * zero. Taking a deal back writes -1 with the value of the deal it cancels, so revenue returns
 * exactly to what it was.
 */
import type { Db } from '../db/open';
import { ApiError } from '../../../shared/api/errors';
import type { DealOutcome } from '../../../shared/api/methods/results';

interface InboundRef {
  id: number;
  campaign_id: number | null;
  contact_id: number | null;
}

export class DealsStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Net deals recorded on a reply (0 or 1). */
  replyDeals(inboundId: number): number {
    return this.db.prepare<[number], { n: number | null }>('SELECT sum(delta) AS n FROM deals WHERE inbound_id = ?').get(inboundId)?.n ?? 0;
  }

  closedDeals(campaignId: number): number {
    return Math.max(0, this.db.prepare<[number], { n: number }>('SELECT closed_deals AS n FROM campaign_results WHERE campaign_id = ?').get(campaignId)?.n ?? 0);
  }

  add(input: { campaignId?: number; contactId?: number; inboundId?: number; note?: string; valueCents?: number }): DealOutcome {
    return this.db.transaction(() => {
      let campaignId = input.campaignId ?? null;
      let contactId = input.contactId ?? null;
      const inboundId = input.inboundId ?? null;
      if (inboundId !== null) {
        const ref = this.inbound(inboundId);
        if (this.replyDeals(inboundId) > 0) throw new ApiError('deals.already_closed', 'Esta resposta já está marcada como negócio fechado.');
        campaignId ??= ref.campaign_id;
        contactId ??= ref.contact_id;
      } else if (campaignId === null) {
        throw new ApiError('deals.target_required', 'Escolha uma campanha ou uma resposta para registrar o negócio fechado.');
      }
      if (campaignId !== null) this.assertCampaign(campaignId);
      if (contactId !== null && !this.db.prepare('SELECT 1 FROM contacts WHERE id = ?').get(contactId)) contactId = null;
      this.insert(campaignId, contactId, inboundId, 1, input.note ?? null, input.valueCents ?? null);
      return this.outcome(campaignId, inboundId);
    })();
  }

  remove(input: { campaignId?: number; inboundId?: number }): DealOutcome {
    return this.db.transaction(() => {
      if (input.inboundId !== undefined) {
        const ref = this.inbound(input.inboundId);
        if (this.replyDeals(ref.id) <= 0) throw new ApiError('deals.not_closed', 'Esta resposta não está marcada como negócio fechado.');
        // Take it back from the campaign it was counted in.
        const last = this.db
          .prepare<[number], { campaign_id: number | null; contact_id: number | null; value_cents: number | null }>(
            'SELECT campaign_id, contact_id, value_cents FROM deals WHERE inbound_id = ? AND delta = 1 ORDER BY id DESC LIMIT 1',
          )
          .get(ref.id);
        this.insert(last?.campaign_id ?? null, last?.contact_id ?? null, ref.id, -1, null, last?.value_cents ?? null);
        return this.outcome(last?.campaign_id ?? null, ref.id);
      }
      if (input.campaignId === undefined) throw new ApiError('deals.target_required', 'Escolha uma campanha ou uma resposta para desfazer o negócio fechado.', undefined, { variant: 'remove' });
      const campaignId = input.campaignId;
      this.assertCampaign(campaignId);
      // The most recent deal still standing: a manual one (no reply) or a reply's.
      const open = this.db
        .prepare<[number], { inbound_id: number | null; contact_id: number | null }>(
          `SELECT inbound_id, max(contact_id) AS contact_id FROM deals WHERE campaign_id = ? GROUP BY inbound_id HAVING sum(delta) > 0 ORDER BY max(id) DESC LIMIT 1`,
        )
        .get(campaignId);
      if (!open) throw new ApiError('deals.none_to_remove', 'Esta campanha não tem negócios fechados para desfazer.');
      // The newest +1 of that group not yet cancelled: its value is what comes off the revenue.
      const value = this.newestOpenValue(campaignId, open.inbound_id);
      this.insert(campaignId, open.contact_id, open.inbound_id, -1, null, value);
      return this.outcome(campaignId, open.inbound_id);
    })();
  }

  private insert(campaignId: number | null, contactId: number | null, inboundId: number | null, delta: 1 | -1, note: string | null, valueCents: number | null): void {
    this.db
      .prepare('INSERT INTO deals (campaign_id, contact_id, inbound_id, delta, note, value_cents, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(campaignId, contactId, inboundId, delta, note, valueCents, this.now());
  }

  /**
   * The value of the newest deal of a group still standing: walk the group's rows from newest,
   * each -1 cancelling the newest +1 of the same value before it (the ledger is append-only).
   */
  private newestOpenValue(campaignId: number, inboundId: number | null): number | null {
    const rows = this.db
      .prepare<[number, number | null], { delta: number; value_cents: number | null }>(
        'SELECT delta, value_cents FROM deals WHERE campaign_id = ? AND inbound_id IS ? ORDER BY id',
      )
      .all(campaignId, inboundId);
    const standing: Array<number | null> = [];
    for (const r of rows) {
      if (r.delta > 0) standing.push(r.value_cents);
      else {
        const i = standing.lastIndexOf(r.value_cents);
        standing.splice(i >= 0 ? i : standing.length - 1, 1);
      }
    }
    return standing.at(-1) ?? null;
  }

  /** The campaign's revenue (centavos). */
  revenue(campaignId: number): number {
    return Math.max(0, this.db.prepare<[number], { n: number }>('SELECT revenue_cents AS n FROM campaign_results WHERE campaign_id = ?').get(campaignId)?.n ?? 0);
  }

  private inbound(id: number): InboundRef {
    const ref = this.db.prepare<[number], InboundRef>('SELECT id, campaign_id, contact_id FROM inbound_messages WHERE id = ?').get(id);
    if (!ref) throw new ApiError('deals.reply_not_found', 'Esta resposta não existe mais. Atualize a caixa de respostas.');
    return ref;
  }

  private assertCampaign(id: number): void {
    if (!this.db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(id)) {
      throw new ApiError('campaigns.not_found', `A campanha ${id} não existe mais. Atualize a lista de campanhas.`, undefined, { id });
    }
  }

  private outcome(campaignId: number | null, inboundId: number | null): DealOutcome {
    return {
      campaignId,
      inboundId,
      closedDeals: campaignId !== null ? this.closedDeals(campaignId) : null,
      revenueCents: campaignId !== null ? this.revenue(campaignId) : null,
      dealClosed: inboundId !== null ? this.replyDeals(inboundId) > 0 : false,
    };
  }
}
