/** A contact's stored custom fields (the `fields` JSON column) as a map; unreadable JSON counts as none. */
export function parseFields(json: string | null): Record<string, string> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}
