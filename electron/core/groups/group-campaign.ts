/**
 * Campaigns sent to groups (issue 19 b), as the engine's hooks call them: the audience (contacts or
 * groups), the start checks, and the send-time check that the group still takes the message.
 * A group delivery has no contact: no opt-out, consent or frequency cap applies to it (the group
 * is the user's own audience), while pacing, windows, caps, the plan and the send journal do.
 */
import type { Db } from '../db/open';
import type { CampaignAudience, CampaignDraft } from '../../../shared/campaigns/schema';
import type { CounterWriter } from '../campaigns/deliveries/counters';
import { ApiError } from '../../../shared/api/errors';
import { materializeDeliveries, previewAudience, type AudiencePreview } from '../campaigns/audience/audience';
import { materializeGroupDeliveries, previewGroupAudience } from './group-audience';

export const GROUP_SKIP = {
  notMember: { code: 'GROUP_NOT_MEMBER', reason: 'O número não está mais neste grupo.' },
  adminsOnly: { code: 'GROUP_ADMINS_ONLY', reason: 'Só administradores podem enviar neste grupo.' },
  wrongNumber: { code: 'GROUP_WRONG_NUMBER', reason: 'Este grupo é de outro número; a mensagem não foi enviada por este.' },
} as const;

/** The wizard's counts: for groups, "in lists" is the groups chosen and "final" those that take posts. */
export function previewCampaignAudience(db: Db, audience: CampaignAudience, now: number): AudiencePreview {
  if (!audience.groups) return previewAudience(db, audience, now);
  const p = previewGroupAudience(db, audience.groups.numberId, audience.groups.jids);
  return { inLists: p.accepted.length + p.skipped.length, optedOut: 0, invalid: p.skipped.length, recentlyMessaged: 0, final: p.accepted.length };
}

export function materializeCampaignAudience(db: Db, counters: CounterWriter, campaignId: number, audience: CampaignAudience, now: number): number {
  if (!audience.groups) return materializeDeliveries(db, counters, campaignId, audience, now);
  return materializeGroupDeliveries(db, counters, campaignId, audience.groups.numberId, audience.groups.jids, now);
}

/** Start/resume checks of a group campaign: its one number is the groups' number, on WhatsApp Web. */
export function validateGroupCampaign(db: Db, draft: CampaignDraft): void {
  const g = draft.audience.groups;
  if (!g) return;
  if (g.jids.length === 0) throw new ApiError('campaigns.no_groups', 'Escolha ao menos um grupo para a campanha no passo Público.');
  if (draft.numberIds.length !== 1 || draft.numberIds[0] !== g.numberId) {
    throw new ApiError('campaigns.group_number', 'Uma campanha para grupos envia só pelo número que está nesses grupos. Escolha esse número no passo Números.');
  }
  const n = db.prepare<[number], { kind: string }>('SELECT kind FROM numbers WHERE id = ?').get(g.numberId);
  if (n && n.kind !== 'whatsapp') {
    throw new ApiError('campaigns.group_channel', 'Só números do WhatsApp (conectados pelo QR ou código) enviam para grupos.');
  }
}

/** Why this group delivery may not go out through `numberId` now, or null when it may. */
export function groupSendBlock(db: Db, campaignNumberId: number | undefined, numberId: number, jid: string): { code: string; reason: string } | null {
  if (campaignNumberId !== undefined && campaignNumberId !== numberId) return GROUP_SKIP.wrongNumber;
  const p = previewGroupAudience(db, numberId, [jid]);
  if (p.accepted.length === 1) return null;
  return p.skipped[0]?.reason === 'admins_only' ? GROUP_SKIP.adminsOnly : GROUP_SKIP.notMember;
}

/**
 * A message from a group: never a reply to a campaign, an opt-out or the assistant's business.
 * Channels already keep groups out of `inbound`; the engine checks again in case one does not.
 */
export function isGroupInbound(ev: { jid: string | null }): boolean {
  return !!ev.jid && ev.jid.endsWith('@g.us');
}
