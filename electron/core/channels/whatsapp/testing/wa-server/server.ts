/**
 * (Over 500 lines on purpose, test-only: one stand-in server whose connection, accounts and protocol
 * replies share state; Noise, Signal parties, groups and media are in the modules beside it.)
 * A WhatsApp Web server stand-in on 127.0.0.1 for tests. It speaks the real wire protocol to the
 * unchanged Baileys socket: WebSocket, Noise XX (server side, signed by a test root), binary
 * nodes, registration by QR or pairing code with a correctly signed device identity, login,
 * the init queries Baileys awaits, USync, pre-key bundles, Signal-encrypted messages both ways,
 * acks, receipts, notifications and stream errors with the real close codes.
 *
 * Everything is built on Baileys' own exported primitives and libsignal; nothing here replaces
 * code under test. See README ("How the WhatsApp channel is tested") for what it leaves out.
 */
import {
  aesDecryptCTR,
  aesDecryptGCM,
  aesEncryptCTR,
  Curve,
  derivePairingCodeKey,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  getBinaryNodeChildren,
  hkdf,
  hmacSign,
  jidDecode,
  proto,
  WA_ADV_ACCOUNT_SIG_PREFIX,
} from '@whiskeysockets/baileys';
import type { BinaryNode, MediaType } from '@whiskeysockets/baileys';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import { WaGroup, type GroupMember, type GroupOptions, type GroupRole } from './group';
import { MediaHost } from './media-host';
import { NoiseServer, TestRoot } from './noise';
import { ProtocolAddress, SignalParty, type PreKeyBundle } from './signal-party';

const S_WA = 's.whatsapp.net';

function unix(): string {
  return String(Math.floor(Date.now() / 1000));
}

function randomDigits(n: number): string {
  let s = String(crypto.randomInt(1, 10));
  while (s.length < n) s += String(crypto.randomInt(0, 10));
  return s;
}

function msgId(): string {
  return `3EB0${crypto.randomBytes(8).toString('hex').toUpperCase()}`;
}

function children(node: BinaryNode | undefined): BinaryNode[] {
  return Array.isArray(node?.content) ? (node!.content as BinaryNode[]) : [];
}

function bufOf(node: BinaryNode | undefined): Buffer | undefined {
  const c = node?.content;
  if (c instanceof Uint8Array) return Buffer.from(c);
  if (typeof c === 'string') return Buffer.from(c, 'utf8');
  return undefined;
}

/** What a simulated contact received: the decrypted message and, for media, the decrypted file. */
export interface ReceivedMessage {
  id: string;
  /** The linked account that sent it (digits). */
  fromAccount: string;
  /** The jid the client addressed (phone-number or LID form). */
  addressedTo: string;
  encType: 'pkmsg' | 'msg' | 'skmsg';
  message: proto.IMessage;
  media: Buffer | null;
  at: number;
  /** Set when the message was posted in a group the contact is in (sender-key encrypted). */
  groupJid?: string;
}

export type ReceiptKind = 'delivered' | 'read' | 'played';

export interface ContactOptions {
  /** The contact's LID user (digits). Random by default. */
  lid?: string;
  name?: string;
  /** False: `onWhatsApp` says this number is not on WhatsApp. */
  onWhatsApp?: boolean;
  /** Receipts sent by themselves for every message received. */
  autoReceipts?: ReceiptKind[];
}

export class WaContact {
  readonly party = new SignalParty();
  readonly lid: string;
  readonly name: string;
  onWhatsApp: boolean;
  autoReceipts: ReceiptKind[];
  readonly inbox: ReceivedMessage[] = [];
  private waiters: Array<() => void> = [];

  constructor(
    readonly phone: string,
    opts: ContactOptions,
  ) {
    this.lid = opts.lid ?? randomDigits(15);
    this.name = opts.name ?? `Contato ${phone.slice(-4)}`;
    this.onWhatsApp = opts.onWhatsApp ?? true;
    this.autoReceipts = opts.autoReceipts ?? [];
  }

  get jid(): string {
    return `${this.phone}@${S_WA}`;
  }

  get lidJid(): string {
    return `${this.lid}@lid`;
  }

