/**
 * The media upload host of the stand-in (HTTPS on 127.0.0.1, like WhatsApp's mmg hosts). Baileys
 * uploads the encrypted file here; a recipient decrypts it with the media key from the message,
 * so tests compare the bytes a contact would see with the file that was sent.
 */
import { getMediaKeys } from '@whiskeysockets/baileys';
import type { MediaType } from '@whiskeysockets/baileys';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TLS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tls');

/** The self-signed certificate of the media host (valid for 127.0.0.1 until 2126). */
export const MEDIA_HOST_CA_FILE = path.join(TLS_DIR, 'media-host.crt');
export function mediaHostCaPem(): string {
  return fs.readFileSync(MEDIA_HOST_CA_FILE, 'utf8');
}

export class MediaHost {
  private server: https.Server | null = null;
  private readonly blobs = new Map<string, Buffer>();
  uploads = 0;

  async start(): Promise<void> {
    this.server = https.createServer({ cert: mediaHostCaPem(), key: fs.readFileSync(path.join(TLS_DIR, 'media-host.key')) }, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || !url.pathname.startsWith('/mms/')) {
          res.writeHead(404).end();
          return;
        }
        const token = url.searchParams.get('token') ?? url.pathname.split('/').pop() ?? '';
        this.blobs.set(token, Buffer.concat(chunks));
        this.uploads += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: `https://${this.hostname}/d/${token}`, direct_path: `/v/t62.test/${token}` }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** host:port, as WhatsApp's media_conn answer carries it. */
  get hostname(): string {
    const a = this.server?.address() as AddressInfo | null;
    return `127.0.0.1:${a?.port ?? 0}`;
  }

  /** The plaintext of an uploaded media message, or null when it was never uploaded. */
  async decrypt(media: { mediaKey?: Uint8Array | null; fileEncSha256?: Uint8Array | null }, type: MediaType): Promise<Buffer | null> {
    if (!media.mediaKey || !media.fileEncSha256) return null;
    const token = Buffer.from(media.fileEncSha256).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const blob = this.blobs.get(token);
    if (!blob) return null;
    const keys = await getMediaKeys(Buffer.from(media.mediaKey), type);
    const iv = Buffer.from(keys.iv as Uint8Array);
    const cipherKey = Buffer.from(keys.cipherKey as Uint8Array);
    const macKey = Buffer.from(keys.macKey as Uint8Array);
    const enc = blob.subarray(0, blob.length - 10);
    const mac = crypto.createHmac('sha256', macKey).update(iv).update(enc).digest().subarray(0, 10);
    if (!mac.equals(blob.subarray(blob.length - 10))) throw new Error('media MAC mismatch');
    const d = crypto.createDecipheriv('aes-256-cbc', cipherKey, iv);
    return Buffer.concat([d.update(enc), d.final()]);
  }

  /**
   * Encrypts and keeps a file the way a phone uploads one, and returns the fields of the media
   * message that points at it (what a contact's phone sends when it posts a photo).
   */
  async store(plain: Buffer, type: MediaType): Promise<{ url: string; directPath: string; mediaKey: Buffer; fileEncSha256: Buffer; fileSha256: Buffer; fileLength: number; mediaKeyTimestamp: number }> {
    const mediaKey = crypto.randomBytes(32);
    const keys = await getMediaKeys(mediaKey, type);
    const iv = Buffer.from(keys.iv as Uint8Array);
    const c = crypto.createCipheriv('aes-256-cbc', Buffer.from(keys.cipherKey as Uint8Array), iv);
    const enc = Buffer.concat([c.update(plain), c.final()]);
    const mac = crypto.createHmac('sha256', Buffer.from(keys.macKey as Uint8Array)).update(iv).update(enc).digest().subarray(0, 10);
    const blob = Buffer.concat([enc, mac]);
    const fileEncSha256 = crypto.createHash('sha256').update(blob).digest();
    const token = fileEncSha256.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    this.blobs.set(token, blob);
    return {
      url: `https://${this.hostname}/d/${token}`,
      directPath: `/v/t62.test/${token}`,
      mediaKey,
      fileEncSha256,
      fileSha256: crypto.createHash('sha256').update(plain).digest(),
      fileLength: plain.length,
      mediaKeyTimestamp: Math.floor(Date.now() / 1000),
    };
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
