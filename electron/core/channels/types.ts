/**
 * The contract every sending channel implements: the Simulator, WhatsApp Web (Baileys) and the
 * official WhatsApp Cloud API. The campaign engine only talks to this interface.
 */
import type { LocationPin } from '../../../shared/messages/location';
import type { ChannelSendError } from './errors';

export type ChannelKind = 'simulator' | 'whatsapp' | 'cloud';

/** Connection state of a channel. */
export type ChannelState =
  | 'connecting'
  | 'qr' // waiting for the user to scan `qr` (or type a pairing code)
  | 'connected'
  | 'reconnecting'
  | 'unstable' // dropped too often (or WhatsApp asked to wait): retries slowly, by itself, at `retryAt`
  | 'disconnected' // stopped on purpose, or not started
  | 'logged_out' // session revoked on the phone: needs a new QR
  | 'restricted' // WhatsApp limited the account (e.g. 463): do not send
  | 'error';

export interface ChannelStatus {
  state: ChannelState;
  /** Short machine reason, e.g. `'connection_replaced'`, `'timeout'`, `'405'`. */
  reason?: string;
  /** QR payload to render while `state === 'qr'`. */
  qr?: string;
  /** When this status began (epoch ms). */
  since: number;
  /** While waiting to reconnect (`reconnecting`, `unstable`): when the next attempt happens (epoch ms). */
  retryAt?: number;
}

/** A file sent with the message. Media is read from disk by path to keep memory flat. */
export interface Attachment {
  kind: 'image' | 'document' | 'audio' | 'video';
  path: string;
  mimeType: string;
  fileName?: string;
  /** Audio only: send as a voice note. */
  ptt?: boolean;
}

/**
 * An approved Cloud API template with its parameters filled for one contact. Only the Cloud
 * channel sends templates; `OutgoingMessage.text` then holds what the contact reads (the preview).
 */
export interface TemplateMessage {
  name: string;
  /** e.g. `pt_BR`. */
  language: string;
  category: string;
  /** Graph's `template.components` (parameters), without the header media id. */
  components: Array<Record<string, unknown>>;
  /** An image/video/document header: the file to upload once and reuse by media id. */
  headerMedia?: Attachment & { sha256: string };
  /** Set when the campaign sends through its fallback Cloud number. */
  fallback?: boolean;
}

export interface OutgoingMessage {
  /** From {@link Channel.newMessageId}, stored before sending so receipts and retries match it. */
  messageId: string;
  /** Resolved by {@link Channel.checkNumbers}. */
  jid: string;
  /** Final text (spintax and variables already rendered); the caption when there is an attachment. */
  text: string;
  attachment?: Attachment;
  /** Cloud API only: send this template instead of free-form text. */
  template?: TemplateMessage;
  /** The campaign this message belongs to (Cloud: cost per campaign). */
  campaignId?: number;
  /** A map pin sent instead of an attachment; the text follows it as its own message. */
  location?: LocationPin;
  /** Show the first link's preview (title, picture); undefined leaves it to the number's setting. */
  linkPreview?: boolean;
  /** WhatsApp Web only: a photo already on WhatsApp, re-posted by reference (mirroring); `text` is its caption. */
  seenImage?: { ref: string; mimetype: string };
}

export interface SendResult {
  messageId: string;
  /** When the channel accepted the message (epoch ms). */
  sentAt: number;
}

export interface CheckResult {
  /** The variants passed in, unchanged. */
  input: string[];
  /** The WhatsApp id of whichever variant exists, or null when none does. */
  jid: string | null;
}

/** Forward-only delivery progress of a sent message, matched by `messageId`. */
export interface ReceiptEvent {
  messageId: string;
  status: 'delivered' | 'read' | 'error';
  /** For `'error'`: the channel's code (e.g. `'463'`). */
  code?: string;
  /** For `'error'`: a pt-BR explanation when the channel has a better one than the code. */
  reason?: string;
  at: number;
}

/** A message received from a contact (not a group, not our own). */
export interface InboundEvent {
  /** Sender in E.164 (`+5511987654321`) when known; LID-only senders may lack it (empty string). */
  from: string;
  jid: string;
  text: string;
  at: number;
  /** The id of our message this one replies to, when the contact quoted it. */
  quotedMessageId?: string;
  /** The channel's id for this message; a replayed copy carries the same id (dedupe by it). */
  messageId?: string;
}

/** Warnings from WhatsApp about the sending account; the engine pauses the number on these. */
export interface SignalEvent {
  /** `cloud_paused`: the Cloud API limited the number (quality, spam limit, token…); see `message`. */
  kind: 'capping_warning' | 'reachout_timelock' | 'restricted_463' | 'banned' | 'cloud_paused';
  /** Machine detail, e.g. `'FIRST_WARNING'` or an expiry instant. No personal data. */
  detail?: string;
  /** pt-BR explanation for `cloud_paused` (what happened, what to do). */
  message?: string;
  at: number;
}

export interface ChannelEvents {
  status: ChannelStatus;
  receipt: ReceiptEvent;
  inbound: InboundEvent;
  signal: SignalEvent;
}

export type Unsubscribe = () => void;

/**
 * One sending account (one WhatsApp number, or one simulated number).
 *
 * Lifecycle: `start()` resolves once connected (or rejects); `stop()` cancels pending work,
 * rejects in-flight `sendTyping`/`send` with code `ABORTED`, and emits `status: disconnected`.
 * `send` and `sendTyping` reject with {@link ChannelSendError}; they honour `signal` immediately.
 */
export interface Channel {
  readonly id: string;
  readonly kind: ChannelKind;
  status(): ChannelStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Each entry lists the spellings of one contact (digits only, with country code), e.g. the
   * Brazilian 9-digit and 8-digit mobile variants. Resolves, in order, the jid of the one that is
   * on WhatsApp. Send to that jid only: a message to the wrong variant is lost silently.
   */
  checkNumbers(candidates: string[][]): Promise<CheckResult[]>;
  /** Shows "digitando…" to `jid` for `ms`, then clears it. */
  sendTyping(jid: string, ms: number, signal?: AbortSignal): Promise<void>;
  /** Sends; resolves once the channel has accepted it. Rejects with {@link ChannelSendError}. */
  send(msg: OutgoingMessage, signal?: AbortSignal): Promise<SendResult>;
  /** A fresh message id to store before calling `send`. */
  newMessageId(): string;
  on<K extends keyof ChannelEvents>(event: K, cb: (payload: ChannelEvents[K]) => void): Unsubscribe;
}

export type { ChannelSendError };