  /** Resolves once a received message matches `pred` (the first one by default). */
  async waitForMessage(pred: (m: ReceivedMessage) => boolean = () => true, limitMs = 15_000): Promise<ReceivedMessage> {
    const start = Date.now();
    for (;;) {
      const found = this.inbox.find(pred);
      if (found) return found;
      if (Date.now() - start > limitMs) throw new Error(`contact ${this.phone.slice(-4)}: no matching message`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** @internal */
  deliver(m: ReceivedMessage): void {
    this.inbox.push(m);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

interface LinkedDevice {
  id: number;
  keyIndex: number;
  noisePub: Buffer;
  identityPub: Buffer;
  registrationId: number;
  signedPreKey: { id: number; pub: Buffer; sig: Buffer } | null;
  preKeys: Array<{ id: number; pub: Buffer }>;
  historySent: boolean;
  /** Removed on the phone ("Desconectar"): its next login fails with 401. */
  removed: boolean;
}

/** A WhatsApp account (a phone) that companion devices link to. */
export class WaAccount {
  /** The phone's own Signal identity; it is also the account signature key of the ADV identity. */
  readonly party = new SignalParty();
  readonly lid: string;
  readonly devices = new Map<number, LinkedDevice>();
  private nextDevice = 7;
  /** Messages waiting for the linked device to come online (replayed with `offline`). */
  readonly offlineQueue: Array<(conn: Connection) => Promise<BinaryNode>> = [];
  /** Acks for client messages carry this error (e.g. '463') while set. */
  messageError: string | null = null;
  /** Push names shown to the client. */
  constructor(
    readonly phone: string,
    readonly name: string,
    lid?: string,
  ) {
    this.lid = lid ?? randomDigits(15);
  }

  get jid(): string {
    return `${this.phone}@${S_WA}`;
  }

  /** @internal */
  addDevice(d: Omit<LinkedDevice, 'id' | 'keyIndex' | 'historySent' | 'removed'>): LinkedDevice {
    const id = this.nextDevice++;
    const dev: LinkedDevice = { ...d, id, keyIndex: id - 6, historySent: false, removed: false };
    this.devices.set(id, dev);
    return dev;
  }

  /** The bundle of a linked device, spending one of the pre-keys it uploaded. */
  deviceBundle(deviceId: number): PreKeyBundle | null {
    const d = this.devices.get(deviceId);
    if (!d?.signedPreKey) return null;
    const pre = d.preKeys.shift();
    const withType = (k: Buffer) => (k.length === 33 ? k : Buffer.concat([Buffer.from([5]), k]));
    return {
      registrationId: d.registrationId,
      identityKey: withType(d.identityPub),
      signedPreKey: { keyId: d.signedPreKey.id, publicKey: withType(d.signedPreKey.pub), signature: d.signedPreKey.sig },
      ...(pre ? { preKey: { keyId: pre.id, publicKey: withType(pre.pub) } } : {}),
    };
  }
}

/** Scenario switches (reconnect storms, rate limits…) applied to every connection. */
export interface StandInBehavior {
  /** Answer logins with `<failure reason=N>` (e.g. 429, 405, 403, 401). */
  loginFailure?: number | null;
  /** Close the socket right after a successful login. */
  dropAfterLogin?: boolean;
  /** Close the socket when an iq matches. */
  dropOnQuery?: ((iq: BinaryNode) => boolean) | null;
  /** Send `stream:error` conflict (440) right after each login. */
  conflictAfterLogin?: boolean;
  /** End every connection right after its login with this close code (e.g. 515, 503). */
  kickAfterLogin?: number | null;
  /** Do not answer the pre-login hello at all (a server that hangs). */
  silent?: boolean;
  /** Clients older than this WhatsApp Web version are refused with 405, as WhatsApp does. */
  minVersion?: [number, number, number] | null;
}

export interface StandInStats {
  logins: number;
  connections: number;
  /** Every iq the clients sent, by xmlns. */
  iqs: string[];
  /** Presence subscriptions (`presence type=subscribe`) by target jid. */
  presenceSubscriptions: string[];
  /** Chat states sent (composing/paused) by target jid. */
  chatstates: Array<{ to: string; state: string }>;
  /** Ids of the messages clients sent to contacts, in order (a resend shows up twice). */
  messages: string[];
}

interface PendingRegistration {
  refs: string[];
  noisePub: Buffer;
  identityPub: Buffer;
  registrationId: number;
  signedPreKey: { id: number; pub: Buffer; sig: Buffer };
  advSecret?: Buffer;
  /** Pairing-code path. */
  linkCode?: { phone: string; ref: string; wrappedCompanionEphemeral: Buffer; phoneEphemeral?: ReturnType<typeof Curve.generateKeyPair> };
}

/** One WebSocket connection (one Baileys socket). */
export class Connection {
  readonly noise: NoiseServer;
  account: WaAccount | null = null;
  device: LinkedDevice | null = null;
  registration: PendingRegistration | null = null;
  private state: 'hello' | 'finish' | 'open' | 'closed' = 'hello';
  private queue: Promise<void> = Promise.resolve();
  private readonly iqWaiters = new Map<string, (node: BinaryNode) => void>();
  private activated = false;

  constructor(
    readonly ws: WebSocket,
    private readonly server: WaStandIn,
  ) {
    this.noise = new NoiseServer(server.root);
    ws.on('message', (data: Buffer) => {
      this.queue = this.queue.then(() => this.onData(data)).catch((err: unknown) => this.server.onError(err, this));
    });
    ws.on('close', () => {
      this.state = 'closed';
      this.server.forget(this);
    });
  }

  get isOpen(): boolean {
    return this.state === 'open' && this.ws.readyState === this.ws.OPEN;
  }

  get deviceJid(): string | null {
    return this.account && this.device ? `${this.account.phone}:${this.device.id}@${S_WA}` : null;
  }

  /** The Signal address simulated parties use for this linked device. */
  get signalAddress(): ProtocolAddress {
    return new ProtocolAddress(this.account!.phone, this.device!.id);
  }

  async send(node: BinaryNode): Promise<void> {
    if (this.ws.readyState !== this.ws.OPEN) return;
    await new Promise<void>((resolve) => this.ws.send(this.noise.encodeNode(node), () => resolve()));
  }

  /** Sends an iq and waits for the client's answer. */
  async query(node: BinaryNode): Promise<BinaryNode> {
    const id = node.attrs.id ?? msgId();
    node.attrs.id = id;
    const answer = new Promise<BinaryNode>((resolve) => this.iqWaiters.set(id, resolve));
    await this.send(node);
    return answer;
  }

  /** Ends the stream the way WhatsApp does for `code`, then closes the socket. */
  async kick(code: number): Promise<void> {
    let node: BinaryNode;
    switch (code) {
      case 440:
        node = { tag: 'stream:error', attrs: {}, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] };
        break;
      case 500:
        node = { tag: 'stream:error', attrs: {}, content: [{ tag: 'xml-not-well-formed', attrs: {} }] };
        break;
      case 401:
        node = { tag: 'stream:error', attrs: { code: '401' }, content: [{ tag: 'conflict', attrs: { type: 'device_removed' } }] };
        break;
      case 403:
      case 405:
      case 429:
        node = { tag: 'failure', attrs: { reason: String(code), location: 'test' } };
        break;
      case 428:
        this.close();
        return;
      default:
        node = { tag: 'stream:error', attrs: { code: String(code) } };
    }
    await this.send(node);
    this.close();
  }

  close(): void {
    this.state = 'closed';
    try {
      this.ws.close();
    } catch {
      // already closed
    }
  }

  private async onData(data: Buffer): Promise<void> {
    for (const frame of this.noise.frames(Buffer.from(data))) {
      if (this.state === 'closed') return;
      if (this.state === 'hello') {
        if (this.server.behavior.silent) return;
        this.ws.send(this.noise.serverHello(frame));
        this.state = 'finish';
        continue;
      }
      if (this.state === 'finish') {
        const payload = this.noise.clientFinish(frame);
        this.state = 'open';
        await this.server.onClientPayload(this, payload);
        continue;
      }
      const node = await this.noise.decodeNode(frame);
      await this.server.onNode(this, node);
    }
  }

  /** @internal */
  resolveIq(node: BinaryNode): boolean {
    const id = node.attrs.id;
    const w = id ? this.iqWaiters.get(id) : undefined;
    if (!w) return false;
    this.iqWaiters.delete(id!);
    w(node);
    return true;
  }

  /** @internal the client said it is ready (passive active): replay what waited while it was away. */
  async activate(): Promise<void> {
    if (this.activated || !this.account) return;
    this.activated = true;
    const queued = this.account.offlineQueue.splice(0);
    for (const make of queued) {
      const node = await make(this);
      node.attrs.offline = '1';
      await this.send(node);
    }
    await this.send({ tag: 'ib', attrs: {}, content: [{ tag: 'offline', attrs: { count: String(queued.length) } }] });
    if (this.device && !this.device.historySent) {
      this.device.historySent = true;
      await this.server.sendHistoryBootstrap(this);
    }
  }
}

export interface StartOptions {
  /** Also start the HTTPS media host (needed for image/document/audio sends). */
  media?: boolean;
}

export class WaStandIn {
  readonly root = new TestRoot();
  readonly media = new MediaHost();
  readonly accounts = new Map<string, WaAccount>();
  readonly contacts = new Map<string, WaContact>();
  /** Groups by id (the digits before `@g.us`). */
  readonly groups = new Map<string, WaGroup>();
  readonly connections = new Set<Connection>();
  behavior: StandInBehavior = {};
  readonly stats: StandInStats = { logins: 0, connections: 0, iqs: [], presenceSubscriptions: [], chatstates: [], messages: [] };
  errors: unknown[] = [];
  private http: http.Server | null = null;
  private wss: WebSocketServer | null = null;
  private withMedia = false;

  static async start(opts: StartOptions = {}): Promise<WaStandIn> {
    const s = new WaStandIn();
    await s.listen(opts);
    return s;
  }

  /** `ws://127.0.0.1:PORT/ws/chat`: what the socket factory's `waWebSocketUrl` gets. */
  get url(): string {
    const a = this.http?.address() as AddressInfo | null;
    return `ws://127.0.0.1:${a?.port ?? 0}/ws/chat`;
  }

  /** The account behind a phone number (created on first use). */
  account(phone: string, name = 'Loja Teste', lid?: string): WaAccount {
    let a = this.accounts.get(phone);
    if (!a) {
      a = new WaAccount(phone, name, lid);
      this.accounts.set(phone, a);
    }
    return a;
  }

  /** A simulated contact (created on first use). */
  contact(phone: string, opts: ContactOptions = {}): WaContact {
    let c = this.contacts.get(phone);
    if (!c) {
      c = new WaContact(phone, opts);
      this.contacts.set(phone, c);
    }
    return c;
  }

  /** The live, logged-in connection of an account, if any. */
  connectionOf(phone: string): Connection | undefined {
    return [...this.connections].find((c) => c.account?.phone === phone && c.device && c.isOpen);
  }

  async waitForConnection(phone: string, limitMs = 15_000): Promise<Connection> {
    const start = Date.now();
    for (;;) {
      const c = this.connectionOf(phone);
      if (c) return c;
      if (Date.now() - start > limitMs) throw new Error('no logged-in connection');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // --- the phone ---

  /**
   * The account's phone scans a QR shown by the client
   * (`https://wa.me/settings/linked_devices#ref,noiseKey,identityKey,advSecret,platform`).
   */
  async scanQr(phone: string, qr: string): Promise<void> {
    const [ref, noiseB64, identityB64, advB64] = (qr.split('#')[1] ?? qr).split(',');
    const conn = [...this.connections].find((c) => c.registration?.refs.includes(ref ?? '') && c.isOpen);
    if (!conn?.registration) throw new Error('QR does not belong to a connection waiting for pairing');
    const reg = conn.registration;
    if (!reg.noisePub.equals(Buffer.from(noiseB64 ?? '', 'base64')) || !reg.identityPub.equals(Buffer.from(identityB64 ?? '', 'base64'))) {
      throw new Error('QR keys do not match the registering client');
    }
    reg.advSecret = Buffer.from(advB64 ?? '', 'base64');
    await this.pairSuccess(conn, this.account(phone));
  }

  /** The account's phone types the 8-character pairing code the client showed. */
  async enterPairingCode(phone: string, code: string, limitMs = 10_000): Promise<void> {
    const find = () => [...this.connections].find((c) => c.registration?.linkCode?.phone === phone && c.isOpen);
    // The client's companion_hello may still be on its way when the code is shown.
    for (const start = Date.now(); !find() && Date.now() - start < limitMs; ) await new Promise((r) => setTimeout(r, 20));
    const conn = find();
    const lc = conn?.registration?.linkCode;
    if (!conn || !lc) throw new Error('no client is waiting for a pairing code for this phone');
    const account = this.account(phone);
    const wrapped = lc.wrappedCompanionEphemeral;
    const companionEphemeral = aesDecryptCTR(wrapped.subarray(48, 80), await derivePairingCodeKey(code, wrapped.subarray(0, 32)), wrapped.subarray(32, 48));
    lc.phoneEphemeral = Curve.generateKeyPair();
    const salt = crypto.randomBytes(32);
    const ivb = crypto.randomBytes(16);
    const wrappedPrimary = Buffer.concat([salt, ivb, aesEncryptCTR(lc.phoneEphemeral.public, await derivePairingCodeKey(code, salt), ivb)]);
    (lc as { companionEphemeral?: Buffer }).companionEphemeral = Buffer.from(companionEphemeral);
    await conn.send({
      tag: 'notification',
      attrs: { from: S_WA, type: 'link_code_companion_reg', id: msgId(), t: unix() },
      content: [
        {
          tag: 'link_code_companion_reg',
          attrs: { stage: 'primary_hello' },
          content: [
            { tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(lc.ref) },
            { tag: 'primary_identity_pub', attrs: {}, content: account.party.identity.pubKey.subarray(1) },
            { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
          ],
        },
      ],
    });
  }

  /** The phone removes the linked device ("Desconectar"): the live socket gets 401, later logins too. */
  async unlink(phone: string): Promise<void> {
    const a = this.accounts.get(phone);
    if (!a) return;
    for (const d of a.devices.values()) d.removed = true;
    for (const c of [...this.connections]) if (c.account === a) await c.kick(401);
  }

  // --- contacts talking to a linked account ---

  /**
   * `contact` writes `text` to the account. Delivered at once when a device is online, otherwise
   * queued and replayed as an offline message on its next login. `via: 'lid'` sends it from the
   * contact's LID without the phone-number hint, as WhatsApp does for LID-only chats.
   */
  async sendText(contact: WaContact, accountPhone: string, text: string, opts: { id?: string; quotedId?: string; via?: 'pn' | 'lid'; chat?: 'direct' | 'group' | 'status' } = {}): Promise<string> {
    if (opts.chat === 'group') {
      // A group both are in (made on first use), with the message encrypted by sender key.
      const account = this.account(accountPhone);
      const group = [...this.groups.values()].find((g) => g.has(contact) && g.has(account)) ?? this.createGroup({ subject: 'Família', members: [[contact, 'superadmin'], account] });
      return this.postToGroup(contact, group, { text, ...(opts.quotedId ? { quotedId: opts.quotedId } : {}) }, opts.id ? { id: opts.id } : {});
    }
    const message: proto.IMessage = opts.quotedId
      ? { extendedTextMessage: { text, contextInfo: { stanzaId: opts.quotedId, participant: `${accountPhone}@${S_WA}` } } }
      : { conversation: text };
    return this.sendDirect(contact, accountPhone, message, opts);
  }

  /** `contact` shares a map pin with the account (WhatsApp's "Localização" attachment). */
  async sendLocation(contact: WaContact, accountPhone: string, location: { latitude: number; longitude: number; name?: string; address?: string }, opts: { id?: string } = {}): Promise<string> {
    const { latitude, longitude, name, address } = location;
    const pin: proto.Message.ILocationMessage = { degreesLatitude: latitude, degreesLongitude: longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) };
    return this.sendDirect(contact, accountPhone, { locationMessage: pin }, opts);
  }

  /** A one-to-one message from `contact`, live or queued for the account's next login. */
  private async sendDirect(contact: WaContact, accountPhone: string, message: proto.IMessage, opts: { id?: string; via?: 'pn' | 'lid'; chat?: 'direct' | 'group' | 'status' }): Promise<string> {
    const id = opts.id ?? msgId();
    const make = async (conn: Connection): Promise<BinaryNode> => {
      const account = conn.account!;
      const enc = await contact.party.encrypt(conn.signalAddress, message, () => account.deviceBundle(conn.device!.id));
      const via = opts.via ?? 'pn';
      const sender = via === 'lid' ? contact.lidJid : contact.jid;
      const attrs: Record<string, string> = { id, t: unix(), type: message.conversation != null || message.extendedTextMessage ? 'text' : 'media', notify: contact.name };
      if (opts.chat === 'status') {
        Object.assign(attrs, { from: 'status@broadcast', participant: sender });
      } else {
        attrs.from = sender;
        if (via === 'pn') attrs.sender_lid = contact.lidJid;
      }
      return { tag: 'message', attrs, content: [{ tag: 'enc', attrs: { v: '2', type: enc.type }, content: enc.ciphertext }] };
    };
    const conn = this.connectionOf(accountPhone);
    const account = this.account(accountPhone);
    if (conn) await conn.send(await make(conn));
    else account.offlineQueue.push(make);
    return id;
  }

  // --- groups ---

  /** A group with these members (contacts and linked accounts). */
  createGroup(opts: GroupOptions): WaGroup {
    const g = new WaGroup(opts);
    this.groups.set(g.id, g);
    return g;
  }

  /**
   * `contact` posts in `group`: every linked account in it receives the message encrypted with
   * the contact's sender key (`skmsg`), preceded by that key in a pairwise `pkmsg` the first
   * time. `mentions` are jids (`@` mentions); `image` is uploaded to the media host first.
   * Accounts without a live connection get it as an offline message on their next login.
   */
  async postToGroup(
    contact: WaContact,
    group: WaGroup,
    content: { text?: string; image?: { data: Buffer; mimetype: string }; quotedId?: string; quotedFrom?: string; mentions?: string[] },
    opts: { id?: string } = {},
  ): Promise<string> {
    if (!group.has(contact)) throw new Error('the contact is not in this group');
    const id = opts.id ?? msgId();
    const contextInfo: proto.IContextInfo | undefined =
      content.quotedId || content.mentions?.length
        ? {
            ...(content.quotedId ? { stanzaId: content.quotedId, participant: content.quotedFrom ?? '' } : {}),
            ...(content.mentions?.length ? { mentionedJid: content.mentions } : {}),
          }
        : undefined;
    let message: proto.IMessage;
    if (content.image) {
      const ref = await this.media.store(content.image.data, 'image');
      message = { imageMessage: { ...ref, mimetype: content.image.mimetype, caption: content.text ?? null, ...(contextInfo ? { contextInfo } : {}) } };
    } else if (contextInfo) {
      message = { extendedTextMessage: { text: content.text ?? '', contextInfo } };
    } else {
      message = { conversation: content.text ?? '' };
    }
    const self = new ProtocolAddress(contact.phone, 0);
    const { ciphertext, skdm } = await contact.party.encryptGroup(group.jid, self, message);
    group.record({ id, from: contact.phone, message, media: content.image?.data ?? null, readBy: [], at: Date.now() });
    for (const member of group.members.keys()) {
      if (!(member instanceof WaAccount)) continue;
      const account = member;
      const make = async (conn: Connection): Promise<BinaryNode> => {
        const enc: BinaryNode[] = [];
        const given = `${contact.phone}>${conn.deviceJid}`;
        if (!group.keysGiven.has(given)) {
          const pair = await contact.party.encrypt(conn.signalAddress, { senderKeyDistributionMessage: { groupId: group.jid, axolotlSenderKeyDistributionMessage: skdm } }, () =>
            account.deviceBundle(conn.device!.id),
          );
          group.keysGiven.add(given);
          enc.push({ tag: 'enc', attrs: { v: '2', type: pair.type }, content: pair.ciphertext });
        }
        enc.push({ tag: 'enc', attrs: { v: '2', type: 'skmsg', ...(content.image ? { mediatype: 'image' } : {}) }, content: ciphertext });
        return {
          tag: 'message',
          attrs: {
            from: group.jid,
            participant: group.memberJid(contact),
            ...(group.addressingMode === 'lid' ? { participant_pn: contact.jid } : { participant_lid: contact.lidJid }),
            addressing_mode: group.addressingMode,
            id,
            t: unix(),
            type: content.image ? 'media' : 'text',
            notify: contact.name,
          },
          content: enc,
        };
      };
      const conn = this.connectionOf(account.phone);
      if (conn) await conn.send(await make(conn));
      else account.offlineQueue.push(make);
    }
    return id;
  }

  /** A member of `group` sends a delivery/read receipt for a message the account posted there. */
  async groupReceipt(contact: WaContact, accountPhone: string, group: WaGroup, messageId: string, kind: ReceiptKind): Promise<void> {
    const conn = this.connectionOf(accountPhone);
    if (!conn) throw new Error('account offline');
    const attrs: Record<string, string> = { id: messageId, from: group.jid, participant: group.memberJid(contact), t: unix() };
    if (kind !== 'delivered') attrs.type = kind;
    await conn.send({ tag: 'receipt', attrs });
  }

  /** The group's name changes (a `w:gp2` subject notification to every linked member). */
  async renameGroup(group: WaGroup, subject: string, by?: GroupMember): Promise<void> {
    group.subject = subject;
    await this.notifyGroup(group, by, { tag: 'subject', attrs: { subject, s_t: unix(), ...(by ? { s_o: group.memberJid(by) } : {}) } });
  }

  /** "Somente admins" on or off. */
  async setGroupAnnounce(group: WaGroup, on: boolean, by?: GroupMember): Promise<void> {
    group.announce = on;
    await this.notifyGroup(group, by, { tag: on ? 'announcement' : 'not_announcement', attrs: {} });
  }

  /** Someone joins (or is added to) the group; when `member` is an account, it is that account's new group. */
  async addToGroup(group: WaGroup, member: GroupMember, role: GroupRole = 'member', by?: GroupMember): Promise<void> {
    group.members.set(member, role);
    await this.notifyGroup(group, by, { tag: 'add', attrs: {}, content: [group.participantNode(member)] });
  }

  async removeFromGroup(group: WaGroup, member: GroupMember, by?: GroupMember): Promise<void> {
    const node = group.participantNode(member);
    const accountConn = member instanceof WaAccount ? this.connectionOf(member.phone) : undefined;
    group.members.delete(member);
    await this.notifyGroup(group, by, { tag: 'remove', attrs: {}, content: [node] });
    // The removed account is no longer a member, so it would not get the notification above.
    if (accountConn) await this.sendGroupNotification(accountConn, group, by, { tag: 'remove', attrs: {}, content: [node] });
  }

  /** Makes a member admin (or takes it away). */
  async setGroupRole(group: WaGroup, member: GroupMember, role: GroupRole, by?: GroupMember): Promise<void> {
    const promote = role !== 'member';
    group.members.set(member, role);
    await this.notifyGroup(group, by, { tag: promote ? 'promote' : 'demote', attrs: {}, content: [group.participantNode(member)] });
  }

  private async notifyGroup(group: WaGroup, by: GroupMember | undefined, child: BinaryNode): Promise<void> {
    for (const member of group.members.keys()) {
      if (!(member instanceof WaAccount)) continue;
      const conn = this.connectionOf(member.phone);
      if (conn) await this.sendGroupNotification(conn, group, by, child);
    }
  }

  private async sendGroupNotification(conn: Connection, group: WaGroup, by: GroupMember | undefined, child: BinaryNode): Promise<void> {
    const actor = by ?? group.creator;
    await conn.send({
      tag: 'notification',
      attrs: {
        from: group.jid,
        type: 'w:gp2',
        id: msgId(),
        t: unix(),
        ...(actor ? { participant: group.memberJid(actor), ...(group.addressingMode === 'lid' ? { participant_pn: `${actor.phone}@${S_WA}` } : {}) } : {}),
        addressing_mode: group.addressingMode,
      },
      content: [child],
    });
  }

  /** `contact` sends a delivery/read/played receipt for a message the account sent. */
  async receipt(contact: WaContact, accountPhone: string, messageId: string, kind: ReceiptKind, via: 'pn' | 'lid' = 'lid'): Promise<void> {
    const conn = this.connectionOf(accountPhone);
    if (!conn) throw new Error('account offline');
    const attrs: Record<string, string> = { id: messageId, from: via === 'lid' ? contact.lidJid : contact.jid, t: unix() };
    if (kind !== 'delivered') attrs.type = kind;
    await conn.send({ tag: 'receipt', attrs });
  }

  /**
   * `contact` could not decrypt a message and asks for it again (a retry receipt). Baileys answers
   * from its in-memory cache, or after a restart from the app's `getMessage`.
   */
  async requestRetry(contact: WaContact, accountPhone: string, messageId: string): Promise<void> {
    const conn = this.connectionOf(accountPhone);
    if (!conn) throw new Error('account offline');
    const reg = Buffer.alloc(4);
    reg.writeUInt32BE(contact.party.registrationId);
    await conn.send({
      tag: 'receipt',
      attrs: { id: messageId, from: contact.jid, type: 'retry', t: unix() },
      content: [
        { tag: 'retry', attrs: { count: '1', id: messageId, t: unix(), v: '1' } },
        { tag: 'registration', attrs: {}, content: reg },
      ],
    });
  }

  /** WhatsApp warns the account it is close to (or at) its new-chat cap. */
  async capping(accountPhone: string, status: 'FIRST_WARNING' | 'SECOND_WARNING' | 'CAPPED'): Promise<void> {
    await this.mexNotification(accountPhone, 'MessageCappingInfoNotification', { xwa2_notify_new_chat_messages_capping_info_update: { capping_status: status } });
  }

  /** WhatsApp time-locks the account's reach-out to new contacts until `ends`. */
  async timelock(accountPhone: string, ends: Date): Promise<void> {
    await this.mexNotification(accountPhone, 'NotificationUserReachoutTimelockUpdate', {
      xwa2_notify_account_reachout_timelock: { is_active: true, time_enforcement_ends: String(Math.floor(ends.getTime() / 1000)), enforcement_type: 'DEFAULT' },
    });
  }

  /** Ends the account's live connection with a close code (see {@link Connection.kick}). */
  async kick(accountPhone: string, code: number): Promise<void> {
    const conn = this.connectionOf(accountPhone);
    if (!conn) throw new Error('account offline');
    await conn.kick(code);
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    const h = this.http;
    this.http = null;
    if (h) {
      h.closeAllConnections?.();
      await new Promise<void>((resolve) => h.close(() => resolve()));
    }
    if (this.withMedia) await this.media.stop();
  }

  // --- internals ---

  private async listen(opts: StartOptions): Promise<void> {
    this.withMedia = opts.media ?? true;
    if (this.withMedia) await this.media.start();
    this.http = http.createServer((_req, res) => res.writeHead(426).end());
    this.wss = new WebSocketServer({ server: this.http, path: '/ws/chat' });
    this.wss.on('connection', (ws) => {
      this.stats.connections += 1;
      this.connections.add(new Connection(ws, this));
    });
    await new Promise<void>((resolve) => this.http!.listen(0, '127.0.0.1', resolve));
  }

  /** @internal */
  forget(conn: Connection): void {
    this.connections.delete(conn);
  }

  /** @internal */
  onError(err: unknown, conn: Connection): void {
    this.errors.push(err);
    conn.close();
  }

  /** @internal the client finished the handshake with a login or a registration payload. */
  async onClientPayload(conn: Connection, payload: proto.ClientPayload): Promise<void> {
    const pairing = payload.devicePairingData;
    if (pairing) {
      const sk = pairing.eSkeyId ? Buffer.from(pairing.eSkeyId) : Buffer.alloc(3);
      conn.registration = {
        refs: Array.from({ length: 6 }, () => `2@${crypto.randomBytes(24).toString('base64')}`),
        noisePub: conn.noise.clientStatic!,
        identityPub: Buffer.from(pairing.eIdent ?? []),
        registrationId: Buffer.from(pairing.eRegid ?? Buffer.alloc(4)).readUInt32BE(0),
        signedPreKey: { id: sk.readUIntBE(0, 3), pub: Buffer.from(pairing.eSkeyVal ?? []), sig: Buffer.from(pairing.eSkeySig ?? []) },
      };
      await conn.send({
        tag: 'iq',
        attrs: { from: S_WA, type: 'set', id: msgId(), xmlns: 'md' },
        content: [{ tag: 'pair-device', attrs: {}, content: conn.registration.refs.map((r) => ({ tag: 'ref', attrs: {}, content: Buffer.from(r) })) }],
      });
      return;
    }
    const min = this.behavior.minVersion;
    const v = payload.userAgent?.appVersion;
    if (min && v) {
      const mine = [v.primary ?? 0, v.secondary ?? 0, v.tertiary ?? 0];
      const older = mine[0] < min[0] || (mine[0] === min[0] && (mine[1] < min[1] || (mine[1] === min[1] && mine[2] < min[2])));
      if (older) {
        await conn.kick(405);
        return;
      }
    }
    const phone = String(payload.username ?? '');
    const account = this.accounts.get(phone);
    const device = account?.devices.get(payload.device ?? -1);
    if (this.behavior.loginFailure) {
      await conn.kick(this.behavior.loginFailure);
      return;
    }
    if (!account || !device || device.removed || !device.noisePub.equals(conn.noise.clientStatic!)) {
      await conn.kick(401);
      return;
    }
    conn.account = account;
    conn.device = device;
    this.stats.logins += 1;
    // One socket per device: a second login knocks the first one off, as WhatsApp does.
    for (const other of [...this.connections]) {
      if (other !== conn && other.account === account && other.device === device && other.isOpen) await other.kick(440);
    }
    await conn.send({ tag: 'success', attrs: { t: unix(), lid: `${account.lid}:${device.id}@lid`, location: 'test', props: '1', abprops: '1' } });
    if (this.behavior.dropAfterLogin) {
      conn.close();
      return;
    }
    if (this.behavior.conflictAfterLogin) {
      await conn.kick(440);
      return;
    }
    if (this.behavior.kickAfterLogin) await conn.kick(this.behavior.kickAfterLogin);
  }

  /** @internal */
  async onNode(conn: Connection, node: BinaryNode): Promise<void> {
    switch (node.tag) {
      case 'iq':
        if ((node.attrs.type === 'result' || node.attrs.type === 'error') && conn.resolveIq(node)) return;
        await this.onIq(conn, node);
        return;
      case 'message':
        await this.onClientMessage(conn, node);
        return;
      case 'presence':
        if (node.attrs.type === 'subscribe' && node.attrs.to) this.stats.presenceSubscriptions.push(node.attrs.to);
        return;
      case 'chatstate': {
        const state = children(node)[0]?.tag ?? '';
        if (node.attrs.to) this.stats.chatstates.push({ to: node.attrs.to, state });
        return;
      }
      default:
        // receipts and acks from the client, unified_session, etc.: nothing to answer
        return;
    }
  }

  private async onIq(conn: Connection, iq: BinaryNode): Promise<void> {
    const xmlns = iq.attrs.xmlns ?? '';
    const child = children(iq)[0];
    this.stats.iqs.push(child ? `${xmlns}:${child.tag}` : xmlns);
    if (this.behavior.dropOnQuery?.(iq)) {
      conn.close();
      return;
    }
    const result = (content?: BinaryNode[]): BinaryNode => ({
      tag: 'iq',
      attrs: { from: S_WA, type: 'result', id: iq.attrs.id ?? '' },
      ...(content ? { content } : {}),
    });
    const account = conn.account;
    const device = conn.device;
    switch (xmlns) {
      case 'encrypt': {
        if (child?.tag === 'count') {
          await conn.send(result([{ tag: 'count', attrs: { value: String(device?.preKeys.length ?? 0) } }]));
          return;
        }
        if (child?.tag === 'digest') {
          await conn.send(result([{ tag: 'digest', attrs: {} }]));
          return;
        }
        if (child?.tag === 'key') {
          await conn.send(result([{ tag: 'list', attrs: {}, content: this.keyBundles(children(child)) }]));
          return;
        }
        if (device && getBinaryNodeChild(iq, 'list')) {
          // Pre-key upload.
          device.identityPub = getBinaryNodeChildBuffer(iq, 'identity') ? Buffer.from(getBinaryNodeChildBuffer(iq, 'identity')!) : device.identityPub;
          device.registrationId = Buffer.from(getBinaryNodeChildBuffer(iq, 'registration') ?? Buffer.alloc(4)).readUInt32BE(0);
          for (const k of getBinaryNodeChildren(getBinaryNodeChild(iq, 'list'), 'key')) {
            device.preKeys.push({ id: bufOf(getBinaryNodeChild(k, 'id'))!.readUIntBE(0, 3), pub: bufOf(getBinaryNodeChild(k, 'value'))! });
          }
          const sk = getBinaryNodeChild(iq, 'skey');
          if (sk) device.signedPreKey = { id: bufOf(getBinaryNodeChild(sk, 'id'))!.readUIntBE(0, 3), pub: bufOf(getBinaryNodeChild(sk, 'value'))!, sig: bufOf(getBinaryNodeChild(sk, 'signature'))! };
        }
        await conn.send(result());
        return;
      }
      case 'passive':
        await conn.send(result());
        if (child?.tag === 'active') await conn.activate();
        return;
      case 'usync':
        await conn.send(result([this.usync(conn, child!)]));
        return;
      case 'abt':
        await conn.send(
          result([
            {
              tag: 'props',
              attrs: { protocol: '1', hash: 'standin' },
              content: [
                { tag: 'prop', attrs: { config_code: '10518', config_value: 'false' } },
                { tag: 'prop', attrs: { config_code: '14303', config_value: 'false' } },
              ],
            },
          ]),
        );
        return;
      case 'blocklist':
        await conn.send(result([{ tag: 'list', attrs: {} }]));
        return;
      case 'privacy':
        if (child?.tag === 'privacy') {
          await conn.send(
            result([
              {
                tag: 'privacy',
                attrs: {},
                content: ['readreceipts', 'profile', 'status', 'online', 'last', 'groupadd', 'calladd'].map((name) => ({ tag: 'category', attrs: { name, value: 'all' } })),
              },
            ]),
          );
        } else {
          await conn.send(result());
        }
        return;
      case 'w:m':
        await conn.send(
          result([
            {
              tag: 'media_conn',
              attrs: { auth: 'standin-auth', ttl: '3600' },
              content: [{ tag: 'host', attrs: { hostname: this.media.hostname, maxContentLengthBytes: String(100 * 1024 * 1024) } }],
            },
          ]),
        );
        return;
      case 'w:sync:app:state':
        // Empty collections at version 0: nothing to sync, each collection is done.
        await conn.send(
          result([
            {
              tag: 'sync',
              attrs: {},
              content: getBinaryNodeChildren(child, 'collection').map((c) => ({ tag: 'collection', attrs: { name: c.attrs.name ?? '', version: '0' } })),
            },
          ]),
        );
        return;
      case 'md':
        await this.onMd(conn, iq, child);
        return;
      case 'w:g2':
        await conn.send(this.onGroupIq(conn, iq, child));
        return;
      default:
        // ping (w:p), w:stats, w:profile:picture, privacy tokens, mex…: an empty result is enough.
        if (account || xmlns === 'w:p' || conn.registration) await conn.send(result());
    }
  }

  private async onMd(conn: Connection, iq: BinaryNode, child: BinaryNode | undefined): Promise<void> {
    const result: BinaryNode = { tag: 'iq', attrs: { from: S_WA, type: 'result', id: iq.attrs.id ?? '' } };
    if (child?.tag === 'remove-companion-device') {
      if (conn.device) conn.device.removed = true;
      await conn.send(result);
      await conn.kick(401);
      return;
    }
    if (child?.tag === 'link_code_companion_reg' && conn.registration) {
      const stage = child.attrs.stage;
      if (stage === 'companion_hello') {
        const phone = (child.attrs.jid ?? '').split('@')[0] ?? '';
        const ref = `2@${crypto.randomBytes(12).toString('hex')}`;
        conn.registration.linkCode = { phone, ref, wrappedCompanionEphemeral: bufOf(getBinaryNodeChild(child, 'link_code_pairing_wrapped_companion_ephemeral_pub'))! };
        await conn.send({ ...result, content: [{ tag: 'link_code_companion_reg', attrs: {}, content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(ref) }] }] });
        return;
      }
      if (stage === 'companion_finish') {
        const lc = conn.registration.linkCode as (PendingRegistration['linkCode'] & { companionEphemeral?: Buffer }) | undefined;
        if (!lc?.phoneEphemeral || !lc.companionEphemeral) throw new Error('companion_finish before primary_hello');
        const account = this.account(lc.phone);
        const bundle = bufOf(getBinaryNodeChild(child, 'link_code_pairing_wrapped_key_bundle'))!;
        const companionShared = Curve.sharedKey(lc.phoneEphemeral.private, lc.companionEphemeral);
        const key = hkdf(companionShared, 32, { salt: bundle.subarray(0, 32), info: 'link_code_pairing_key_bundle_encryption_key' });
        const plain = aesDecryptGCM(bundle.subarray(44), Buffer.from(key), bundle.subarray(32, 44), Buffer.alloc(0));
        const companionIdentity = plain.subarray(0, 32);
        const random = plain.subarray(64, 96);
        const identityShared = Curve.sharedKey(account.party.identity.privKey, companionIdentity);
        conn.registration.advSecret = Buffer.from(hkdf(Buffer.concat([companionShared, identityShared, random]), 32, { info: 'adv_secret' }));
        await conn.send(result);
        // Not awaited: pair-success waits for the client's answer, which arrives on this same queue.
        void this.pairSuccess(conn, account).catch((err: unknown) => this.onError(err, conn));
        return;
      }
    }
    await conn.send(result);
  }

  /** Sends `pair-success` with a device identity signed by the account key, then 515 once the client signed it. */
  private async pairSuccess(conn: Connection, account: WaAccount): Promise<void> {
    const reg = conn.registration!;
    const device = account.addDevice({
      noisePub: reg.noisePub,
      identityPub: reg.identityPub,
      registrationId: reg.registrationId,
      signedPreKey: reg.signedPreKey,
      preKeys: [],
    });
    const accountKey = account.party.identity;
    const details = proto.ADVDeviceIdentity.encode({ rawId: crypto.randomInt(1, 2 ** 31), timestamp: Math.floor(Date.now() / 1000), keyIndex: device.keyIndex }).finish();
    const accountSignature = Curve.sign(accountKey.privKey, Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, details, reg.identityPub]));
    const signed = proto.ADVSignedDeviceIdentity.encode({ details, accountSignatureKey: accountKey.pubKey.subarray(1), accountSignature }).finish();
    const hmac = hmacSign(Buffer.from(signed), reg.advSecret!);
    const identityHmac = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish();
    const answer = conn.query({
      tag: 'iq',
      attrs: { from: S_WA, type: 'set', id: msgId(), t: unix() },
      content: [
        {
          tag: 'pair-success',
          attrs: {},
          content: [
            { tag: 'device-identity', attrs: { 'key-index': String(device.keyIndex) }, content: identityHmac },
            { tag: 'platform', attrs: { name: 'smbi' } },
            { tag: 'device', attrs: { jid: `${account.phone}:${device.id}@${S_WA}`, lid: `${account.lid}:${device.id}@lid` } },
            { tag: 'biz', attrs: { name: account.name } },
          ],
        },
      ],
    });
    const reply = await answer;
    if (!getBinaryNodeChild(reply, 'pair-device-sign')) throw new Error('client did not sign the device identity');
    conn.registration = null;
    // As WhatsApp does after pairing: the client must reconnect and log in.
    await conn.kick(515);
  }

  /** The `<user>` bundles of an `encrypt`/`key` query. */
  private keyBundles(users: BinaryNode[]): BinaryNode[] {
    const out: BinaryNode[] = [];
    for (const u of users) {
      const jid = u.attrs.jid ?? '';
      const party = this.partyOf(jid);
      const companion = party ? null : this.companionBundle(jid);
      if (party) out.push(party.bundleNode(jid));
      else if (companion) out.push(companion);
      else out.push({ tag: 'user', attrs: { jid }, content: [{ tag: 'error', attrs: { code: '404', text: 'item-not-found' } }] });
    }
    return out;
  }

  /**
   * The bundle of a linked (companion) device, from the keys it uploaded: Baileys asks for its
   * own other devices' keys when it posts in a LID-addressed group.
   */
  private companionBundle(jid: string): BinaryNode | null {
    const d = jidDecode(jid);
    if (!d?.user || !d.device) return null;
    const account = [...this.accounts.values()].find((a) => a.phone === d.user || a.lid === d.user);
    const b = account?.deviceBundle(d.device);
    if (!b) return null;
    const three = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
    const reg = Buffer.alloc(4);
    reg.writeUInt32BE(b.registrationId);
    const content: BinaryNode[] = [
      { tag: 'registration', attrs: {}, content: reg },
      { tag: 'type', attrs: {}, content: Buffer.from([5]) },
      { tag: 'identity', attrs: {}, content: b.identityKey.subarray(1) },
      {
        tag: 'skey',
        attrs: {},
        content: [
          { tag: 'id', attrs: {}, content: three(b.signedPreKey.keyId) },
          { tag: 'value', attrs: {}, content: b.signedPreKey.publicKey.subarray(1) },
          { tag: 'signature', attrs: {}, content: b.signedPreKey.signature },
        ],
      },
    ];
    if (b.preKey) content.push({ tag: 'key', attrs: {}, content: [{ tag: 'id', attrs: {}, content: three(b.preKey.keyId) }, { tag: 'value', attrs: {}, content: b.preKey.publicKey.subarray(1) }] });
    return { tag: 'user', attrs: { jid }, content };
  }

  /** The simulated device behind a jid: a contact's phone, or an account's own phone (device 0). */
  private partyOf(jid: string): SignalParty | null {
    const d = jidDecode(jid);
    if (!d?.user) return null;
    if (d.device) {
      // Companion devices of an account are real Baileys clients, not simulated here.
      return null;
    }
    for (const c of this.contacts.values()) if (c.phone === d.user || c.lid === d.user) return c.party;
    for (const a of this.accounts.values()) if (a.phone === d.user || a.lid === d.user) return a.party;
    return null;
  }

  private contactOf(jid: string): WaContact | null {
    const user = jidDecode(jid)?.user;
    for (const c of this.contacts.values()) if (c.phone === user || c.lid === user) return c;
    return null;
  }

  private usync(conn: Connection, usync: BinaryNode): BinaryNode {
    const query = getBinaryNodeChild(usync, 'query');
    const protocols = new Set(children(query).map((p) => p.tag));
    const users = getBinaryNodeChildren(getBinaryNodeChild(usync, 'list'), 'user');
    const out: BinaryNode[] = [];
    for (const u of users) {
      const contactNode = getBinaryNodeChild(u, 'contact');
      const phoneQuery = typeof contactNode?.content === 'string' ? contactNode.content : bufOf(contactNode)?.toString('utf8');
      if (phoneQuery) {
        const digits = phoneQuery.replace(/\D/g, '');
        const c = this.contacts.get(digits);
        const a = this.accounts.get(digits);
        const inWa = (c?.onWhatsApp ?? false) || !!a;
        out.push({ tag: 'user', attrs: { jid: `${digits}@${S_WA}` }, content: [{ tag: 'contact', attrs: { type: inWa ? 'in' : 'out' } }] });
        continue;
      }
      const jid = u.attrs.jid ?? '';
      const d = jidDecode(jid);
      if (!d?.user) continue;
      const content: BinaryNode[] = [];
      const account = [...this.accounts.values()].find((a) => a.phone === d.user || a.lid === d.user);
      const contact = this.contactOf(jid);
      if (protocols.has('devices')) {
        const list: BinaryNode[] = [{ tag: 'device', attrs: { id: '0' } }];
        if (account) for (const dev of account.devices.values()) if (!dev.removed) list.push({ tag: 'device', attrs: { id: String(dev.id), 'key-index': String(dev.keyIndex) } });
        content.push({ tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: list }] });
      }
      if (protocols.has('lid') && d.server === S_WA) {
        const lid = account?.lid ?? contact?.lid;
        if (lid) content.push({ tag: 'lid', attrs: { val: `${lid}@lid` } });
      }
      if (account || contact) out.push({ tag: 'user', attrs: { jid }, content });
    }
    void conn;
    return { tag: 'usync', attrs: { sid: usync.attrs.sid ?? '', index: '0', last: 'true' }, content: [{ tag: 'list', attrs: {}, content: out }] };
  }

