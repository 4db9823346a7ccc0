/**
 * The reply assistant's configuration: the business description (once, for the whole app) and
 * the mode per campaign or per number (off by default). A conversation uses its campaign's
 * assistant when that one is on, else its number's.
 */
import type { Db } from '../../db/open';
import { ApiError } from '../../../../shared/api/errors';
import {
  assistantSettingsSchema,
  businessProfileSchema,
  DEFAULT_ASSISTANT_WINDOW,
  type AssistantSettings,
  type AssistantWindow,
  type BusinessProfile,
} from '../../../../shared/api/methods/conversations';
import type { SendingWindow } from '../../campaigns/schedule';
import { validateWindow } from '../../campaigns/schedule';
import { campaignDraftSchema, defaultCampaignDraft, type CampaignDraft } from '../../../../shared/campaigns/schema';

export const PROFILE_KEY = 'assistant.profile';
export const DEFAULT_MAX_AUTO = 3;
export const OFF: AssistantSettings = { mode: 'off', maxAuto: DEFAULT_MAX_AUTO, window: null };

export interface ResolvedAssistant {
  mode: 'suggest' | 'auto';
  scope: 'campaign' | 'number';
  maxAuto: number;
  /** When automatic answers may go out. */
  window: SendingWindow;
}

interface Row {
  mode: 'off' | 'suggest' | 'auto';
  max_auto: number;
  window: string | null;
}

function readDraft(json: string): CampaignDraft {
  try {
    const parsed = campaignDraftSchema.safeParse({ ...defaultCampaignDraft(), ...(JSON.parse(json) as object) });
    return parsed.success ? parsed.data : defaultCampaignDraft();
  } catch {
    return defaultCampaignDraft();
  }
}

export class AssistantSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly timeZone: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  profile(): BusinessProfile {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(PROFILE_KEY);
    if (!row) return { description: '', neverPromise: '' };
    try {
      const parsed = businessProfileSchema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : { description: '', neverPromise: '' };
    } catch {
      return { description: '', neverPromise: '' };
    }
  }

  setProfile(p: BusinessProfile): BusinessProfile {
    const clean = { description: p.description.trim(), neverPromise: p.neverPromise.trim() };
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(PROFILE_KEY, JSON.stringify(clean), this.now());
    return clean;
  }

  get(scope: { campaignId: number } | { numberId: number }): AssistantSettings {
    const row =
      'campaignId' in scope
        ? this.db.prepare<[number], Row>('SELECT mode, max_auto, window FROM assistant_settings WHERE campaign_id = ?').get(scope.campaignId)
        : this.db.prepare<[number], Row>('SELECT mode, max_auto, window FROM assistant_settings WHERE number_id = ?').get(scope.numberId);
    if (!row) return { ...OFF, window: 'numberId' in scope ? { ...DEFAULT_ASSISTANT_WINDOW } : null };
    let window: AssistantWindow | null = null;
    if ('numberId' in scope) {
      try {
        window = row.window ? (JSON.parse(row.window) as AssistantWindow) : { ...DEFAULT_ASSISTANT_WINDOW };
      } catch {
        window = { ...DEFAULT_ASSISTANT_WINDOW };
      }
    }
    return { mode: row.mode, maxAuto: row.max_auto, window };
  }

  set(scope: { campaignId: number } | { numberId: number }, input: AssistantSettings): AssistantSettings {
    const s = assistantSettingsSchema.parse(input);
    if ('campaignId' in scope && !this.db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(scope.campaignId)) {
      throw new ApiError('campaigns.not_found', `A campanha ${scope.campaignId} não existe mais. Atualize a lista de campanhas.`, undefined, { id: scope.campaignId });
    }
    if ('numberId' in scope && !this.db.prepare('SELECT 1 FROM numbers WHERE id = ?').get(scope.numberId)) {
      throw new ApiError('numbers.not_found', 'Este número não existe mais. Escolha outro número.');
    }
    const window = 'numberId' in scope ? (s.window ?? { ...DEFAULT_ASSISTANT_WINDOW }) : null;
    if (window) {
      const issues = validateWindow({ ...window, timeZone: this.timeZone(), skipHolidays: { national: false } });
      if (issues.length) throw new ApiError('assistant.invalid_window', issues.map((i) => i.message).join(' '), { issues });
    }
    if (s.mode !== 'off' && !this.profile().description.trim()) {
      throw new ApiError('assistant.no_profile', 'Antes de ligar o assistente, descreva o seu negócio (o que vende, preços, horários, endereço). Ele só responde com o que estiver escrito ali.');
    }
    const col = 'campaignId' in scope ? 'campaign_id' : 'number_id';
    const id = 'campaignId' in scope ? scope.campaignId : scope.numberId;
    this.db
      .prepare(
        `INSERT INTO assistant_settings (${col}, mode, max_auto, window, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (${col}) DO UPDATE SET mode = excluded.mode, max_auto = excluded.max_auto, window = excluded.window, updated_at = excluded.updated_at`,
      )
      .run(id, s.mode, s.maxAuto, window ? JSON.stringify(window) : null, this.now());
    return this.get(scope);
  }

  /** The assistant in force for a conversation: its campaign's when on, else its number's. */
  resolve(campaignId: number | null, numberId: number | null): ResolvedAssistant | null {
    if (campaignId !== null) {
      const c = this.get({ campaignId });
      if (c.mode !== 'off') {
        const row = this.db.prepare<[number], { draft: string }>('SELECT draft FROM campaigns WHERE id = ?').get(campaignId);
        const s = readDraft(row?.draft ?? '{}').schedule;
        // The campaign's days and hours; its start and end dates bound the campaign, not the replies.
        return { mode: c.mode, scope: 'campaign', maxAuto: c.maxAuto, window: { timeZone: s.timeZone, days: s.days, start: s.start, end: s.end, skipHolidays: s.skipHolidays } };
      }
    }
    if (numberId !== null) {
      const n = this.get({ numberId });
      if (n.mode !== 'off') {
        const w = n.window ?? DEFAULT_ASSISTANT_WINDOW;
        return { mode: n.mode, scope: 'number', maxAuto: n.maxAuto, window: { timeZone: this.timeZone(), days: w.days, start: w.start, end: w.end, skipHolidays: { national: false } } };
      }
    }
    return null;
  }

  campaignsWithSettings(): Array<{ id: number; name: string; settings: AssistantSettings }> {
    // Drafts too: the assistant can be chosen while the campaign is being prepared. The newest 200,
    // plus any older one whose assistant is on (so it can still be turned off).
    const rows = this.db
      .prepare<[], { id: number; name: string }>(
        `SELECT id, name FROM campaigns WHERE id IN (SELECT id FROM campaigns ORDER BY id DESC LIMIT 200)
         OR id IN (SELECT campaign_id FROM assistant_settings WHERE mode <> 'off') ORDER BY id DESC`,
      )
      .all();
    return rows.map((r) => ({ id: r.id, name: r.name, settings: this.get({ campaignId: r.id }) }));
  }
}
