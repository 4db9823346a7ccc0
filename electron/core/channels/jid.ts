/** WhatsApp id helpers for individual (non-group) chats. */

const USER_SUFFIX = '@s.whatsapp.net';

/** `'5511987654321'` → `'5511987654321@s.whatsapp.net'` (non-digits dropped). */
export function jidFromDigits(digits: string): string {
  return `${digits.replace(/\D/g, '')}${USER_SUFFIX}`;
}

/** Digits of a phone-number jid (device suffix ignored), or null for LIDs, groups and garbage. */
export function digitsFromJid(jid: string): string | null {
  const m = /^(\d{6,20})(?::\d+)?@s\.whatsapp\.net$/.exec(jid);
  return m ? m[1] : null;
}

/** `'+5511987654321'` for a phone-number jid, else null. */
export function e164FromJid(jid: string): string | null {
  const d = digitsFromJid(jid);
  return d ? `+${d}` : null;
}