  /** A message from the client: decrypt each `to` copy with the recipient's own Signal state. */
  private async onClientMessage(conn: Connection, node: BinaryNode): Promise<void> {
    const account = conn.account;
    if (!account || !conn.device) return;
    const id = node.attrs.id ?? '';
    const to = node.attrs.to ?? '';
    const copies: Array<{ jid: string; enc: BinaryNode }> = [];
    for (const p of getBinaryNodeChildren(getBinaryNodeChild(node, 'participants'), 'to')) {
      const enc = getBinaryNodeChild(p, 'enc');
      if (enc) copies.push({ jid: p.attrs.jid ?? '', enc });
    }
    const direct = getBinaryNodeChild(node, 'enc');
    if (to.endsWith('@g.us')) {
      await this.onClientGroupMessage(conn, node, copies, direct);
      return;
    }
    if (direct) copies.push({ jid: to, enc: direct });
    const contact = this.contactOf(to);
    if (contact) this.stats.messages.push(id);
    const error = contact && account.messageError ? account.messageError : null;
    await conn.send({ tag: 'ack', attrs: { class: 'message', id, from: to, t: unix(), ...(error ? { error } : {}) } });
    if (error) return;
    for (const copy of copies) {
      const party = this.partyOf(copy.jid);
      const type = copy.enc.attrs.type as 'pkmsg' | 'msg';
      if (!party || (type !== 'pkmsg' && type !== 'msg')) continue;
      const message = await party.decrypt(conn.signalAddress, type, bufOf(copy.enc)!);
      const c = this.contactOf(copy.jid);
      if (!c) continue; // our own phone's copy (device-sent message): decrypted to keep its session in step
      const media = await this.decryptMedia(message);
      c.deliver({ id, fromAccount: account.phone, addressedTo: copy.jid, encType: type, message, media, at: Date.now() });
      for (const kind of c.autoReceipts) {
        setTimeout(() => void this.receipt(c, account.phone, id, kind).catch(() => {}), 20);
      }
    }
  }

