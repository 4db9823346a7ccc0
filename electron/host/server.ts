import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HostCore } from './core-thread';
import type { CallMessage, ServerMessage } from '../../shared/api/wire';
import { ErrorCodes } from '../../shared/api/errors';
import { HostAuth, SESSION_COOKIE, isAllowedOrigin } from './auth';
import { contentType, readStatic } from './static-files';
import { attachmentHeader, openClaimedDownload } from '../core/backup/downloads';
import { RENDERER_CSP } from '../../shared/security/csp';

export interface HostServerOptions {
  core: HostCore;
  staticDir: string;
  port?: number;
  token?: string;
}

export interface HostServer {
  url: string;
  port: number;
  auth: HostAuth;
  /**
   * Swaps the core behind the same address and sessions (a restore restarts it). Open tabs
   * are told `app.restarting`, disconnected, and reconnect with their cookie; while `next` is
   * null new connections are refused and they keep retrying.
   */
  replaceCore(next: HostCore | null, reason?: 'restore'): void;
  close(): Promise<void>;
}

/** WebSocket close code 1012: "service restart", the client should reconnect. */
export const CLOSE_RESTARTING = 1012;

const CSP = RENDERER_CSP;

const RESTARTING_ERROR = {
  code: ErrorCodes.disconnected,
  message: 'O Recado está reiniciando; a operação não foi feita. Tente de novo em instantes.',
  params: { variant: 'restarting' },
};

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024; // pasted spreadsheets can be large

/** Browser mode: the built UI and the WebSocket API on 127.0.0.1 only. */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const { staticDir } = options;
  let core: HostCore | null = options.core;
  const auth = new HostAuth(options.token);
  let port = 0;

  const server = http.createServer((req, res) => {
    const failed = (err: unknown) => {
      console.error(`Recado: falha ao responder ${req.method} ${(req.url ?? '').split('?')[0]}: ${(err as Error)?.message ?? err}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    };
    try {
      handleHttp(req, res)?.catch(failed);
    } catch (err) {
      failed(err);
    }
  });

  function handleHttp(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
    if (!isAllowedOrigin(req, port)) return deny(res, 403, 'Origem não permitida.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Método não permitido.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const token = url.searchParams.get('token');
    if (token !== null) {
      const session = auth.redeem(token);
      if (!session) {
        if (auth.isAuthenticated(req)) return redirect(res, '/');
        return deny(res, 401, 'Este link de acesso já foi usado ou é inválido. Reinicie o Recado (npm start) para gerar um novo link.');
      }
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`);
      return redirect(res, '/');
    }
    if (!auth.isAuthenticated(req)) {
      return deny(res, 401, 'Acesso negado. Abra o endereço completo (com o token) mostrado no terminal onde o Recado foi iniciado.');
    }
    // Backups and exports produced by the core, offered once (browser mode cannot pick a path).
    const download = /^\/download\/([\w-]{20,64})$/.exec(url.pathname);
    if (download) return sendDownload(req, res, download[1]);
    const found = readStatic(staticDir, url.pathname) ?? readStatic(staticDir, '/index.html');
    if (!found) return deny(res, 500, 'A interface do Recado não foi encontrada. Rode "npm run build:renderer".');
    res.writeHead(200, {
      'Content-Type': contentType(found.file),
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': found.file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : found.body);
  }

  async function sendDownload(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    const current = core;
    if (!current) return deny(res, 503, 'O Recado está reiniciando. Tente de novo em instantes.');
    const claimed = req.method === 'GET' ? await current.takeDownload(token) : null;
    if (!claimed) return deny(res, 404, 'Este download expirou ou já foi feito. Gere o arquivo de novo no Recado.');
    const file = openClaimedDownload(claimed);
    res.writeHead(200, { 'Content-Type': downloadType(file.fileName), 'Content-Length': file.bytes, 'Content-Disposition': attachmentHeader(file.fileName), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    file.stream.on('error', () => res.destroy()).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/api' || !isAllowedOrigin(req, port) || !auth.isAuthenticated(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    const current = core;
    if (!current) {
      socket.write('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, current));
  });

  function attachClient(ws: WebSocket, core: HostCore): void {
    const send = (msg: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const unsubscribe = core.subscribe((name, payload) => send({ type: 'event', name, payload }));
    ws.on('message', async (data) => {
      let msg: CallMessage;
      try {
        msg = JSON.parse(String(data)) as CallMessage;
      } catch {
        return; // not our protocol; ignore rather than crash
      }
      if (!msg || msg.type !== 'call' || typeof msg.id !== 'number') return;
      // A call arriving while this core is being replaced must not reach a closing core.
      const reply = core === currentCore() ? await core.dispatch(msg.method, msg.input) : { ok: false as const, error: RESTARTING_ERROR };
      send({ type: 'reply', id: msg.id, reply });
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;

  function currentCore(): HostCore | null {
    return core;
  }

  return {
    replaceCore(next, reason = 'restore') {
      const event: ServerMessage = { type: 'event', name: 'app.restarting', payload: { reason } };
      for (const client of wss.clients) {
        if (client.readyState === client.OPEN) client.send(JSON.stringify(event));
        client.close(CLOSE_RESTARTING, 'Recado reiniciando');
      }
      core = next;
    },
    get url() {
      const t = auth.token;
      return `http://127.0.0.1:${port}/${t ? `?token=${t}` : ''}`;
    },
    port,
    auth,
    async close() {
      for (const client of wss.clients) client.close(1001, 'Recado encerrado');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const DOWNLOAD_TYPES: Record<string, string> = {
  '.zip': 'application/zip',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.json': 'application/json; charset=utf-8',
};

function downloadType(fileName: string): string {
  const ext = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  return DOWNLOAD_TYPES[ext] ?? 'application/octet-stream';
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
  res.end(
    `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Recado</title><body style="font-family:system-ui;padding:3rem;color:#1f2937"><h1 style="font-size:1.25rem">Recado</h1><p>${escapeHtml(message)}</p></body></html>`,
  );
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(302, { Location: to, 'Cache-Control': 'no-store' }).end();
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
