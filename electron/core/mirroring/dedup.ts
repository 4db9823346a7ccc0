/**
 * What makes two offers "the same" for a destination: the same content (text compared without
 * case, accents kept, spacing ignored, plus the same photo) or any same link (scheme, `www.`,
 * fragment, trailing slash and parameter order ignored).
 */
import crypto from 'node:crypto';
import { baileys } from '../channels/whatsapp/baileys';
import type { SeenImage } from '../channels/whatsapp/groups-wire';

export function normalizeText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A stable form of a link, so the same offer with its parameters reordered is still the same. */
export function normalizeLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link.trim().toLowerCase();
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const port = url.port ? `:${url.port}` : '';
  const pathname = url.pathname.replace(/\/+$/, '');
  const params = [...url.searchParams.entries()].sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `${host}${port}${pathname}${query}`;
}

/** The photo's identity: WhatsApp's hash of the file itself (the same picture re-uploaded keeps it). */
export function imageKey(image: SeenImage | null): string {
  if (!image) return '';
  try {
    const m = baileys().proto.Message.ImageMessage.decode(Buffer.from(image.ref, 'base64'));
    if (m.fileSha256?.length) return Buffer.from(m.fileSha256).toString('base64');
  } catch {
    // An unreadable reference: fall back to the reference itself.
  }
  return crypto.createHash('sha256').update(image.ref).digest('base64');
}

/** Hex SHA-256 of the normalized text and the photo's identity. */
export function contentHash(text: string, image: SeenImage | null): string {
  return crypto.createHash('sha256').update(normalizeText(text)).update('\u0000').update(imageKey(image)).digest('hex');
}