  /**
   * A message the client posted in a group: each member device first gets the client's sender
   * key in a pairwise `pkmsg`/`msg` (only the first time), then every member decrypts the one
   * `skmsg` with it, as WhatsApp's phones do.
   */
  private async onClientGroupMessage(conn: Connection, node: BinaryNode, copies: Array<{ jid: string; enc: BinaryNode }>, skmsg: BinaryNode | undefined): Promise<void> {
    const account = conn.account!;
    const id = node.attrs.id ?? '';
    const to = node.attrs.to ?? '';
    const group = this.groups.get(jidDecode(to)?.user ?? '');
    this.stats.messages.push(id);
    if (!group?.has(account)) {
      await conn.send({ tag: 'ack', attrs: { class: 'message', id, from: to, t: unix(), error: '403' } });
      return;
    }
    await conn.send({ tag: 'ack', attrs: { class: 'message', id, from: to, t: unix() } });
    for (const copy of copies) {
      const party = this.partyOf(copy.jid);
      const type = copy.enc.attrs.type as 'pkmsg' | 'msg';
      if (!party || (type !== 'pkmsg' && type !== 'msg')) continue;
      const m = await party.decrypt(conn.signalAddress, type, bufOf(copy.enc)!);
      const skdm = m.senderKeyDistributionMessage?.axolotlSenderKeyDistributionMessage;
      if (skdm) await party.processSenderKey(group.jid, conn.signalAddress, skdm);
    }
    if (skmsg?.attrs.type !== 'skmsg') return;
    const readBy: string[] = [];
    let message: proto.IMessage | null = null;
    let media: Buffer | null = null;
    for (const member of group.members.keys()) {
      if (!(member instanceof WaContact)) continue;
      if (!member.party.hasSenderKey(group.jid, conn.signalAddress)) continue;
      const m = await member.party.decryptGroup(group.jid, conn.signalAddress, bufOf(skmsg)!);
      if (!message) {
        message = m;
        media = await this.decryptMedia(m);
      }
      readBy.push(member.phone);
      member.deliver({ id, fromAccount: account.phone, addressedTo: to, encType: 'skmsg', message: m, media, at: Date.now(), groupJid: group.jid });
      for (const kind of member.autoReceipts) {
        setTimeout(() => void this.groupReceipt(member, account.phone, group, id, kind).catch(() => {}), 20);
      }
    }
    if (message) group.record({ id, from: account.phone, message, media, readBy, at: Date.now() });
  }

