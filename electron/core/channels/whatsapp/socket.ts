/**
 * The slice of a Baileys socket the channel uses, and the factory that makes one. Production uses
 * `makeWASocket`; tests and the e2e switch inject a fake whose `ev` is Baileys' own event buffer.
 */
import type {
  AnyMessageContent,
  BinaryNode,
  AuthenticationState,
  BaileysEventMap,
  GroupMetadata,
  MiscMessageGenerationOptions,
  proto,
  SocketConfig,
  WAMessageKey,
  WAPresence,
  WAVersion,
} from '@whiskeysockets/baileys';

/** The buffered event emitter (`makeEventBuffer`): `process` receives batches of events. */
export interface SocketEvents {
  process(handler: (events: Partial<BaileysEventMap>) => void | Promise<void>): () => void;
  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): boolean;
  /** Baileys' event buffer; optional so a test socket may leave them out. */
  isBuffering?(): boolean;
  flush?(): boolean;
}

export interface WhatsAppSocket {
  ev: SocketEvents;
  /** Our own account once logged in (`id` is a phone-number jid with a device suffix). */
  user?: { id: string; lid?: string; name?: string } | undefined;
  sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<proto.IWebMessageInfo | undefined>;
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  /** Subscribes to a contact's presence; WhatsApp Web does it before showing "digitando…". */
  presenceSubscribe(jid: string): Promise<void>;
  onWhatsApp(...phoneNumbers: string[]): Promise<Array<{ jid: string; exists: unknown }> | undefined>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** Sends an iq and waits for the answer (the channel only sends WhatsApp Web's keep-alive ping). */
  query?(node: BinaryNode, timeoutMs?: number): Promise<unknown>;
  logout(msg?: string): Promise<void>;
  end(error: Error | undefined): void | Promise<void>;
  signalRepository?: { lidMapping?: { getPNForLID(lid: string): Promise<string | null> } };
  /** Every group the account is in (`w:g2` participating). */
  groupFetchAllParticipating?(): Promise<Record<string, GroupMetadata>>;
  /** Sends a message built by hand (a photo re-posted by its media reference). */
  relayMessage?(jid: string, message: proto.IMessage, opts: { messageId: string }): Promise<string>;
}

type ILogger = SocketConfig['logger'];

export interface SocketOptions {
  numberId: number;
  auth: AuthenticationState;
  logger: ILogger;
  version: WAVersion;
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
  /**
   * Where the socket connects (Baileys `waWebSocketUrl`). Unset in production: WhatsApp's own
   * server. Set only from the test/diagnostic setting, to reach the local protocol stand-in.
   */
  waWebSocketUrl?: string;
}

export type SocketFactory = (options: SocketOptions) => WhatsAppSocket;
