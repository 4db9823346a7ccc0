/**
 * Link previews for WhatsApp texts: the title, description and thumbnail WhatsApp shows under a
 * link. Baileys can fetch them itself (`getUrlInfo` through link-preview-js), but it would fetch
 * once per message, read whole pages into memory, follow redirects anywhere and reach addresses of
 * the user's own network. This fetcher does the same job with bounds: one fetch per URL for a
 * while (a campaign of 1,000 sends fetches once), a short timeout, size caps on the page and the
 * image, public addresses only, and `null` on any failure so the message goes out as a plain link
 * (offline included); a preview is never a reason for a send to fail.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { extractImageThumb, type WAUrlInfo } from '@whiskeysockets/baileys';

export interface LinkPreviewer {
  /** The preview of the first link in `text`, or null (no link, offline, no title, refused, too big). */
  preview(text: string): Promise<WAUrlInfo | null>;
}

export interface LinkPreviewOptions {
  /** Per request (page, then image). Default 4 s. */
  timeoutMs?: number;
  /** Bytes of HTML read at most; the <head> with its og: tags comes first. Default 512 KiB. */
  maxHtmlBytes?: number;
  /** Bytes of the preview image read at most. Default 5 MiB. */
  maxImageBytes?: number;
  /** How long a fetched preview is reused. Default 1 h; failures are retried after 5 min. */
  ttlMs?: number;
  failureTtlMs?: number;
  /** Thumbnail width in px (WhatsApp's own is 192). */
  thumbnailWidth?: number;
  /** TEST ONLY: let the stand-in's page on 127.0.0.1 be fetched. Never set from configuration. */
  allowPrivateHosts?: boolean;
  now?: () => number;
}

const MAX_REDIRECTS = 3;
const MAX_CACHED = 256;
// Sites serve their og: tags to link-preview crawlers; say who is asking.
const USER_AGENT = 'Mozilla/5.0 (compatible; RecadoLinkPreview/1.0; +https://recado.app)';

class PreviewRefused extends Error {}

export function createLinkPreviewer(opts: LinkPreviewOptions = {}): LinkPreviewer {
  const timeoutMs = opts.timeoutMs ?? 4000;
  const maxHtml = opts.maxHtmlBytes ?? 512 * 1024;
  const maxImage = opts.maxImageBytes ?? 5 * 1024 * 1024;
  const ttl = opts.ttlMs ?? 60 * 60_000;
  const failureTtl = opts.failureTtlMs ?? 5 * 60_000;
  const width = opts.thumbnailWidth ?? 192;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; value: Promise<WAUrlInfo | null> }>();

  async function fetchCapped(url: string, accept: (contentType: string) => boolean, cap: number): Promise<{ url: string; body: Buffer; headers: Record<string, string> }> {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new PreviewRefused('scheme');
      if (!opts.allowPrivateHosts) await assertPublicHost(target.hostname);
      const res = await fetch(target, {
        redirect: 'manual',
        headers: { 'user-agent': USER_AGENT, accept: 'text/html,image/*;q=0.9,*/*;q=0.5' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        current = new URL(res.headers.get('location')!, target).toString();
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new PreviewRefused(`status ${res.status}`);
      }
      const type = res.headers.get('content-type') ?? '';
      if (!accept(type)) {
        await res.body?.cancel();
        throw new PreviewRefused('type');
      }
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > cap && !type.includes('html')) {
        await res.body?.cancel();
        throw new PreviewRefused('size');
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      return { url: target.toString(), body: await readCapped(res, cap, type.includes('html')), headers };
    }
    throw new PreviewRefused('redirects');
  }

  async function load(matched: string): Promise<WAUrlInfo | null> {
    const url = /^https?:\/\//i.test(matched) ? matched : `https://${matched}`;
    const page = await fetchCapped(url, (t) => t.includes('text/html') || t.includes('application/xhtml'), maxHtml);
    // Loaded on first use: its HTML parser is not needed to start the app.
    const { getPreviewFromContent } = await import('link-preview-js');
    const info = await getPreviewFromContent({ url: page.url, headers: page.headers, data: page.body.toString('utf8') });
    if (!('title' in info) || !info.title) return null;
    const result: WAUrlInfo = { 'canonical-url': info.url, 'matched-text': matched, title: info.title };
    if (info.description) result.description = info.description;
    const image = info.images[0];
    if (image) {
      try {
        const img = await fetchCapped(image, (t) => t.startsWith('image/'), maxImage);
        result.jpegThumbnail = (await extractImageThumb(img.body, width)).buffer;
        result.originalThumbnailUrl = image;
      } catch {
        // A preview without its picture still helps; the text keeps its title and description.
      }
    }
    return result;
  }

  return {
    preview(text) {
      const matched = firstLink(text);
      if (!matched) return Promise.resolve(null);
      const at = now();
      const hit = cache.get(matched);
      if (hit && at - hit.at < ttl) return hit.value;
      const value = load(matched).catch(() => null);
      cache.set(matched, { at, value });
      // Failures (offline, a site down) are retried sooner than successes are refreshed.
      void value.then((v) => {
        const entry = cache.get(matched);
        if (v === null && entry?.value === value) entry.at = at - ttl + failureTtl;
      });
      while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
      return value;
    },
  };
}

// Baileys' own pattern wants https and a TLD; people also write http://, www. and links with ports.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+/i;

/** The first link in a message as the recipient's WhatsApp matches it (trailing punctuation left out). */
export function firstLink(text: string): string | null {
  const m = LINK.exec(text);
  if (!m) return null;
  const link = m[0].replace(/[.,;:!?'")\]}]+$/, '');
  // user:password@host links are how phishing hides a host; no preview for those.
  if (/^(?:https?:\/\/)?[^/?#]*@/i.test(link)) return null;
  return link.length > 8 ? link : null;
}

async function readCapped(res: Response, cap: number, truncateOk: boolean): Promise<Buffer> {
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      // A long page keeps its <head>; an image cut short would be broken.
      if (!truncateOk) throw new PreviewRefused('size');
      chunks.push(Buffer.from(value.subarray(0, value.byteLength - (size - cap))));
      break;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

const privateRanges = (() => {
  const list = new net.BlockList();
  for (const [net4, bits] of [
    ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
    ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3],
  ] as const) list.addSubnet(net4, bits, 'ipv4');
  for (const [net6, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) list.addSubnet(net6, bits, 'ipv6');
  return list;
})();

/** Refuses hosts that resolve to the user's own machine or network (a preview is fetched from the PC). */
async function assertPublicHost(hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [{ address: host, family: net.isIP(host) }] : await dns.lookup(host, { all: true });
  for (const { address, family } of addresses) {
    const mapped = family === 6 && /^::ffff:/i.test(address) ? address.slice(7) : null;
    const blocked = mapped && net.isIPv4(mapped) ? privateRanges.check(mapped, 'ipv4') : privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4');
    if (blocked) throw new PreviewRefused('private address');
  }
}
