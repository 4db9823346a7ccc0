/** A tiny client for a running browser-mode host: trades the URL token for the cookie and calls the API over its WebSocket. */
import WebSocket from 'ws';

export interface HostApi {
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  events: Array<{ name: string; payload: unknown }>;
  close(): void;
}

export async function connectApi(url: string): Promise<HostApi> {
  const origin = new URL(url).origin;
  const res = await fetch(url, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 302 || !setCookie) throw new Error(`token redemption failed: ${res.status}`);
  return connectApiWithCookie(origin, setCookie.split(';')[0]);
}

/** Same, with a session cookie already obtained (e.g. by a browser page: `name=value`). */
export async function connectApiWithCookie(origin: string, cookie: string): Promise<HostApi> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`, { headers: { Origin: origin, Cookie: cookie } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const events: HostApi['events'] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { type: string; id?: number; reply?: { ok: boolean; result?: unknown; error?: { code: string; message: string } }; name?: string; payload?: unknown };
    if (msg.type === 'reply' && msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (!p) return;
      if (msg.reply?.ok) p.resolve(msg.reply.result);
      else p.reject(Object.assign(new Error(msg.reply?.error?.message ?? 'error'), { code: msg.reply?.error?.code }));
    } else if (msg.type === 'event') {
      events.push({ name: msg.name!, payload: msg.payload });
    }
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('socket closed'));
    pending.clear();
  });
  return {
    events,
    call<T>(method: string, input?: unknown) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'call', id, method, input }));
      });
    },
    close: () => ws.close(),
  };
}
