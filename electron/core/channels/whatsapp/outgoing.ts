/** Builds Baileys message content from an OutgoingMessage and maps send failures to ChannelSendError. */
import fs from 'node:fs/promises';
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { ChannelSendError, type ChannelErrorCode } from '../errors';
import type { OutgoingMessage } from '../types';

export interface BuiltContent {
  content: AnyMessageContent;
  /** WhatsApp voice notes carry no caption: the text goes out right after, as its own message. */
  followUpText?: string;
}

/**
 * Media is passed as `{ url: path }` so Baileys streams it from disk (no big buffers in memory).
 * Rejects with MEDIA_INVALID when the file cannot be read.
 */
export async function buildContent(msg: OutgoingMessage, linkPreview: boolean): Promise<BuiltContent> {
  const a = msg.attachment;
  if (!a) {
    // `linkPreview: null` stops Baileys from fetching the page (and leaking the click to the site).
    return { content: linkPreview ? { text: msg.text } : { text: msg.text, linkPreview: null } };
  }
  try {
    const st = await fs.stat(a.path);
    if (!st.isFile()) throw new Error('not a file');
  } catch (err) {
    throw new ChannelSendError('MEDIA_INVALID', { detail: a.kind, cause: err });
  }
  const media = { url: a.path };
  const caption = msg.text || undefined;
  switch (a.kind) {
    case 'image':
      return { content: { image: media, caption, mimetype: a.mimeType } };
    case 'video':
      return { content: { video: media, caption, mimetype: a.mimeType } };
    case 'document':
      return { content: { document: media, mimetype: a.mimeType, fileName: a.fileName ?? 'arquivo', caption } };
    case 'audio': {
      // WhatsApp plays voice notes only as Opus in OGG; anything else goes as a plain audio file.
      const voiceNote = a.ptt === true && (await isOggOpus(a.path));
      return {
        content: voiceNote ? { audio: media, mimetype: VOICE_NOTE_MIME, ptt: true } : { audio: media, mimetype: a.mimeType, ptt: false },
        ...(caption ? { followUpText: caption } : {}),
      };
    }
  }
}

export const VOICE_NOTE_MIME = 'audio/ogg; codecs=opus';

/** True when the file is an Ogg stream whose first packet is an Opus header (`OggS` … `OpusHead`). */
export async function isOggOpus(file: string): Promise<boolean> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(file, 'r');
    const head = Buffer.alloc(64);
    const { bytesRead } = await fh.read(head, 0, 64, 0);
    const b = head.subarray(0, bytesRead);
    return b.subarray(0, 4).toString('latin1') === 'OggS' && b.includes(Buffer.from('OpusHead', 'latin1'));
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Classifies a failure thrown by Baileys (usually a Boom) into the channel's error codes. */
export function toChannelSendError(err: unknown): ChannelSendError {
  if (err instanceof ChannelSendError) return err;
  const e = err as { output?: { statusCode?: number }; code?: string; message?: string; data?: unknown } | undefined;
  const status = e?.output?.statusCode;
  const message = String(e?.message ?? '');
  const detail = status !== undefined ? String(status) : (e?.code ?? undefined);
  const make = (code: ChannelErrorCode, transient?: boolean) =>
    new ChannelSendError(code, { ...(detail !== undefined ? { detail } : {}), ...(transient !== undefined ? { transient } : {}), cause: err });

  if (e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'EISDIR') return make('MEDIA_INVALID');
  if (e?.code && NETWORK_CODES.has(e.code)) return make('NETWORK');
  switch (status) {
    case 401:
      return make('LOGGED_OUT');
    case 403:
      return make('SEND_FAILED', false);
    case 408:
      return make('TIMEOUT');
    case 428:
      return make('NOT_CONNECTED');
    case 429:
      return make('RATE_LIMITED');
    case 463:
      return make('RESTRICTED');
    case 400:
    case 404:
      return make('INVALID_JID');
  }
  if (status !== undefined && status >= 500) return make('SERVER_ERROR');
  if (/connection closed|connection lost|not open/i.test(message)) return make('NOT_CONNECTED');
  if (/timed? ?out/i.test(message)) return make('TIMEOUT');
  if (/rate.?overlimit/i.test(message)) return make('RATE_LIMITED');
  return make('UNKNOWN');
}
