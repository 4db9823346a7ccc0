/**
 * Link previews for WhatsApp texts: the title, description and thumbnail WhatsApp shows under a
 * link. Baileys can fetch them itself (`getUrlInfo` through link-preview-js), but it would fetch
 * once per message, read whole pages into memory, follow redirects anywhere and reach addresses of
 * the user's own network. This fetcher does the same job with bounds: one fetch per URL for a
 * while (a campaign of 1,000 sends fetches once), a short timeout, size caps on the page and the
 * image, public addresses only, and `null` on any failure so the message goes out as a plain link
 * (offline included); a preview is never a reason for a send to fail.
 */
import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import type { WAUrlInfo } from '@whiskeysockets/baileys';
import { baileys } from './baileys';

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
      const res = await get(target, timeoutMs, !opts.allowPrivateHosts);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.destroy();
        current = new URL(location, target).toString();
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new PreviewRefused(`status ${status}`);
      }
      const type = res.headers['content-type'] ?? '';
      if (!accept(type)) {
        res.destroy();
        throw new PreviewRefused('type');
      }
      const declared = Number(res.headers['content-length'] ?? '0');
      if (declared > cap && !type.includes('html')) {
        res.destroy();
        throw new PreviewRefused('size');
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
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
        result.jpegThumbnail = (await baileys().extractImageThumb(img.body, width)).buffer;
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

/**
 * One GET. With `guard`, the address is checked at connect time (the socket's own DNS lookup),
 * not before it: a host that answers a public address to a first lookup and a private one to
 * the next (DNS rebinding) is refused too.
 */
function get(target: URL, timeoutMs: number, guard: boolean): Promise<http.IncomingMessage> {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // IP literals are connected to without a lookup.
  if (guard && net.isIP(host) && isPrivate(host, net.isIP(host))) return Promise.reject(new PreviewRefused('private address'));
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      method: 'GET',
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,image/*;q=0.9,*/*;q=0.5' },
      signal: AbortSignal.timeout(timeoutMs),
      ...(guard ? { lookup: publicLookup } : {}),
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** dns.lookup that fails when any address of the host is on the user's own machine or network. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const blocked = addresses.some(({ address, family }) => isPrivate(address, family));
    if (blocked || addresses.length === 0) return callback(new PreviewRefused('private address'), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

async function readCapped(res: http.IncomingMessage, cap: number, truncateOk: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    const value = chunk as Buffer;
    size += value.byteLength;
    if (size > cap) {
      res.destroy();
      // A long page keeps its <head>; an image cut short would be broken.
      if (!truncateOk) throw new PreviewRefused('size');
      chunks.push(value.subarray(0, value.byteLength - (size - cap)));
      break;
    }
    chunks.push(value);
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

function isPrivate(address: string, family: number): boolean {
  const mapped = family === 6 && /^::ffff:/i.test(address) ? address.slice(7) : null;
  return mapped && net.isIPv4(mapped) ? privateRanges.check(mapped, 'ipv4') : privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
