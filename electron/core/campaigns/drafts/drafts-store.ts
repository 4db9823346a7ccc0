import crypto from 'node:crypto';
import type { Db } from '../../db/open';
import { ApiError } from '../../../../shared/api/errors';
import {
  campaignDraftSchema,
  defaultCampaignDraft,
  type Campaign,
  type CampaignDraft,
  type CampaignStatus,
  type CampaignSummary,
} from '../../../../shared/campaigns/schema';

interface CampaignRow {
  id: number;
  name: string;
  status: CampaignStatus;
  pause_reason: string | null;
  draft: string;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const EDITABLE: CampaignStatus[] = ['draft', 'paused'];

export function notFound(id: number): ApiError {
  return new ApiError('campaigns.not_found', `A campanha ${id} não existe mais. Atualize a lista de campanhas.`, undefined, { id });
}

function summary(row: CampaignRow): CampaignSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    pauseReason: row.pause_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Reads a stored draft, filling fields added by newer versions with their defaults. */
function readDraft(json: string): CampaignDraft {
  const stored = JSON.parse(json) as Partial<CampaignDraft>;
  const merged = { ...defaultCampaignDraft(), ...stored };
  const parsed = campaignDraftSchema.safeParse(merged);
  return parsed.success ? parsed.data : merged;
}

/** Campaign documents: create, edit (drafts and paused only), clone, delete drafts. */
export class CampaignDrafts {
  constructor(
    private readonly db: Db,
    private readonly defaultTimeZone: () => string,
  ) {}

  list(): CampaignSummary[] {
    return this.db.prepare<[], CampaignRow>('SELECT * FROM campaigns ORDER BY updated_at DESC, id DESC').all().map(summary);
  }

  row(id: number): CampaignRow {
    const row = this.db.prepare<[number], CampaignRow>('SELECT * FROM campaigns WHERE id = ?').get(id);
    if (!row) throw notFound(id);
    return row;
  }

  get(id: number): Campaign {
    const row = this.row(id);
    return { ...summary(row), draft: readDraft(row.draft) };
  }

  create(partial: Partial<CampaignDraft> = {}, clonedFrom: number | null = null): Campaign {
    const draft = { ...defaultCampaignDraft(this.defaultTimeZone()), ...partial };
    if (!draft.name.trim()) draft.name = `Campanha de ${new Date().toLocaleDateString('pt-BR')}`;
    const now = Date.now();
    const info = this.db
      .prepare('INSERT INTO campaigns (name, status, draft, seed, cloned_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(draft.name, 'draft', JSON.stringify(draft), crypto.randomBytes(8).toString('hex'), clonedFrom, now, now);
    return this.get(Number(info.lastInsertRowid));
  }

  update(id: number, draft: CampaignDraft): Campaign {
    const row = this.row(id);
    if (!EDITABLE.includes(row.status)) {
      throw new ApiError('campaigns.not_editable', 'Só é possível editar rascunhos e campanhas pausadas. Pause a campanha antes de editar.', { status: row.status });
    }
    this.db.prepare('UPDATE campaigns SET name = ?, draft = ?, updated_at = ? WHERE id = ?').run(draft.name, JSON.stringify(draft), Date.now(), id);
    return this.get(id);
  }

  clone(id: number): Campaign {
    const source = this.get(id);
    return this.create({ ...source.draft, name: `${source.draft.name} (cópia)` }, id);
  }

  delete(id: number): void {
    const row = this.row(id);
    if (row.status !== 'draft') {
      throw new ApiError('campaigns.not_deletable', 'Só rascunhos podem ser excluídos. Campanhas que já enviaram ficam guardadas para o histórico; cancele-a se quiser parar.', { status: row.status });
    }
    this.db.prepare('DELETE FROM campaigns WHERE id = ?').run(id);
  }
}
