import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { newMemory, notificationFor } from './event-notifications';

const dirs: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) {
    await new Promise((r) => setImmediate(r));
    await c.close();
  }
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

const run = (patch: Record<string, unknown>) => ({ id: 7, name: 'Black Friday', status: 'running', pauseCode: null, pauseReason: null, counters: { total: 500, sent: 100, delivered: 350, read: 50 }, ...patch });

describe('notifications from engine, WhatsApp and license events', () => {
  it('tells about a finished campaign and an automatic pause, not about the user pausing', () => {
    const m = newMemory();
    expect(notificationFor('campaigns.progress', run({}), m)).toBeNull(); // first sight: no change to report
    expect(notificationFor('campaigns.progress', run({ status: 'paused' }), m)).toBeNull(); // the user's own pause
    expect(notificationFor('campaigns.progress', run({}), m)).toBeNull();
    expect(notificationFor('campaigns.progress', run({ status: 'paused', pauseCode: 'number_signal', pauseReason: 'O WhatsApp sinalizou muitas denúncias; o envio foi pausado para proteger seu número.' }), m)).toEqual({
      kind: 'campaign.paused',
      title: 'Campanha pausada',
      body: '"Black Friday" foi pausada: O WhatsApp sinalizou muitas denúncias; o envio foi pausado para proteger seu número.',
      route: '#/campanhas/7',
      params: { name: 'Black Friday', code: 'number_signal' },
    });
    notificationFor('campaigns.progress', run({}), m);
    expect(notificationFor('campaigns.progress', run({ status: 'finished' }), m)).toMatchObject({ kind: 'campaign.finished', title: 'Campanha concluída', body: '"Black Friday" terminou: 500 de 500 mensagens enviadas.' });
    expect(notificationFor('campaigns.progress', run({ status: 'finished' }), m)).toBeNull(); // once
  });

  it('tells once per "instável" episode: a brief reconnect in between does not repeat it, a stable connection ends it', () => {
    const m = newMemory();
    const label = () => 'Loja Centro';
    const unstable = { numberId: 1, state: 'unstable', reason: 'unstable', retryAt: 1_700_000_000_000, message: 'A conexão deste número caiu várias vezes em poucos minutos.' };
    expect(notificationFor('whatsapp.status', unstable, m, label)).toMatchObject({ kind: 'number.unstable', title: 'Número "Loja Centro" instável', route: '#/numeros', params: { label: 'Loja Centro', reason: 'unstable' } });
    notificationFor('whatsapp.status', { numberId: 1, state: 'reconnecting', reason: 'unstable' }, m, label);
    // Open again but not yet proven stable: the next drop is the same episode.
    notificationFor('whatsapp.status', { numberId: 1, state: 'connected', reason: 'unstable' }, m, label);
    expect(notificationFor('whatsapp.status', unstable, m, label)).toBeNull();
    // Stable: a later episode is news again.
    notificationFor('whatsapp.status', { numberId: 1, state: 'connected', reason: null }, m, label);
    expect(notificationFor('whatsapp.status', { ...unstable, reason: 'rate_limited' }, m, label)).toMatchObject({ title: 'Número "Loja Centro" aguardando o WhatsApp', params: { reason: 'rate_limited' } });
  });

  it('tells when a connected number loses its session, naming it by its label', () => {
    const m = newMemory();
    const label = () => 'Loja Centro';
    expect(notificationFor('whatsapp.status', { numberId: 1, state: 'disconnected', reason: null }, m, label)).toBeNull(); // never connected yet
    notificationFor('whatsapp.status', { numberId: 1, state: 'connected', reason: null }, m, label);
    expect(notificationFor('whatsapp.status', { numberId: 1, state: 'logged_out', reason: 'logged_out' }, m, label)).toMatchObject({
      kind: 'number.disconnected',
      title: 'Número "Loja Centro" desconectado',
      body: expect.stringContaining('Conecte o número de novo'),
    });
  });

  it('tells about license problems', () => {
    const m = newMemory();
    expect(notificationFor('license.changed', { state: 'active' }, m)).toBeNull();
    expect(notificationFor('license.changed', { state: 'in_grace', notice: 'Conecte-se à internet até 12/03.' }, m)).toMatchObject({ kind: 'license.problem', body: 'Conecte-se à internet até 12/03.' });
    expect(notificationFor('license.changed', { state: 'expired', reason: 'A compra foi reembolsada.' }, m)).toMatchObject({ kind: 'license.problem', title: 'Problema com a licença', body: 'A compra foi reembolsada.' });
  });

  it('reaches the UI as notifications.new and stays in notifications.list', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-notify-'));
    dirs.push(dir);
    const core = createCore({ dataDir: dir, mode: 'browser' });
    cores.push(core);
    const pushed: unknown[] = [];
    core.subscribe((name, payload) => name === 'notifications.new' && pushed.push(payload));
    const emit = core.context.events.emit.bind(core.context.events) as (name: string, payload: unknown) => void;
    emit('campaigns.progress', run({}));
    emit('campaigns.progress', run({ status: 'finished' }));
    expect(pushed).toMatchObject([{ kind: 'campaign.finished', route: '#/campanhas/7' }]);
    expect(await core.dispatch('notifications.list', undefined)).toMatchObject({ ok: true, result: [{ kind: 'campaign.finished', title: 'Campanha concluída' }] });
  });
});
