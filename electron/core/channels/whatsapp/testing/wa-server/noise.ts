/**
 * The server half of WhatsApp Web's Noise XX handshake and its framed transport, built from the
 * primitives Baileys exports (Curve25519, HKDF, AES-GCM, SHA-256, the protobuf messages). It is
 * the mirror image of Baileys' own `makeNoiseHandler`: the client authenticates our certificate
 * chain against `WA_CERT_DETAILS.PUBLIC_KEY`, so tests point that key at {@link TestRoot}.
 */
import { aesDecryptGCM, aesEncryptGCM, Curve, decodeBinaryNode, encodeBinaryNode, hkdf, NOISE_MODE, NOISE_WA_HEADER, proto, sha256 } from '@whiskeysockets/baileys';
import type { BinaryNode, KeyPair } from '@whiskeysockets/baileys';

const EMPTY = Buffer.alloc(0);

function iv(counter: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(counter, 8);
  return b;
}

/** Our stand-in for WhatsApp's long-term root: signs the intermediate certificate. */
export class TestRoot {
  readonly keys: KeyPair = Curve.generateKeyPair();
  private readonly intermediate: KeyPair = Curve.generateKeyPair();

  /** What a test puts in `WA_CERT_DETAILS.PUBLIC_KEY` (32 bytes). */
  get publicKey(): Buffer {
    return Buffer.from(this.keys.public);
  }

  /** A CertChain whose leaf certifies `serverStatic`; issuer serial 0 as the client expects. */
  certChain(serverStatic: Uint8Array): Buffer {
    const now = Math.floor(Date.now() / 1000);
    const interDetails = proto.CertChain.NoiseCertificate.Details.encode({
      serial: 1,
      issuerSerial: 0,
      key: this.intermediate.public,
      notBefore: now - 3600,
      notAfter: now + 365 * 86400,
    }).finish();
    const leafDetails = proto.CertChain.NoiseCertificate.Details.encode({
      serial: 2,
      issuerSerial: 1,
      key: serverStatic,
      notBefore: now - 3600,
      notAfter: now + 30 * 86400,
    }).finish();
    return Buffer.from(
      proto.CertChain.encode({
        intermediate: { details: interDetails, signature: Curve.sign(this.keys.private, interDetails) },
        leaf: { details: leafDetails, signature: Curve.sign(this.intermediate.private, leafDetails) },
      }).finish(),
    );
  }
}

/**
 * One connection's handshake state. Feed it raw WebSocket chunks with {@link frames}; the first
 * frame is the client hello, the second the client finish, then encrypted binary nodes.
 */
export class NoiseServer {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private inBytes: Buffer = EMPTY;
  private introStripped = false;
  private ephemeral: KeyPair | null = null;
  private readonly staticKeys: KeyPair = Curve.generateKeyPair();
  private transport: { enc: Buffer; dec: Buffer; read: number; write: number } | null = null;
  /** The client's static (noise) public key, known after the client finish. */
  clientStatic: Buffer | null = null;

  constructor(private readonly root: TestRoot) {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.length === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
    this.authenticate(NOISE_WA_HEADER);
  }

  get ready(): boolean {
    return this.transport !== null;
  }

  /** Splits raw bytes into frames (3-byte big-endian length), stripping the client's intro header once. */
  frames(chunk: Buffer): Buffer[] {
    this.inBytes = this.inBytes.length ? Buffer.concat([this.inBytes, chunk]) : chunk;
    if (!this.introStripped) {
      if (this.inBytes.length < 4) return [];
      if (this.inBytes[0] === 0x45 && this.inBytes[1] === 0x44) {
        // "ED" + routing info, then the WA header.
        if (this.inBytes.length < 7) return [];
        const len = (this.inBytes[4] << 16) | this.inBytes.readUInt16BE(5);
        if (this.inBytes.length < 7 + len + 4) return [];
        this.inBytes = this.inBytes.subarray(7 + len + 4);
      } else {
        this.inBytes = this.inBytes.subarray(4);
      }
      this.introStripped = true;
    }
    const out: Buffer[] = [];
    while (this.inBytes.length >= 3) {
      const size = (this.inBytes[0] << 16) | (this.inBytes[1] << 8) | this.inBytes[2];
      if (this.inBytes.length < size + 3) break;
      out.push(Buffer.from(this.inBytes.subarray(3, size + 3)));
      this.inBytes = this.inBytes.subarray(size + 3);
    }
    return out;
  }

