/** Builds Baileys message content from an OutgoingMessage and maps send failures to ChannelSendError. */
import fs from 'node:fs/promises';
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import { ChannelSendError } from '../errors';
import type { OutgoingMessage } from '../types';
import type { LinkPreviewer } from './link-preview';
import { imageFromRef } from './groups-wire';
import { classifyRejection } from './rejections';

export interface BuiltContent {
  content: AnyMessageContent;
  /** Voice notes and locations carry no caption: the text goes out right after, as its own message. */
  followUp?: AnyMessageContent;
}

/**
 * Media is passed as `{ url: path }` so Baileys streams it from disk (no big buffers in memory).
 * Rejects with MEDIA_INVALID when the file cannot be read.
 */
export async function buildContent(msg: OutgoingMessage, linkPreview: boolean, previewer?: LinkPreviewer): Promise<BuiltContent> {
  const a = msg.attachment;
  if (!a && msg.seenImage) {
    // Re-posted as WhatsApp Web forwards a photo (same media, new caption), but as our own post:
    // a `fromMe` source is not labelled "Encaminhada".
    return { content: { forward: { key: { remoteJid: msg.jid, fromMe: true, id: msg.messageId }, message: imageFromRef(msg.seenImage, msg.text) } } };
  }
  if (!a && msg.location) {
    // A location message has no caption: the pin is the tracked message, the text follows it.
    const { latitude, longitude, name, address } = msg.location;
    return {
      content: { location: { degreesLatitude: latitude, degreesLongitude: longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) } },
      ...(msg.text ? { followUp: await textContent(msg.text, linkPreview, previewer) } : {}),
    };
  }
  if (!a) {
    return { content: await textContent(msg.text, linkPreview, previewer) };
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
        ...(caption ? { followUp: await textContent(caption, linkPreview, previewer) } : {}),
      };
    }
  }
}

/**
 * A text message. We fetch the preview ourselves (bounded, cached: link-preview.ts); `linkPreview:
 * null` stops Baileys from fetching the page on its own, so without a preview the link goes plain.
 */
async function textContent(text: string, linkPreview: boolean, previewer?: LinkPreviewer): Promise<AnyMessageContent> {
  const info = linkPreview && previewer ? await previewer.preview(text) : null;
  return { text, linkPreview: info };
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

/** Classifies a failure of `sendMessage` (see rejections.ts for every shape Baileys produces). */
export function toChannelSendError(err: unknown): ChannelSendError {
  return classifyRejection(err, 'send');
}
