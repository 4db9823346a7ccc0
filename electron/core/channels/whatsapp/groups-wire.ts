/**
 * Groups on the WhatsApp wire, as the channel reports them: a number's groups from Baileys'
 * metadata, per-participant receipts, and the messages seen in chats (groups included) that the
 * groups capability and mirroring read. Pure functions; the channel feeds them Baileys' events.
 */
import type { GroupMetadata, MessageUserReceiptUpdate, proto, WAMessage } from '@whiskeysockets/baileys';
import { baileys } from './baileys';
import { quotedIdOf, textOf } from './incoming';

/** One group the linked number belongs to. */
export interface GroupInfo {
  jid: string;
  subject: string;
  /** Participants, the user included. */
  size: number;
  /** The linked number is an admin (or the creator) of the group. */
  isAdmin: boolean;
  /** Only admins may post. */
  announce: boolean;
  /** A community's announcement group or the community itself (never a target). */
  community: boolean;
}

/** A receipt from one participant of a group for a message we posted there. */
export interface GroupReceiptEvent {
  messageId: string;
  groupJid: string;
  /** The participant's jid (phone number or LID). */
  participant: string;
  status: 'delivered' | 'read';
  at: number;
}

/** A photo seen in a chat: the media reference is re-posted as is (no download, no re-upload). */
export interface SeenImage {
  /** `proto.Message.ImageMessage`, encoded and base64 (caption and context stripped). */
  ref: string;
  mimetype: string;
}

/**
 * A message seen in a chat: groups and direct chats alike. Only mirroring and group results
 * read it; replies to campaigns come from the `inbound` event (individual chats only).
 */
export interface ChatMessage {
  chatJid: string;
  isGroup: boolean;
  /** Who wrote it (the participant in a group, the chat in a direct one). */
  senderJid: string | null;
  /** Written by the account itself (from the phone); never true for what this app sent. */
  fromMe: boolean;
  messageId: string;
  /** Body, or the caption of a photo. */
  text: string;
  image: SeenImage | null;
  quotedMessageId?: string;
  /** The message `@`-mentions the linked number. */
  mentionsMe: boolean;
  at: number;
}

export interface OwnIds {
  /** Our phone-number user (digits) and LID user, when known. */
  pnUser: string | null;
  lidUser: string | null;
}

function userOf(jid: string | null | undefined): string | null {
  if (!jid) return null;
  const at = jid.indexOf('@');
  const head = at < 0 ? jid : jid.slice(0, at);
  return head.split(':')[0] || null;
}

function isMe(jid: string | null | undefined, me: OwnIds): boolean {
  const u = userOf(jid);
  return !!u && (u === me.pnUser || u === me.lidUser);
}

export function isGroupJid(jid: string | null | undefined): boolean {
  return !!jid && jid.endsWith('@g.us');
}

export function groupInfoFrom(meta: GroupMetadata, me: OwnIds): GroupInfo {
  const mine = meta.participants.find((p) => isMe(p.id, me) || isMe(p.phoneNumber, me) || isMe(p.lid, me));
  return {
    jid: meta.id,
    subject: meta.subject ?? '',
    size: meta.size ?? meta.participants.length,
    isAdmin: mine?.admin === 'admin' || mine?.admin === 'superadmin',
    announce: meta.announce === true,
    community: meta.isCommunity === true || meta.isCommunityAnnounce === true,
  };
}

/** Per-participant receipts of group messages (Baileys reports them apart from 1:1 receipts). */
export function groupReceiptsFrom(updates: MessageUserReceiptUpdate[], now: number): GroupReceiptEvent[] {
  const out: GroupReceiptEvent[] = [];
  for (const u of updates) {
    const id = u.key?.id;
    const group = u.key?.remoteJid;
    const participant = u.receipt?.userJid;
    if (!id || !isGroupJid(group) || !participant) continue;
    const read = u.receipt.readTimestamp ?? u.receipt.playedTimestamp;
    const status = read ? 'read' : u.receipt.receiptTimestamp ? 'delivered' : null;
    if (!status) continue;
    const ts = Number(read ?? u.receipt.receiptTimestamp);
    out.push({ messageId: id, groupJid: group!, participant, status, at: Number.isFinite(ts) && ts > 0 ? ts * 1000 : now });
  }
  return out;
}

