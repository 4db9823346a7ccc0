/**
 * A simulated WhatsApp user device (a contact's phone, or the linked account's own phone) with
 * its own Signal identity, signed pre-key and one-time pre-keys, kept in memory. Encryption and
 * decryption go through libsignal (the library Baileys itself uses), so what a test reads is
 * what the recipient really decrypted.
 */
import { Curve, encodeBigEndian, encodeWAMessage, generateSignalPubKey, proto, unpadRandomMax16 } from '@whiskeysockets/baileys';
import type { BinaryNode } from '@whiskeysockets/baileys';
import { ProtocolAddress, SessionBuilder, SessionCipher, SessionRecord, type SignalStorage } from 'libsignal';
import crypto from 'node:crypto';
// Baileys' own sender-key (group) implementation: the same code the client runs on its side.
import { GroupCipher, GroupSessionBuilder, SenderKeyDistributionMessage, SenderKeyName, SenderKeyRecord } from '@whiskeysockets/baileys/lib/Signal/Group/index.js';

interface SignalKeyPair {
  pubKey: Buffer;
  privKey: Buffer;
}

function signalPair(): SignalKeyPair {
  const k = Curve.generateKeyPair();
  return { pubKey: Buffer.from(generateSignalPubKey(k.public)), privKey: Buffer.from(k.private) };
}

/** A pre-key bundle as libsignal's `initOutgoing` takes it. */
export interface PreKeyBundle {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKey?: { keyId: number; publicKey: Buffer };
}

export class SignalParty {
  readonly identity = signalPair();
  readonly registrationId = crypto.randomInt(1, 0x3fff);
  private readonly signedPreKey: { keyId: number; pair: SignalKeyPair; signature: Buffer };
  private readonly preKeys = new Map<number, SignalKeyPair>();
  private nextPreKey = 1;
  private readonly sessions = new Map<string, Uint8Array>();
  private readonly storage: SignalStorage;
  /** One queue per remote address: libsignal ciphers must not interleave on a session. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Sender keys of groups, ours and other members', by SenderKeyName. */
  private readonly senderKeys = new Map<string, SenderKeyRecord>();
  private readonly senderKeyStore = {
    loadSenderKey: async (name: SenderKeyName) => this.senderKeys.get(name.toString()) ?? new SenderKeyRecord(),
    storeSenderKey: async (name: SenderKeyName, record: SenderKeyRecord) => {
      this.senderKeys.set(name.toString(), record);
    },
  };

  constructor() {
    const pair = signalPair();
    this.signedPreKey = { keyId: 1, pair, signature: Buffer.from(Curve.sign(this.identity.privKey, pair.pubKey)) };
    const { sessions, preKeys, signedPreKey, registrationId, identity } = this;
    this.storage = {
      loadSession: async (id) => {
        const s = sessions.get(id);
        return s ? SessionRecord.deserialize(s) : null;
      },
      storeSession: async (id, record) => {
        sessions.set(id, record.serialize());
      },
      isTrustedIdentity: () => true,
      loadPreKey: async (id) => preKeys.get(Number(id)),
      removePreKey: (id) => {
        preKeys.delete(Number(id));
      },
      loadSignedPreKey: () => signedPreKey.pair,
      getOurRegistrationId: () => registrationId,
      getOurIdentity: () => identity,
    };
  }

  /** The `<user>` node of an `encrypt`/`key` answer: our bundle, spending one pre-key. */
  bundleNode(jid: string): BinaryNode {
    const id = this.nextPreKey++;
    const pre = signalPair();
    this.preKeys.set(id, pre);
    return {
      tag: 'user',
      attrs: { jid },
      content: [
        { tag: 'registration', attrs: {}, content: encodeBigEndian(this.registrationId, 4) },
        { tag: 'type', attrs: {}, content: Buffer.from([5]) },
        { tag: 'identity', attrs: {}, content: this.identity.pubKey.subarray(1) },
        {
          tag: 'skey',
          attrs: {},
          content: [
            { tag: 'id', attrs: {}, content: encodeBigEndian(this.signedPreKey.keyId, 3) },
            { tag: 'value', attrs: {}, content: this.signedPreKey.pair.pubKey.subarray(1) },
            { tag: 'signature', attrs: {}, content: this.signedPreKey.signature },
          ],
        },
        {
          tag: 'key',
          attrs: {},
          content: [
            { tag: 'id', attrs: {}, content: encodeBigEndian(id, 3) },
            { tag: 'value', attrs: {}, content: pre.pubKey.subarray(1) },
          ],
        },
      ],
    };
  }

