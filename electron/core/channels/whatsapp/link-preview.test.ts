/** The bounded link-preview fetcher against a real HTTP server on 127.0.0.1. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPreviewer, firstLink } from './link-preview';

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  servers = [];
});

type Route = (req: http.IncomingMessage, res: http.ServerResponse, base: string) => void;

async function site(routes: Record<string, Route>) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const route = routes[req.url ?? ''];
    if (route) route(req, res, base);
    else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const page = (head: string): Route => (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head>${head}</head><body></body></html>`);

describe('firstLink', () => {
  it('finds the link a recipient sees, without trailing punctuation', () => {
    expect(firstLink('Veja https://loja.com.br/oferta.')).toBe('https://loja.com.br/oferta');
    expect(firstLink('(www.loja.com.br/x) e mais')).toBe('www.loja.com.br/x');
    expect(firstLink('Acesse http://127.0.0.1:8080/a?b=1!')).toBe('http://127.0.0.1:8080/a?b=1');
    expect(firstLink('sem link aqui')).toBeNull();
  });

  it('gives no preview to links that hide their host behind user:password@', () => {
    expect(firstLink('https://banco.com.br@golpe.example/login')).toBeNull();
  });
});

describe('createLinkPreviewer', () => {
  it('refuses the PC\'s own network by default (nothing is fetched)', async () => {
    const s = await site({ '/': page('<meta property="og:title" content="Interno">') });
    const p = createLinkPreviewer();
    expect(await p.preview(`Veja ${s.base}/`)).toBeNull();
    expect(s.hits).toEqual([]);
  });

  it('refuses a host name that resolves to the PC\'s network (checked by the connection\'s own lookup)', async () => {
    const s = await site({ '/': page('<meta property="og:title" content="Interno">') });
    const port = new URL(s.base).port;
    expect(await createLinkPreviewer().preview(`Veja http://localhost:${port}/`)).toBeNull();
    expect(s.hits).toEqual([]);
  });

  it('follows a redirect on the same terms and reads title, description and a thumbnail', async () => {
    const s = await site({
      '/curto': (_req, res, base) => res.writeHead(301, { location: `${base}/oferta` }).end(),
      '/oferta': (_req, res, base) =>
        page(`<meta property="og:title" content="Oferta"><meta property="og:description" content="Só hoje"><meta property="og:image" content="${base}/foto.png">`)(_req, res, base),
      '/foto.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PIXEL),
    });
    const info = await createLinkPreviewer({ allowPrivateHosts: true }).preview(`Link: ${s.base}/curto`);
    expect(info).toMatchObject({ 'matched-text': `${s.base}/curto`, title: 'Oferta', description: 'Só hoje', 'canonical-url': `${s.base}/oferta` });
    expect(info?.jpegThumbnail?.length ?? 0).toBeGreaterThan(0);
  });

  it('keeps the title when the picture is too big, and gives up on pages that are not HTML', async () => {
    const s = await site({
      '/grande': (req, res, base) => page(`<meta property="og:title" content="Grande"><meta property="og:image" content="${base}/enorme.png">`)(req, res, base),
      '/enorme.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64 * 1024, 1)),
      '/arquivo.zip': (_req, res) => res.writeHead(200, { 'content-type': 'application/zip' }).end(Buffer.alloc(100)),
    });
    const p = createLinkPreviewer({ allowPrivateHosts: true, maxImageBytes: 16 * 1024 });
    const info = await p.preview(`${s.base}/grande`);
    expect(info?.title).toBe('Grande');
    expect(info?.jpegThumbnail).toBeUndefined();
    expect(await p.preview(`${s.base}/arquivo.zip`)).toBeNull();
  });

  it('fetches a link once while cached, and retries a failure after a short while', async () => {
    let up = false;
    const s = await site({
      '/a': (req, res, base) => (up ? page('<meta property="og:title" content="A">')(req, res, base) : res.writeHead(503).end()),
      '/b': page('<meta property="og:title" content="B">'),
    });
    let now = 0;
    const p = createLinkPreviewer({ allowPrivateHosts: true, now: () => now, failureTtlMs: 1000, ttlMs: 10_000 });
    await Promise.all([p.preview(`${s.base}/b`), p.preview(`${s.base}/b`)]);
    await p.preview(`${s.base}/b`);
    expect(s.hits.filter((h) => h === '/b')).toHaveLength(1);

    expect(await p.preview(`${s.base}/a`)).toBeNull();
    up = true;
    now = 500;
    expect(await p.preview(`${s.base}/a`)).toBeNull();
    now = 1500;
    expect((await p.preview(`${s.base}/a`))?.title).toBe('A');
    expect(s.hits.filter((h) => h === '/a')).toHaveLength(2);
  });
});
