/** Engine settings (opt-out keywords, confirmation reply, failure threshold), one JSON row in `settings`. */
import type { Db } from '../../db/open';
import { engineSettingsSchema, type EngineSettings } from '../../../../shared/api/methods/campaign-engine';
import { DEFAULT_OPT_OUT_KEYWORDS } from '../../inbound/opt-out-keywords';

export const ENGINE_SETTINGS_KEY = 'campaignEngine';

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  optOutKeywords: [...DEFAULT_OPT_OUT_KEYWORDS],
  optOutConfirmation: { enabled: false, text: 'Pronto! Você não vai mais receber nossas mensagens.' },
  maxConsecutiveFailures: 5,
};

export class EngineSettingsStore {
  private cached: EngineSettings | null = null;

  constructor(private readonly db: Db) {}

  get(): EngineSettings {
    if (this.cached) return this.cached;
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(ENGINE_SETTINGS_KEY);
    let value = DEFAULT_ENGINE_SETTINGS;
    if (row) {
      try {
        const parsed = engineSettingsSchema.partial().safeParse(JSON.parse(row.value));
        if (parsed.success) value = { ...DEFAULT_ENGINE_SETTINGS, ...parsed.data };
      } catch {
        // A damaged row falls back to the defaults.
      }
    }
    this.cached = value;
    return value;
  }

  update(patch: Partial<EngineSettings>): EngineSettings {
    const next = engineSettingsSchema.parse({ ...this.get(), ...patch });
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(ENGINE_SETTINGS_KEY, JSON.stringify(next), Date.now());
    this.cached = next;
    return next;
  }
}