/**
 * Receipts Baileys folded into a message of ours it emitted in the same batch: its event buffer
 * attaches a receipt to a buffered upsert of that message instead of reporting it apart, so
 * without this, participants who answered quickly would go uncounted.
 */
export function receiptsInUpserts(messages: readonly WAMessage[]): MessageUserReceiptUpdate[] {
  const out: MessageUserReceiptUpdate[] = [];
  for (const m of messages) {
    if (!m.key?.fromMe || !isGroupJid(m.key.remoteJid) || !m.userReceipt?.length) continue;
    for (const receipt of m.userReceipt) out.push({ key: m.key, receipt });
  }
  return out;
}

function timestampMs(ts: unknown, now: number): number {
  const n = typeof ts === 'number' ? ts : Number((ts as { toNumber?: () => number } | null)?.toNumber?.() ?? NaN);
  return Number.isFinite(n) && n > 0 ? n * 1000 : now;
}

function mentionsOf(content: proto.IMessage): string[] {
  const out: string[] = [];
  for (const value of Object.values(content)) {
    const ctx = (value as { contextInfo?: proto.IContextInfo | null } | null)?.contextInfo;
    if (ctx?.mentionedJid?.length) out.push(...ctx.mentionedJid);
  }
  return out;
}

/**
 * A message a person wrote in a chat, or null for protocol noise, reactions, statuses,
 * broadcasts and channels. `fromMe` messages are kept (the user posting from the phone) unless
 * `isOwnSend` says this app sent them.
 */
export function chatMessageFrom(msg: WAMessage, me: OwnIds, now: number, isOwnSend: (id: string) => boolean): ChatMessage | null {
  const key = msg.key;
  const chat = key?.remoteJid;
  if (!key?.id || !chat) return null;
  if (chat.endsWith('@broadcast') || chat.endsWith('@newsletter')) return null;
  if (key.fromMe && isOwnSend(key.id)) return null;
  const content = baileys().normalizeMessageContent(msg.message);
  if (!content) return null;
  if (content.protocolMessage || content.reactionMessage || content.pollUpdateMessage || content.senderKeyDistributionMessage && Object.keys(content).length === 1) return null;
  const text = textOf(content);
  let image: SeenImage | null = null;
  if (content.imageMessage?.mediaKey && content.imageMessage.directPath) {
    const { caption: _caption, contextInfo: _ctx, ...ref } = content.imageMessage;
    void _caption;
    void _ctx;
    image = { ref: Buffer.from(baileys().proto.Message.ImageMessage.encode(ref).finish()).toString('base64'), mimetype: content.imageMessage.mimetype ?? 'image/jpeg' };
  }
  if (!text && !image) return null;
  const isGroup = isGroupJid(chat);
  const quoted = quotedIdOf(content);
  return {
    chatJid: chat,
    isGroup,
    senderJid: key.fromMe ? null : isGroup ? (key.participant ?? null) : chat,
    fromMe: key.fromMe === true,
    messageId: key.id,
    text,
    image,
    ...(quoted ? { quotedMessageId: quoted } : {}),
    mentionsMe: mentionsOf(content).some((j) => isMe(j, me)),
    at: timestampMs(msg.messageTimestamp, now),
  };
}

/** The image message to re-post from a {@link SeenImage}, with a new caption. */
export function imageFromRef(image: SeenImage, caption: string): proto.IMessage {
  const ref = baileys().proto.Message.ImageMessage.decode(Buffer.from(image.ref, 'base64'));
  ref.caption = caption || '';
  return { imageMessage: ref };
}
