import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { silentLogger } from '../log/logger';
import { makeTempDir } from '../../../tests/helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let core: Core;
beforeEach(() => {
  tmp = makeTempDir();
  core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

describe('the API dispatcher', () => {
  it('answers a valid request', async () => {
    const reply = await core.dispatch('settings.get', undefined);
    expect(reply).toMatchObject({ ok: true, result: { language: 'pt-BR', timeZone: 'America/Sao_Paulo' } });
  });

  it('rejects an unknown method with a typed error', async () => {
    for (const method of ['nope.nothing', 42, null, '__proto__', 'constructor', 'toString']) {
      const reply = await core.dispatch(method, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'api.unknown_method', message: expect.stringContaining('Operação desconhecida') } });
    }
  });

  it('rejects malformed payloads with a pt-BR message naming the field', async () => {
    const bad = [
      ['settings.update', { language: 'klingon' }],
      ['settings.update', { unknownKey: true }],
      ['settings.update', 'not an object'],
      ['settings.update', { diagnostics: 'yes' }],
      ['secrets.set', { name: 'ai.apiKey' }],
      ['secrets.set', { name: 'something.else', value: 'x' }],
      ['log.rendererError', { message: 'x'.repeat(5000) }],
    ] as const;
    for (const [method, input] of bad) {
      const reply = await core.dispatch(method, input);
      expect(reply.ok, `${method} ${JSON.stringify(input).slice(0, 40)}`).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('api.invalid_input');
        expect(reply.error.message).toMatch(/^Dados inválidos/);
      }
    }
    // Nothing half-written: settings are still the defaults.
    const reply = await core.dispatch('settings.get', undefined);
    expect(reply).toMatchObject({ ok: true, result: { language: 'pt-BR', diagnostics: false } });
  });

  it('keeps settings across a restart and pushes a change event', async () => {
    const seen: unknown[] = [];
    core.subscribe((name, payload) => seen.push({ name, payload }));
    await core.dispatch('settings.update', { language: 'en', businessName: 'Padaria Pão Quente' });
    expect(seen).toEqual([{ name: 'settings.changed', payload: expect.objectContaining({ language: 'en' }) }]);
    await core.close();
    core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
    expect(await core.dispatch('settings.get', undefined)).toMatchObject({ ok: true, result: { language: 'en', businessName: 'Padaria Pão Quente' } });
  });

  it('never returns secret values, only whether they are set', async () => {
    await core.dispatch('secrets.set', { name: 'ai.apiKey', value: 'sk-secret' });
    const status = await core.dispatch('secrets.status', undefined);
    expect(status).toEqual({ ok: true, result: { 'ai.apiKey': true } });
    expect(JSON.stringify(status)).not.toContain('sk-secret');
  });
});

describe('settings patches', () => {
  it('change only the keys they name', async () => {
    await core.dispatch('settings.update', { businessName: 'Padaria Pão Quente' });
    const reply = await core.dispatch('settings.update', { language: 'en' });
    expect(reply).toMatchObject({ ok: true, result: { language: 'en', businessName: 'Padaria Pão Quente' } });
  });
});
