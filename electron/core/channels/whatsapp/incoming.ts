/** Turns Baileys `messages.update` / `messages.upsert` payloads into channel receipts and replies. */
import type { proto, WAMessage, WAMessageUpdate } from '@whiskeysockets/baileys';
import { baileys } from './baileys';
import { digitsFromJid, jidFromDigits } from '../jid';
import type { InboundEvent, ReceiptEvent } from '../types';

/** WAMessageStatus values. */
const STATUS_ERROR = 0;
const STATUS_DELIVERY_ACK = 3;
const STATUS_READ = 4;
const STATUS_PLAYED = 5;

/** A receipt for one of our messages, or null for statuses the engine does not track (pending, server ack). */
export function receiptFromUpdate(u: WAMessageUpdate, now: number): ReceiptEvent | null {
  const id = u.key?.id;
  // Receipts are matched by id only: they may arrive addressed to the contact's LID.
  if (!id || u.key.fromMe === false) return null;
  const status = u.update?.status;
  if (status === null || status === undefined) return null;
  switch (status) {
    case STATUS_DELIVERY_ACK:
      return { messageId: id, status: 'delivered', at: now };
    case STATUS_READ:
    case STATUS_PLAYED:
      return { messageId: id, status: 'read', at: now };
    case STATUS_ERROR: {
      const code = u.update.messageStubParameters?.[0];
      return { messageId: id, status: 'error', ...(code ? { code: String(code) } : {}), at: now };
    }
    default:
      return null;
  }
}

/** Chats we treat as replies: one-to-one only (never groups, broadcast lists, status or channels/newsletters). */
export function isIndividualChat(jid: string | null | undefined): jid is string {
  if (!jid) return false;
  return jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid') || jid.endsWith('@c.us');
}

function timestampMs(ts: unknown, now: number): number {
  if (typeof ts === 'number' && ts > 0) return ts * 1000;
  if (ts && typeof ts === 'object' && typeof (ts as { toNumber?: unknown }).toNumber === 'function') {
    const n = (ts as { toNumber(): number }).toNumber();
    if (n > 0) return n * 1000;
  }
  return now;
}

/** The visible text of a message: body, or the caption of a media message. */
export function textOf(content: proto.IMessage): string {
  return (
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    content.documentWithCaptionMessage?.message?.documentMessage?.caption ??
    content.buttonsResponseMessage?.selectedDisplayText ??
    content.listResponseMessage?.title ??
    content.templateButtonReplyMessage?.selectedDisplayText ??
    locationText(content.locationMessage, [content.locationMessage?.name, content.locationMessage?.address, content.locationMessage?.comment]) ??
    locationText(content.liveLocationMessage, [content.liveLocationMessage?.caption]) ??
    ''
  );
}

/**
 * A pin a contact shared ("estou aqui", a delivery address) as inbox text: its name and address
 * when given, then a map link that opens anywhere. No words to translate, so the core stays
 * language-free; a pin without coordinates is not shown as one.
 */
export function locationText(pin: { degreesLatitude?: number | null; degreesLongitude?: number | null } | null | undefined, said: (string | null | undefined)[] = []): string | null {
  if (!pin) return null;
  const lat = pin.degreesLatitude;
  const lng = pin.degreesLongitude;
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  const lines = said.map((l) => (typeof l === 'string' ? l.trim() : '')).filter(Boolean);
  return ['📍 ' + (lines.shift() ?? `${lat}, ${lng}`), ...lines, `https://maps.google.com/?q=${lat},${lng}`].join('\n');
}

/** The id of the message this one quotes (any message type carries `contextInfo`). */
export function quotedIdOf(content: proto.IMessage): string | undefined {
  for (const value of Object.values(content)) {
    const ctx = (value as { contextInfo?: proto.IContextInfo | null } | null)?.contextInfo;
    if (ctx?.stanzaId) return ctx.stanzaId;
  }
  return undefined;
}

/** Messages that are not something the contact wrote (protocol updates, reactions, key exchanges). */
function isNoise(content: proto.IMessage): boolean {
  return !!(content.protocolMessage || content.reactionMessage || content.pollUpdateMessage || content.keepInChatMessage) ||
    Object.keys(content).every((k) => k === 'messageContextInfo' || k === 'senderKeyDistributionMessage');
}

export type LidResolver = (lid: string) => Promise<string | null>;

/**
 * A reply from a contact, or null when the message is ours, from a group/broadcast, or noise.
 * LID senders are mapped to their phone through `remoteJidAlt` or `resolveLid`; when neither
 * knows, `from` is '' and `jid` stays the LID.
 */
export async function inboundFromMessage(msg: WAMessage, resolveLid: LidResolver, now: number): Promise<InboundEvent | null> {
  const key = msg.key;
  if (!key || key.fromMe) return null;
  const remote = key.remoteJid;
  if (!isIndividualChat(remote)) return null;
  const content = baileys().normalizeMessageContent(msg.message);
  if (!content || isNoise(content)) return null;

  let pnJid: string | null = remote.endsWith('@lid') ? null : remote;
  if (!pnJid) {
    const alt = key.remoteJidAlt;
    if (alt && digitsFromJid(alt)) pnJid = alt;
    else {
      try {
        pnJid = await resolveLid(remote);
      } catch {
        pnJid = null;
      }
    }
  }
  const digits = pnJid ? digitsFromJid(pnJid.replace('@c.us', '@s.whatsapp.net')) : null;
  const quoted = quotedIdOf(content);
  return {
    from: digits ? `+${digits}` : '',
    jid: digits ? jidFromDigits(digits) : remote,
    text: textOf(content),
    at: timestampMs(msg.messageTimestamp, now),
    ...(quoted ? { quotedMessageId: quoted } : {}),
    ...(key.id ? { messageId: key.id } : {}),
  };
}