  /** `w:g2` queries: a group's metadata, or every group the account is in. */
  private onGroupIq(conn: Connection, iq: BinaryNode, child: BinaryNode | undefined): BinaryNode {
    const base = { from: iq.attrs.to ?? '@g.us', id: iq.attrs.id ?? '' };
    const error = (code: string, text: string): BinaryNode => ({ tag: 'iq', attrs: { ...base, type: 'error' }, content: [{ tag: 'error', attrs: { code, text } }] });
    const account = conn.account;
    if (!account) return error('401', 'not-authorized');
    if (child?.tag === 'participating') {
      const mine = [...this.groups.values()].filter((g) => g.has(account));
      return { tag: 'iq', attrs: { ...base, type: 'result' }, content: [{ tag: 'groups', attrs: {}, content: mine.map((g) => g.node()) }] };
    }
    if (child?.tag === 'query') {
      const group = this.groups.get(jidDecode(iq.attrs.to ?? '')?.user ?? '');
      if (!group) return error('404', 'item-not-found');
      if (!group.has(account)) return error('403', 'forbidden');
      return { tag: 'iq', attrs: { ...base, type: 'result' }, content: [group.node()] };
    }
    // Changing groups (create, subject, participants…) is not simulated.
    return error('501', 'feature-not-implemented');
  }

