import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { createCore, type Core } from './core';

let core: Core | null = null;
let dir = '';
afterEach(async () => {
  await core?.close();
  core = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

it('shuts down what handlers registered first, then the services newest first: the engine stops before WhatsApp closes', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-services-'));
  core = createCore({ dataDir: dir, mode: 'cli' });
  const s = core.services;
  const handlerCloser = vi.fn();
  core.context.onClose(handlerCloser);
  const steps = {
    conversations: vi.spyOn(s.conversations, 'close'),
    groups: vi.spyOn(s.groups, 'close'),
    backup: vi.spyOn(s.backup, 'close'),
    engine: vi.spyOn(s.engine, 'close'),
    cloud: vi.spyOn(s.cloud, 'close'),
    whatsapp: vi.spyOn(s.whatsapp, 'close'),
    downloads: vi.spyOn(s.downloads, 'close'),
  };
  const c = core;
  core = null;
  await c.close();

  const order = Object.entries(steps)
    .map(([name, spy]) => ({ name, at: spy.mock.invocationCallOrder[0] ?? Infinity }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.name);
  expect(order).toEqual(['conversations', 'groups', 'backup', 'engine', 'cloud', 'whatsapp', 'downloads']);
  expect(handlerCloser.mock.invocationCallOrder[0]).toBeLessThan(steps.conversations.mock.invocationCallOrder[0]);
  // The database closes last: nothing may use it after the services stopped.
  expect(c.context.db.open).toBe(false);
});

it('hands every capability the same services: a download offered by one is served by the host', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-services-'));
  core = createCore({ dataDir: dir, mode: 'browser' });
  const r = await core.dispatch('data.backupNow', undefined);
  expect(r.ok).toBe(true);
  const url = (r as { ok: true; result: { url: string } }).result.url;
  const d = core.services.downloads.claim(url.split('/').pop()!);
  expect(d?.fileName).toMatch(/^recado-manual-.*\.zip$/);
  expect(d!.bytes).toBeGreaterThan(0);
});
