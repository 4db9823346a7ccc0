/**
 * Meta's webhooks for a WhatsApp Business Account, as Recado reads them: the signature check and
 * the events inside a body. Shapes: `{ object: 'whatsapp_business_account', entry: [{ id, changes:
 * [{ field, value }] }] }`, with `field` 'messages' (statuses and inbound messages),
 * 'message_template_status_update' and 'phone_number_quality_update'.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`
 * in constant time. The raw bytes matter: a body re-serialized from JSON would not match.
 */
export function verifySignature(rawBody: Uint8Array, header: string | null | undefined, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(m[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookError {
  code: number | null;
  title: string;
  details: string | null;
}

export type CloudEvent =
  | {
      type: 'status';
      phoneNumberId: string;
      wamid: string;
      status: string;
      at: number;
      recipientId: string | null;
      /** Recado's message id, echoed from `biz_opaque_callback_data`. */
      callback: string | null;
      pricing: { category: string | null; type: string | null; billable: boolean | null } | null;
      errors: WebhookError[];
    }
  | {
      type: 'message';
      phoneNumberId: string;
      id: string;
      from: string;
      at: number;
      /** What the contact wrote: the text, the button's label, or a short description of media. */
      text: string;
      kind: string;
      /** The wamid of our message the contact replied to (quoted or a template button). */
      contextId: string | null;
    }
  | { type: 'template_status'; templateId: string; name: string | null; language: string | null; event: string; reason: string | null }
  | { type: 'quality'; displayPhone: string | null; event: string; currentLimit: string | null };

const MEDIA_LABELS: Record<string, string> = {
  image: '[imagem]',
  video: '[vídeo]',
  audio: '[áudio]',
  document: '[documento]',
  sticker: '[figurinha]',
  location: '[localização]',
  contacts: '[contato]',
  reaction: '[reação]',
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

function when(ts: unknown, fallback: number): number {
  const n = typeof ts === 'string' ? Number(ts) : typeof ts === 'number' ? ts : NaN;
  return Number.isFinite(n) && n > 0 ? n * 1000 : fallback;
}

function textOf(m: Record<string, unknown>): { text: string; kind: string } {
  const type = String(m.type ?? 'unknown');
  if (type === 'text') return { text: String((m.text as { body?: unknown } | undefined)?.body ?? ''), kind: type };
  if (type === 'button') return { text: String((m.button as { text?: unknown } | undefined)?.text ?? ''), kind: type };
  if (type === 'interactive') {
    const i = m.interactive as { button_reply?: { title?: unknown }; list_reply?: { title?: unknown } } | undefined;
    return { text: String(i?.button_reply?.title ?? i?.list_reply?.title ?? ''), kind: type };
  }
  const media = m[type] as { caption?: unknown } | undefined;
  const caption = typeof media?.caption === 'string' ? ` ${media.caption}` : '';
  return { text: `${MEDIA_LABELS[type] ?? '[mensagem]'}${caption}`, kind: type };
}

/** The events of one webhook body; unknown fields and malformed parts are skipped. */
export function parseWebhook(body: unknown, now: number = Date.now()): CloudEvent[] {
  const out: CloudEvent[] = [];
  const entries = (body as { entry?: unknown })?.entry;
  if (!Array.isArray(entries)) return out;
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown })?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const field = (change as { field?: unknown })?.field;
      const value = (change as { value?: unknown })?.value as Record<string, unknown> | undefined;
      if (!value || typeof value !== 'object') continue;
      if (field === 'messages') {
        const phoneNumberId = str((value.metadata as { phone_number_id?: unknown } | undefined)?.phone_number_id) ?? '';
        for (const s of Array.isArray(value.statuses) ? value.statuses : []) {
          const st = s as Record<string, unknown>;
          const wamid = str(st.id);
          const status = str(st.status);
          if (!wamid || !status) continue;
          const p = st.pricing as { category?: unknown; type?: unknown; billable?: unknown } | undefined;
          out.push({
            type: 'status',
            phoneNumberId,
            wamid,
            status,
            at: when(st.timestamp, now),
            recipientId: str(st.recipient_id),
            callback: str(st.biz_opaque_callback_data),
            pricing: p ? { category: str(p.category), type: str(p.type), billable: typeof p.billable === 'boolean' ? p.billable : null } : null,
            errors: (Array.isArray(st.errors) ? st.errors : []).map((e) => {
              const err = e as { code?: unknown; title?: unknown; message?: unknown; error_data?: { details?: unknown } };
              return { code: typeof err.code === 'number' ? err.code : null, title: String(err.title ?? err.message ?? ''), details: str(err.error_data?.details) };
            }),
          });
        }
        for (const m of Array.isArray(value.messages) ? value.messages : []) {
          const msg = m as Record<string, unknown>;
          const id = str(msg.id);
          const from = str(msg.from);
          if (!id || !from) continue;
          const { text, kind } = textOf(msg);
          out.push({ type: 'message', phoneNumberId, id, from, at: when(msg.timestamp, now), text, kind, contextId: str((msg.context as { id?: unknown } | undefined)?.id) });
        }
      } else if (field === 'message_template_status_update') {
        const id = value.message_template_id;
        if (id === undefined || id === null) continue;
        out.push({ type: 'template_status', templateId: String(id), name: str(value.message_template_name), language: str(value.message_template_language), event: String(value.event ?? ''), reason: str(value.reason) });
      } else if (field === 'phone_number_quality_update') {
        out.push({ type: 'quality', displayPhone: str(value.display_phone_number), event: String(value.event ?? ''), currentLimit: str(value.current_limit) });
      }
    }
  }
  return out;
}