  private async decryptMedia(m: proto.IMessage): Promise<Buffer | null> {
    const pick: Array<[unknown, MediaType]> = [
      [m.imageMessage, 'image'],
      [m.videoMessage, 'video'],
      [m.audioMessage, 'audio'],
      [m.documentMessage, 'document'],
      [m.documentWithCaptionMessage?.message?.documentMessage, 'document'],
    ];
    for (const [media, type] of pick) {
      if (media) return this.media.decrypt(media as { mediaKey?: Uint8Array; fileEncSha256?: Uint8Array }, type);
    }
    return null;
  }

  private async mexNotification(accountPhone: string, opName: string, data: unknown): Promise<void> {
    const conn = this.connectionOf(accountPhone);
    if (!conn) throw new Error('account offline');
    await conn.send({
      tag: 'notification',
      attrs: { from: S_WA, type: 'mex', id: msgId(), t: unix() },
      content: [{ tag: 'update', attrs: { op_name: opName }, content: Buffer.from(JSON.stringify({ data })) }],
    });
  }

  /**
   * The phone's first history sync after pairing (INITIAL_BOOTSTRAP, inline payload): the
   * LID ↔ phone mappings of the contacts it knows, which Baileys needs from history.
   * @internal
   */
  async sendHistoryBootstrap(conn: Connection): Promise<void> {
    const account = conn.account!;
    const history = proto.HistorySync.encode({
      syncType: proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP,
      progress: 100,
      conversations: [],
      phoneNumberToLidMappings: [...this.contacts.values()].filter((c) => c.onWhatsApp).map((c) => ({ pnJid: c.jid, lidJid: c.lidJid })),
    }).finish();
    const message: proto.IMessage = {
      protocolMessage: {
        type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
        historySyncNotification: {
          syncType: proto.Message.HistorySyncType.INITIAL_BOOTSTRAP,
          progress: 100,
          initialHistBootstrapInlinePayload: deflateSync(history),
        },
      },
    };
    const enc = await account.party.encrypt(conn.signalAddress, message, () => account.deviceBundle(conn.device!.id));
    await conn.send({
      tag: 'message',
      attrs: { from: account.jid, id: msgId(), t: unix(), type: 'text', category: 'peer' },
      content: [{ tag: 'enc', attrs: { v: '2', type: enc.type }, content: enc.ciphertext }],
    });
  }
}
