/**
 * What a WhatsApp socket reports about messages, turned into the channel's events: receipts
 * (forward only, once each), replies (once each, across reconnects and restarts), capping and
 * 463 signals, group receipts and changes, and messages seen in any chat. Split from
 * whatsapp-channel.ts, which keeps the socket's lifecycle and sends.
 */
import type { BaileysEventMap } from '@whiskeysockets/baileys';
import type { Logger } from '../../log/logger';
import type { TypedEmitter } from '../emitter';
import type { WhatsAppChannelEvents } from './channel-options';
import { chatMessageFrom, groupReceiptsFrom, receiptsInUpserts, type OwnIds } from './groups-wire';
import { inboundFromMessage, receiptFromUpdate } from './incoming';
import type { InboundSeenStore } from './message-store';

const CAPPING_WARNINGS = new Set(['FIRST_WARNING', 'SECOND_WARNING', 'CAPPED']);
const RECEIPT_RANK = { delivered: 1, read: 2, error: 3 } as const;
/** How many message ids each in-memory set keeps (the oldest go first). */
const MAX_TRACKED_IDS = 5_000;

export interface IncomingEventsDeps {
  events: TypedEmitter<WhatsAppChannelEvents>;
  log: Logger;
  now: () => number;
  /** Inbound ids already handled, kept across restarts. */
  inboundSeen?: InboundSeenStore | null;
  /** The linked account's own user ids: a message we wrote in a chat is told from one we got. */
  ownIds: () => OwnIds;
  /** Signals to the app (capping, 463). */
  emitSignal: (kind: WhatsAppChannelEvents['signal']['kind'], detail?: string) => void;
}

/** Adds `id` to a bounded set, forgetting the oldest id beyond {@link MAX_TRACKED_IDS}. */
function track(set: Set<string>, id: string): void {
  set.add(id);
  if (set.size > MAX_TRACKED_IDS) set.delete(set.values().next().value!);
}

export class IncomingEvents {
  private readonly receiptRank = new Map<string, number>();
  /** Inbound ids seen by this channel (in memory, on top of {@link IncomingEventsDeps.inboundSeen}). */
  private readonly recentInbound = new Set<string>();
  /** Ids this app sent: their echoes are not someone's new message. */
  private readonly ownSent = new Set<string>();
  private readonly recentChat = new Set<string>();

  constructor(private readonly d: IncomingEventsDeps) {}

  /** Remembers a message this app sent, so its echo in the chat is not taken for someone's. */
  noteOwnSend(id: string): void {
    track(this.ownSent, id);
  }

  /** Handles the message part of one batch of socket events (after creds and connection). */
  async handle(events: Partial<BaileysEventMap>, resolveLid: (lid: string) => Promise<string | null>): Promise<void> {
    const updates = events['messages.update'];
    if (updates) this.receipts(updates);
    const capping = events['message-capping.update'];
    if (capping?.capping_status && CAPPING_WARNINGS.has(capping.capping_status)) {
      this.d.log.warn({ capping: capping.capping_status }, 'WhatsApp message capping warning');
      this.d.emitSignal('capping_warning', capping.capping_status);
    }
    // Live messages come as 'notify'; those received while we were offline are replayed as 'append'.
    const upsert = events['messages.upsert'];
    if (upsert) {
      // Baileys' event buffer folds a status update (e.g. the 463 error ack) into our own message
      // when both are still buffered: the receipt then only shows on the upserted message.
      const own = upsert.messages.filter((m) => m.key?.fromMe && typeof m.status === 'number');
      if (own.length) this.receipts(own.map((m) => ({ key: m.key, update: { status: m.status, messageStubParameters: m.messageStubParameters } })));
    }
    if (upsert && (upsert.type === 'notify' || upsert.type === 'append')) await this.inbound(upsert.messages, resolveLid);
    this.groupEvents(events);
  }

  private receipts(updates: BaileysEventMap['messages.update']): void {
    const now = this.d.now();
    for (const u of updates) {
      const r = receiptFromUpdate(u, now);
      if (!r) continue;
      const rank = RECEIPT_RANK[r.status];
      const seen = this.receiptRank.get(r.messageId) ?? 0;
      if (rank <= seen) continue; // forward only, once each
      this.receiptRank.set(r.messageId, rank);
      if (this.receiptRank.size > MAX_TRACKED_IDS) this.receiptRank.delete(this.receiptRank.keys().next().value!);
      this.d.events.emit('receipt', r);
      if (r.status === 'error' && r.code === '463') {
        this.d.log.warn('WhatsApp restricted this number for new contacts (463)');
        this.d.emitSignal('restricted_463', '463');
      }
    }
  }

  private async inbound(messages: BaileysEventMap['messages.upsert']['messages'], resolveLid: (lid: string) => Promise<string | null>): Promise<void> {
    for (const m of messages) {
      const ev = await inboundFromMessage(m, resolveLid, this.d.now());
      if (!ev) continue;
      if (ev.messageId && !this.firstTimeInbound(ev.messageId)) {
        this.d.log.debug('duplicate inbound message ignored');
        continue;
      }
      this.d.events.emit('inbound', ev);
    }
  }

  /**
   * Groups: per-participant receipts (the first one also moves the message forward, like a 1:1
   * receipt), notifications that change the number's groups, and messages seen in any chat.
   * Metadata we fetched ourselves comes back as `groups.update` without an author: not a change.
   */
  private groupEvents(events: Partial<BaileysEventMap>): void {
    const changed =
      !!events['groups.upsert']?.length ||
      !!events['group-participants.update'] ||
      !!events['groups.update']?.some((u) => 'author' in u);
    if (changed) this.d.events.emit('groups', { at: this.d.now() });
    const receipts = [...(events['message-receipt.update'] ?? []), ...receiptsInUpserts(events['messages.upsert']?.messages ?? [])];
    if (receipts.length) {
      const now = this.d.now();
      const list = groupReceiptsFrom(receipts, now);
      for (const r of list) this.d.events.emit('groupReceipt', r);
      this.receipts(list.map((r) => ({ key: { id: r.messageId, remoteJid: r.groupJid, fromMe: true }, update: { status: r.status === 'read' ? 4 : 3 } })));
    }
    const upsert = events['messages.upsert'];
    if (upsert && (upsert.type === 'notify' || upsert.type === 'append')) {
      const me = this.d.ownIds();
      for (const m of upsert.messages) {
        const cm = chatMessageFrom(m, me, this.d.now(), (id) => this.ownSent.has(id));
        if (!cm || this.recentChat.has(cm.messageId)) continue;
        track(this.recentChat, cm.messageId);
        this.d.events.emit('chatMessage', cm);
      }
    }
  }

  /** False for a message already handled (a replay after a reconnect, or a redelivery). */
  private firstTimeInbound(id: string): boolean {
    if (this.recentInbound.has(id)) return false;
    track(this.recentInbound, id);
    try {
      return this.d.inboundSeen ? this.d.inboundSeen.firstTime(id) : true;
    } catch (err) {
      this.d.log.warn({ err }, 'could not record the inbound message id');
      return true;
    }
  }
}
