/**
 * What a WhatsApp channel is made with and what it tells: its options, events, clock and the
 * error start() gives up with. Kept apart from whatsapp-channel.ts so the channel's file is
 * about the socket's lifecycle, not its configuration.
 */
import type { proto, WAVersion } from '@whiskeysockets/baileys';
import type { Logger } from '../../log/logger';
import type { ChannelEvents, ChannelState } from '../types';
import type { WhatsAppAuth } from './auth-store';
import type { GroupReceiptEvent, ChatMessage } from './groups-wire';
import type { InboundSeenStore, SentMessageStore } from './message-store';
import type { NumberCheckCache } from './number-check';
import type { LinkPreviewer } from './link-preview';
import type { ConnectionHistory, GuardPolicy } from './reconnect-guard';
import type { SocketFactory } from './socket';

/**
 * Time for the reconnect logic (retries, the stability checkpoint). Production uses the wall
 * clock and setTimeout; tests inject a virtual one to run an hour of reconnects while the socket
 * traffic stays real.
 */
export interface ChannelScheduler {
  now(): number;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const realScheduler: ChannelScheduler = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};


/** Where a channel's session lives (SQLite in the app, anything in tests). */
export interface WhatsAppAuthStore {
  /** The session as stored now (fresh creds when there is none). */
  load(): WhatsAppAuth;
  /** Forgets the session. */
  wipe(): void;
}

export interface WhatsAppChannelEvents extends ChannelEvents {
  /** A new QR to show; it stops working at `expiresAt` (epoch ms). */
  qr: { qr: string; expiresAt: number };
  /** The 8-character code to type on the phone (pairing by phone number). */
  pairingCode: { code: string };
  /** The account behind the number, once connected. */
  account: { phone: string | null; name: string | null };
  /** Something changed in the number's groups (a notification): list them again. */
  groups: { at: number };
  /** A participant received or read a message we posted in a group. */
  groupReceipt: GroupReceiptEvent;
  /** A message someone wrote in any chat, groups included (mirroring and group results read it). */
  chatMessage: ChatMessage;
}

export interface WhatsAppChannelOptions {
  id: string;
  numberId: number;
  auth: WhatsAppAuthStore;
  socketFactory: SocketFactory;
  /** The app logger; the channel makes a child per number (no texts or phones logged). */
  logger: Logger;
  /** Log everything Baileys says, unmasked (the user turned diagnostics on). */
  diagnostics?: boolean;
  /** WhatsApp Web version (default: the bundled one). */
  resolveVersion?: () => Promise<WAVersion>;
  /**
   * Asked once after WhatsApp refuses our version (405): a fresher version, or null when none
   * could be fetched. A different answer reconnects with it; otherwise the number stops.
   */
  refreshVersion?: () => Promise<WAVersion | null>;
  /** Baileys `waWebSocketUrl`; only the test/diagnostic setting sets it (the local stand-in). */
  waWebSocketUrl?: string;
  /** What this number sent, by message id: Baileys' retry requests are answered from it. */
  sentStore?: SentMessageStore | null;
  /** Inbound ids already handled: a replayed message is processed once. */
  inboundSeen?: InboundSeenStore | null;
  /** A new link gives up when no QR (or pairing code) arrives within this time (default 30 s). */
  linkTimeoutMs?: number;
  /** A message we sent, by id, for Baileys' retry requests. */
  getMessage?: (messageId: string) => Promise<proto.IMessage | undefined> | proto.IMessage | undefined;
  /** Link previews in texts when the message does not say (off by default). */
  linkPreview?: boolean;
  /** Fetches previews (shared by every number so a campaign fetches each link once). */
  linkPreviewer?: LinkPreviewer;
  checkCache?: NumberCheckCache | null;
  /** Fast reconnect backoff (ms); shorthand for `guard.backoff`. */
  backoff?: { baseMs: number; maxMs: number };
  /** Reconnect hygiene: drop window, slow retries, rate-limit wait, hourly login ceiling (see reconnect-guard.ts). */
  guard?: Partial<GuardPolicy>;
  /** The number's recent logins and drops, kept across restarts (the ceiling holds after one). */
  connectionHistory?: ConnectionHistory | null;
  /** Clock and timers of the reconnect logic (default: the wall clock). */
  scheduler?: ChannelScheduler;
  /** Jitter source of the retries. */
  rand?: () => number;
  /** How long QR codes live: the first, then each following one. */
  qrTtlMs?: { first: number; next: number };
  /** How often "digitando…" is renewed while typing lasts (WhatsApp clears it after ~10 s). */
  typingRefreshMs?: number;
  now?: () => number;
  onListenerError?: (err: unknown) => void;
}

/** Why `start()` gave up: the pt-BR reason is on the status event; this carries the code. */
export class WhatsAppStartError extends Error {
  constructor(
    readonly code: string,
    readonly state: ChannelState,
    readonly reason?: string,
  ) {
    super(`whatsapp start ended: ${state}${reason ? ` (${reason})` : ''}`);
    this.name = 'WhatsAppStartError';
  }
}