  hasSession(address: ProtocolAddress): boolean {
    const s = this.sessions.get(address.toString());
    return !!s && SessionRecord.deserialize(s).haveOpenSession();
  }

  /** Decrypts a `pkmsg`/`msg` from `address` into the WhatsApp message it carries. */
  decrypt(address: ProtocolAddress, type: 'pkmsg' | 'msg', ciphertext: Uint8Array): Promise<proto.IMessage> {
    return this.serial(address, async () => {
      const cipher = new SessionCipher(this.storage, address);
      const plain = type === 'pkmsg' ? await cipher.decryptPreKeyWhisperMessage(ciphertext) : await cipher.decryptWhisperMessage(ciphertext);
      const msg = proto.Message.decode(unpadRandomMax16(plain));
      return msg.deviceSentMessage?.message ?? msg;
    });
  }

  /**
   * Encrypts `message` for `address`; `bundle()` is asked for the remote pre-key bundle only when
   * there is no session yet (the first message is then a `pkmsg`).
   */
  encrypt(address: ProtocolAddress, message: proto.IMessage, bundle: () => PreKeyBundle | null): Promise<{ type: 'pkmsg' | 'msg'; ciphertext: Buffer }> {
    return this.serial(address, async () => {
      if (!this.hasSession(address)) {
        const b = bundle();
        if (!b) throw new Error(`no pre-key bundle for ${address.toString()}`);
        await new SessionBuilder(this.storage, address).initOutgoing(b as Parameters<SessionBuilder['initOutgoing']>[0]);
      }
      const { type, body } = await new SessionCipher(this.storage, address).encrypt(encodeWAMessage(message));
      return { type: type === 3 ? 'pkmsg' : 'msg', ciphertext: Buffer.from(body, 'binary') };
    });
  }

  // --- groups (sender keys, `skmsg`) ---

  /** Takes in a member's sender key (from a `senderKeyDistributionMessage` it sent us). */
  processSenderKey(groupId: string, sender: ProtocolAddress, skdm: Uint8Array): Promise<void> {
    const name = new SenderKeyName(groupId, sender);
    return this.serial(sender, () => new GroupSessionBuilder(this.senderKeyStore).process(name, new SenderKeyDistributionMessage(null, null, null, null, skdm)));
  }

  hasSenderKey(groupId: string, sender: ProtocolAddress): boolean {
    const r = this.senderKeys.get(new SenderKeyName(groupId, sender).toString());
    return !!r && !r.isEmpty();
  }

  /** Decrypts a group message (`skmsg`) from `sender`, whose sender key we must already hold. */
  decryptGroup(groupId: string, sender: ProtocolAddress, ciphertext: Uint8Array): Promise<proto.IMessage> {
    return this.serial(sender, async () => {
      const plain = await new GroupCipher(this.senderKeyStore, new SenderKeyName(groupId, sender)).decrypt(ciphertext);
      return proto.Message.decode(unpadRandomMax16(plain));
    });
  }

  /**
   * Encrypts `message` for a group with our own sender key (`self` is our address), creating
   * the key on first use. Returns the `skmsg` and the distribution message members need first.
   */
  encryptGroup(groupId: string, self: ProtocolAddress, message: proto.IMessage): Promise<{ ciphertext: Buffer; skdm: Buffer }> {
    return this.serial(self, async () => {
      const name = new SenderKeyName(groupId, self);
      const skdm = await new GroupSessionBuilder(this.senderKeyStore).create(name);
      const ciphertext = await new GroupCipher(this.senderKeyStore, name).encrypt(encodeWAMessage(message));
      return { ciphertext: Buffer.from(ciphertext), skdm: Buffer.from(skdm.serialize()) };
    });
  }

  private serial<T>(address: ProtocolAddress, fn: () => Promise<T>): Promise<T> {
    const key = address.toString();
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }
}

export { ProtocolAddress };
