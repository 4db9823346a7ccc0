import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../core';

let core: Core | null = null;
let dir = '';
afterEach(async () => {
  await new Promise((r) => setImmediate(r));
  await core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('app.resumed lets every registered timer recompute, even when one of them fails', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-resume-'));
  core = createCore({ dataDir: dir, mode: 'cli' });
  const rearmed: string[] = [];
  core.services.resume.on(() => rearmed.push('engine'));
  core.services.resume.on(() => {
    throw new Error('broken hook');
  });
  const off = core.services.resume.on(() => rearmed.push('removed'));
  off();
  core.services.resume.on(() => rearmed.push('auto-backup'));
  expect(await core.dispatch('app.resumed', undefined)).toEqual({ ok: true, result: { ok: true } });
  expect(rearmed).toEqual(['engine', 'auto-backup']);
});
