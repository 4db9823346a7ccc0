import type { Db } from '../db/open';
import { defaultSettings, settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../../../shared/settings/schema';

/** Settings live one row per key (JSON value), merged over the defaults on read. */
export class SettingsStore {
  private readonly selectAll;
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  get(): Settings {
    const merged: Record<string, unknown> = { ...defaultSettings };
    for (const row of this.selectAll.all()) {
      if (!(row.key in defaultSettings)) continue;
      try {
        merged[row.key] = JSON.parse(row.value);
      } catch {
        // A damaged value falls back to its default instead of breaking every screen.
      }
    }
    const parsed = settingsSchema.safeParse(merged);
    if (parsed.success) return parsed.data;
    // Keep valid keys, reset only the broken ones.
    const repaired: Record<string, unknown> = { ...merged };
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string') repaired[key] = defaultSettings[key as keyof Settings];
    }
    return settingsSchema.parse(repaired);
  }

  update(patch: SettingsPatch): Settings {
    const valid = settingsPatchSchema.parse(patch);
    const now = Date.now();
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(valid)) {
        if (value !== undefined) this.upsert.run(key, JSON.stringify(value), now);
      }
    })();
    return this.get();
  }
}
