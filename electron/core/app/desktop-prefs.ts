import { desktopPrefsSchema, type DesktopPrefs } from '../../../shared/api/methods/desktop';
import type { Db } from '../db/open';

/**
 * Preferences only the desktop shell uses, kept in the settings table under a `desktop.`
 * prefix (SettingsStore ignores keys it does not know, so they never disturb it).
 */

const PREFIX = 'desktop.';
export const defaultDesktopPrefs: DesktopPrefs = { startAtLogin: false, closeToTrayExplained: false };

export function readDesktopPrefs(db: Db): DesktopPrefs {
  const prefs: Record<string, unknown> = { ...defaultDesktopPrefs };
  const rows = db.prepare<[string], { key: string; value: string }>("SELECT key, value FROM settings WHERE key LIKE ? || '%'").all(PREFIX);
  for (const row of rows) {
    const key = row.key.slice(PREFIX.length);
    if (!(key in defaultDesktopPrefs)) continue;
    try {
      prefs[key] = JSON.parse(row.value);
    } catch {
      // A damaged value falls back to its default.
    }
  }
  const parsed = desktopPrefsSchema.safeParse(prefs);
  return parsed.success ? parsed.data : defaultDesktopPrefs;
}

export function writeDesktopPrefs(db: Db, patch: Partial<DesktopPrefs>): DesktopPrefs {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const now = Date.now();
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined && key in defaultDesktopPrefs) upsert.run(PREFIX + key, JSON.stringify(value), now);
    }
  })();
  return readDesktopPrefs(db);
}
