import { formatPhone } from '../../../shared/phone';

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

/**
 * A stored contact as message variables see it. One rule for every channel: {telefone} is the
 * phone as people write it ("+55 (11) 98765-4321"), never the raw key.
 */
export function templateContactOf(row: { name: string | null; first_name: string | null; phone_key: string; fields: string | null }) {
  return { name: row.name, firstName: row.first_name, phone: formatPhone(row.phone_key), fields: parseFields(row.fields) };
}
