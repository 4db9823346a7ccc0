import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectApiWithCookie, type HostApi } from '../../tests/crash/ws-api';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { startBrowserMode, type BrowserMode } from './browser-mode';

let mode: BrowserMode | null = null;
let temp: ReturnType<typeof makeTempDir> | null = null;
const clients: HostApi[] = [];

afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await mode?.stop();
  mode = null;
  temp?.cleanup();
  temp = null;
});

async function sessionCookie(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie');
  if (res.status !== 302 || !setCookie) throw new Error(`token redemption failed: ${res.status}`);
  return setCookie.split(';')[0];
}

async function connect(origin: string, cookie: string): Promise<HostApi> {
  const c = await connectApiWithCookie(origin, cookie);
  clients.push(c);
  return c;
}

async function until<T>(probe: () => Promise<T | null> | T | null, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('browser mode: a staged restore restarts the core', () => {
  // Two core threads start in turn; on a loaded two-core CI box each start can take seconds.
  it('tells open tabs, swaps the data in and takes the same session cookie back', { timeout: 90_000 }, async () => {
    temp = makeTempDir('recado-browser-');
    mode = await startBrowserMode({ dataDir: temp.dir });
    const origin = `http://127.0.0.1:${mode.server.port}`;
    const cookie = await sessionCookie(mode.server.url);
    const api = await connect(origin, cookie);

    await api.call('settings.update', { businessName: 'Antes' });
    await api.call('data.backupNow');
    const manual = path.join(temp.dir, 'backups', 'manual');
    const backupFile = path.join(manual, fs.readdirSync(manual)[0]);
    await api.call('settings.update', { businessName: 'Depois' });
    const firstCore = mode.core;

    const bytes = fs.readFileSync(backupFile);
    const { uploadId } = await api.call<{ uploadId: string }>('uploads.begin', { fileName: 'b.zip', size: bytes.length, purpose: 'restore' });
    await api.call('uploads.chunk', { uploadId, offset: 0, dataBase64: bytes.toString('base64') });
    const { fileId } = await api.call<{ fileId: string }>('uploads.finish', { uploadId });
    const finished = await api.call<{ restartRequired: boolean }>('data.restoreFinish', { fileId });
    expect(finished.restartRequired).toBe(true);

    // The tab hears why it is being disconnected.
    await until(() => api.events.find((e) => e.name === 'app.restarting') ?? null, 'app.restarting');
    expect(api.events.find((e) => e.name === 'app.restarting')?.payload).toEqual({ reason: 'restore' });

    // The same cookie gets in again once the new core is up, and sees the restored data.
    await until(() => (mode!.core !== firstCore ? true : null), 'the new core');
    const again = await until(async () => connect(origin, cookie).catch(() => null), 'a reconnection');
    expect(await again.call<{ businessName: string }>('settings.get')).toMatchObject({ businessName: 'Antes' });
    expect(fs.readdirSync(path.join(temp.dir, 'backups')).some((d) => d.startsWith('before-restore-'))).toBe(true);
    expect(fs.existsSync(path.join(temp.dir, 'restore-pending'))).toBe(false);
  });

  it('refuses new connections while no core is behind the server, then serves them', { timeout: 60_000 }, async () => {
    temp = makeTempDir('recado-browser-');
    mode = await startBrowserMode({ dataDir: temp.dir });
    const origin = `http://127.0.0.1:${mode.server.port}`;
    const cookie = await sessionCookie(mode.server.url);
    const core = mode.core;
    mode.server.replaceCore(null);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`, { headers: { Origin: origin, Cookie: cookie } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
    });
    expect(status).toBe(503);
    mode.server.replaceCore(core);
    const api = await connect(origin, cookie);
    expect(await api.call<{ mode: string }>('app.info')).toMatchObject({ mode: 'browser' });
  });
});
