/** Reading a campaign's stored document and its numbers for results (never writes). */
import type { Db } from '../db/open';
import { ApiError } from '../../../shared/api/errors';
import { campaignDraftSchema, defaultCampaignDraft, type CampaignDraft, type CampaignStatus } from '../../../shared/campaigns/schema';

export interface CampaignHead {
  id: number;
  name: string;
  status: CampaignStatus;
  draft: string;
  started_at: number | null;
  finished_at: number | null;
}

export function campaignNotFound(id: number): ApiError {
  return new ApiError('campaigns.not_found', `A campanha ${id} não existe mais. Atualize a lista de campanhas.`, undefined, { id });
}

/** The stored draft, with fields added by newer versions filled with their defaults. */
export function parseDraft(json: string): CampaignDraft {
  let stored: Partial<CampaignDraft> = {};
  try {
    stored = JSON.parse(json) as Partial<CampaignDraft>;
  } catch {
    // A damaged document still gets a report with the defaults.
  }
  const merged = { ...defaultCampaignDraft(), ...stored };
  const parsed = campaignDraftSchema.safeParse(merged);
  return parsed.success ? parsed.data : merged;
}

export interface NumberKindRow {
  id: number;
  kind: 'simulator' | 'whatsapp';
  label: string;
  flagged_at: number | null;
}

/** The campaign's numbers that still exist; `simulated` when any of them is a Simulator. */
export function campaignNumbers(db: Db, draft: CampaignDraft): { rows: NumberKindRow[]; simulated: boolean } {
  if (!draft.numberIds.length) return { rows: [], simulated: false };
  const marks = draft.numberIds.map(() => '?').join(', ');
  const rows = db.prepare<number[], NumberKindRow>(`SELECT id, kind, label, flagged_at FROM numbers WHERE id IN (${marks})`).all(...draft.numberIds);
  return { rows, simulated: rows.some((r) => r.kind === 'simulator') };
}
