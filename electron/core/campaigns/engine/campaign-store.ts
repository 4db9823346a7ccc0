/**
 * Every status transition of a campaign the engine makes, in one place: the engine decides,
 * this writes. Draft contents (name, message, audience) are written by drafts/drafts-store.ts.
 */
import type { Db } from '../../db/open';
import { ApiError } from '../../../../shared/api/errors';
import { campaignDraftSchema, defaultCampaignDraft, type CampaignDraft, type CampaignStatus } from '../../../../shared/campaigns/schema';

export interface CampaignDbRow {
  id: number;
  name: string;
  status: CampaignStatus;
  pause_code: string | null;
  pause_reason: string | null;
  pause_params: string | null;
  draft: string;
  seed: string;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

/** A stored draft, filled with defaults for fields added after it was saved. */
export function readDraft(json: string): CampaignDraft {
  const merged = { ...defaultCampaignDraft(), ...(JSON.parse(json) as Partial<CampaignDraft>) };
  const parsed = campaignDraftSchema.safeParse(merged);
  return parsed.success ? parsed.data : merged;
}

export function campaignNotFound(id: number): ApiError {
  return new ApiError('campaigns.not_found', `A campanha ${id} não existe mais. Atualize a lista de campanhas.`, undefined, { id });
}

export class CampaignStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      row: db.prepare<[number], CampaignDbRow>('SELECT * FROM campaigns WHERE id = ?'),
      active: db.prepare<[], { id: number }>(`SELECT id FROM campaigns WHERE status IN ('scheduled', 'running') ORDER BY id`),
      recent: db.prepare<[], { id: number }>('SELECT id FROM campaigns ORDER BY updated_at DESC, id DESC'),
      setStatus: db.prepare('UPDATE campaigns SET status = ?, pause_code = ?, pause_reason = ?, pause_params = ?, updated_at = ? WHERE id = ?'),
      started: db.prepare('UPDATE campaigns SET status = ?, pause_code = NULL, pause_reason = NULL, pause_params = NULL, started_at = ?, finished_at = NULL, updated_at = ? WHERE id = ?'),
      cancelled: db.prepare(`UPDATE campaigns SET status = 'cancelled', pause_code = NULL, pause_reason = NULL, pause_params = NULL, finished_at = ?, updated_at = ? WHERE id = ?`),
      reopened: db.prepare(`UPDATE campaigns SET status = 'running', finished_at = NULL, updated_at = ? WHERE id = ?`),
      promoted: db.prepare(`UPDATE campaigns SET status = 'running', updated_at = ? WHERE id = ? AND status = 'scheduled'`),
      finished: db.prepare(`UPDATE campaigns SET status = 'finished', finished_at = ?, updated_at = ? WHERE id = ? AND status IN ('running', 'scheduled')`),
    };
  }

  find(id: number): CampaignDbRow | undefined {
    return this.stmts.row.get(id);
  }

  /** The campaign, or the pt-BR "no longer exists" error. */
  get(id: number): CampaignDbRow {
    const row = this.stmts.row.get(id);
    if (!row) throw campaignNotFound(id);
    return row;
  }

  /** Campaigns the engine serves after a start: scheduled or running. */
  activeIds(): number[] {
    return this.stmts.active.all().map((r) => r.id);
  }

  /** Every campaign, most recently changed first. */
  idsByRecent(): number[] {
    return this.stmts.recent.all().map((r) => r.id);
  }

  /** Paused (with why) or back to running/scheduled (without). */
  setStatus(id: number, status: CampaignStatus, pause: { code: string | null; reason: string | null; params: string | null }, at: number): void {
    this.stmts.setStatus.run(status, pause.code, pause.reason, pause.params, at, id);
  }

  markStarted(id: number, status: 'scheduled' | 'running', at: number): void {
    this.stmts.started.run(status, at, at, id);
  }

  markCancelled(id: number, at: number): void {
    this.stmts.cancelled.run(at, at, id);
  }

  /** A finished campaign with failures re-queued runs again. */
  reopen(id: number, at: number): void {
    this.stmts.reopened.run(at, id);
  }

  /** A scheduled campaign's first send makes it running. */
  promote(id: number, at: number): void {
    this.stmts.promoted.run(at, id);
  }

  markFinished(id: number, at: number): void {
    this.stmts.finished.run(at, at, id);
  }
}