  /** Answers the client hello with our ephemeral, encrypted static key and certificate chain. */
  serverHello(frame: Buffer): Buffer {
    const hello = proto.HandshakeMessage.decode(frame).clientHello;
    if (!hello?.ephemeral) throw new Error('noise: missing client hello');
    const clientEphemeral = Buffer.from(hello.ephemeral);
    this.authenticate(clientEphemeral);
    this.ephemeral = Curve.generateKeyPair();
    this.authenticate(this.ephemeral.public);
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, clientEphemeral));
    const staticEnc = this.encrypt(this.staticKeys.public);
    this.mixIntoKey(Curve.sharedKey(this.staticKeys.private, clientEphemeral));
    const payload = this.encrypt(this.root.certChain(this.staticKeys.public));
    const msg = proto.HandshakeMessage.encode({ serverHello: { ephemeral: this.ephemeral.public, static: staticEnc, payload } }).finish();
    return frame3(Buffer.from(msg));
  }

  /** Reads the client finish: its static key and the ClientPayload (login or registration). */
  clientFinish(frame: Buffer): proto.ClientPayload {
    const finish = proto.HandshakeMessage.decode(frame).clientFinish;
    if (!finish?.static || !finish.payload || !this.ephemeral) throw new Error('noise: bad client finish');
    this.clientStatic = this.decrypt(Buffer.from(finish.static));
    this.mixIntoKey(Curve.sharedKey(this.ephemeral.private, this.clientStatic));
    const payload = proto.ClientPayload.decode(this.decrypt(Buffer.from(finish.payload)));
    const k = hkdf(EMPTY, 64, { salt: this.salt, info: '' });
    // The client writes with the first half and reads with the second.
    this.transport = { dec: Buffer.from(k.subarray(0, 32)), enc: Buffer.from(k.subarray(32)), read: 0, write: 0 };
    return payload;
  }

  async decodeNode(frame: Buffer): Promise<BinaryNode> {
    const t = this.requireTransport();
    return decodeBinaryNode(aesDecryptGCM(frame, t.dec, iv(t.read++), EMPTY));
  }

  encodeNode(node: BinaryNode): Buffer {
    const t = this.requireTransport();
    return frame3(aesEncryptGCM(encodeBinaryNode(node), t.enc, iv(t.write++), EMPTY));
  }

  private requireTransport() {
    if (!this.transport) throw new Error('noise: transport not ready');
    return this.transport;
  }

  private authenticate(data: Uint8Array): void {
    if (!this.transport) this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  private mixIntoKey(data: Uint8Array): void {
    const k = hkdf(Buffer.from(data), 64, { salt: this.salt, info: '' });
    this.salt = Buffer.from(k.subarray(0, 32));
    this.key = Buffer.from(k.subarray(32));
    this.counter = 0;
  }

  private encrypt(plaintext: Uint8Array): Buffer {
    const out = aesEncryptGCM(plaintext, this.key, iv(this.counter++), this.hash);
    this.authenticate(out);
    return out;
  }

  private decrypt(ciphertext: Buffer): Buffer {
    const out = aesDecryptGCM(ciphertext, this.key, iv(this.counter++), this.hash);
    this.authenticate(ciphertext);
    return out;
  }
}

function frame3(data: Buffer): Buffer {
  const out = Buffer.alloc(3 + data.length);
  out[0] = (data.length >>> 16) & 0xff;
  out[1] = (data.length >>> 8) & 0xff;
  out[2] = data.length & 0xff;
  data.copy(out, 3);
  return out;
}
