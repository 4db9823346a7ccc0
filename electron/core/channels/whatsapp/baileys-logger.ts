/**
 * Baileys logs jids, device lists and protocol nodes even at info level. This adapter sits between
 * Baileys and our pino logger and masks anything that looks like a WhatsApp id or a phone number,
 * so a session's log never carries who we talk to (unless diagnostics is on).
 */
import type { SocketConfig } from '@whiskeysockets/baileys';

type ILogger = SocketConfig['logger'];
import type { Logger } from '../../log/logger';

const JID = /\b\d{6,}(?::\d+)?@(?:s\.whatsapp\.net|lid|c\.us|g\.us|broadcast)\b/g;
const LONG_DIGITS = /\+?\b\d{10,15}\b/g;
const MAX_DEPTH = 6;

/** Masks jids and phone-like digit runs inside a string. */
export function maskIds(s: string): string {
  return s.replace(JID, '[jid]').replace(LONG_DIGITS, '[number]');
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskIds(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskIds(value.message) };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

/** Wraps a pino logger for Baileys; `diagnostics` passes everything through untouched. */
export function baileysLogger(base: Logger, diagnostics = false): ILogger {
  const wrap = (l: Logger): ILogger => {
    const log =
      (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
      (obj: unknown, msg?: string): void => {
        if (!l.isLevelEnabled(level)) return;
        if (diagnostics) {
          l[level](obj as object, msg);
          return;
        }
        const o = typeof obj === 'string' ? { detail: maskIds(obj) } : (scrub(obj) as object);
        l[level](o, msg === undefined ? undefined : maskIds(String(msg)));
      };
    return {
      get level() {
        return l.level;
      },
      child: (bindings: Record<string, unknown>) => wrap(l.child(diagnostics ? bindings : (scrub(bindings) as Record<string, unknown>))),
      trace: log('trace'),
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
    };
  };
  return wrap(base);
}
