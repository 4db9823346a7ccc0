import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/core';
import { acquireDataDirLock, LOCK_FILE } from '../../../electron/core/lock';
import { DATABASE_FILE } from '../../../electron/core/db/open';
import { safeStorageSecretBox } from '../../../electron/core/secrets/secret-box';
import type { InitMessage, MainToCore } from '../../../electron/core/process/messages';
import { runCoreProcess } from '../../../electron/core/process/utility-entry';
import { CoreRelay, restartDelay, type CoreChild, type CoreFatal } from '../../../electron/main/core-relay';
import { SecretKeyError } from '../../../electron/main/secret-key';
import type { Reply } from '../../../shared/api/wire';

let dataDir: string;
const relays: CoreRelay[] = [];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-core-relay-'));
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const initMessage = (warning: string | null = null): InitMessage => ({
  type: 'init',
  dataDir,
  secretKey: crypto.randomBytes(32).toString('base64'),
  secretWarning: warning,
});

function track(relay: CoreRelay): CoreRelay {
  relays.push(relay);
  return relay;
}

/** The real utility-process entry and core, in this process, behind a cloning "port". */
function inProcessChild(): CoreChild {
  const toCore = new EventEmitter();
  const messageListeners: Array<(m: unknown) => void> = [];
  const exitListeners: Array<(code: number | null) => void> = [];
  let gone = false;
  const exit = (code: number | null) => {
    if (gone) return;
    gone = true;
    for (const l of exitListeners) l(code);
  };
  runCoreProcess(
    {
      on: (_event, listener) => toCore.on('message', listener),
      postMessage: (message) => {
        const copy = structuredClone(message);
        setImmediate(() => {
          if (!gone) for (const l of messageListeners) l(copy);
        });
      },
    },
    { createCore, acquireLock: (dir) => acquireDataDirLock(dir, { mode: 'desktop' }), exit: (code) => setImmediate(() => exit(code)) },
  );
  return {
    send(message) {
      if (gone) throw new Error('child is gone');
      const copy = structuredClone(message);
      setImmediate(() => toCore.emit('message', { data: copy }));
    },
    kill: () => exit(null),
    onMessage: (l) => messageListeners.push(l),
    onExit: (l) => exitListeners.push(l),
  };
}

/** A scripted child for crashes and silence: answers init with ready unless told otherwise. */
class FakeChild implements CoreChild {
  readonly received: MainToCore[] = [];
  killed = false;
  private messageListener: (m: unknown) => void = () => {};
  private exitListener: (code: number | null) => void = () => {};
  private gone = false;

  constructor(private readonly behaviour: { ready?: boolean; exitOnInit?: boolean; honourShutdown?: boolean } = {}) {}

  send(message: MainToCore): void {
    if (this.gone) throw new Error('child is gone');
    this.received.push(message);
    setImmediate(() => {
      if (message.type === 'init') {
        if (this.behaviour.exitOnInit) this.crash(1);
        else if (this.behaviour.ready !== false) this.post({ type: 'ready' });
      }
      if (message.type === 'shutdown' && this.behaviour.honourShutdown !== false) this.crash(0);
    });
  }
  kill(): void {
    this.killed = true;
    this.crash(null);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListener = listener;
  }
  post(message: unknown): void {
    if (!this.gone) this.messageListener(message);
  }
  crash(code: number | null): void {
    if (this.gone) return;
    this.gone = true;
    this.exitListener(code);
  }
  calls() {
    return this.received.filter((m) => m.type === 'call');
  }
}

function fakeRelay(children: FakeChild[], make: () => FakeChild, extra: Partial<ConstructorParameters<typeof CoreRelay>[0]> = {}) {
  const fatals: CoreFatal[] = [];
  const relay = track(
    new CoreRelay({
      spawn: () => {
        const child = make();
        children.push(child);
        return child;
      },
      init: () => initMessage(),
      onEvent: () => {},
      onFatal: (f) => fatals.push(f),
      restartDelay: () => 0,
      ...extra,
    }),
  );
  return { relay, fatals };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setImmediate(r));
};

function errorOf(reply: Reply) {
  expect(reply.ok).toBe(false);
  return reply.ok ? { code: '', message: '' } : reply.error;
}

describe('core in a utility process (in-process stand-in)', () => {
  it('starts the real core, answers calls made before it was ready and forwards events', async () => {
    const events: Array<[string, unknown]> = [];
    const relay = track(
      new CoreRelay({
        spawn: inProcessChild,
        init: () => initMessage('Seu sistema não tem um chaveiro seguro'),
        onEvent: (name, payload) => events.push([name, payload]),
        onFatal: () => {},
      }),
    );
    const early = relay.call('app.info', undefined);
    await relay.start();
    const info = await early;
    expect(info).toMatchObject({
      ok: true,
      result: { mode: 'desktop', dataDir, secretStorage: { kind: 'safe-storage', warning: 'Seu sistema não tem um chaveiro seguro' } },
    });

    const updated = await relay.call('settings.update', { businessName: 'Loja da Ana' });
    expect(updated).toMatchObject({ ok: true, result: { businessName: 'Loja da Ana' } });
    await until(() => events.length > 0);
    expect(events[0]).toEqual(['settings.changed', expect.objectContaining({ businessName: 'Loja da Ana' })]);

    const bad = errorOf(await relay.call('settings.update', { language: 'klingon' }));
    expect(bad.code).toBe('api.invalid_input');
    expect(bad.message).toMatch(/Dados inválidos/);
  });

  it('seals secrets with the data key main handed over, and nothing readable lands on disk', async () => {
    const init = initMessage();
    const relay = track(new CoreRelay({ spawn: inProcessChild, init: () => init, onEvent: () => {}, onFatal: () => {} }));
    await relay.start();
    expect(await relay.call('secrets.set', { name: 'ai.apiKey', value: 'sk-loja-da-ana' })).toEqual({ ok: true, result: { ok: true } });
    expect(await relay.call('secrets.status', undefined)).toEqual({ ok: true, result: { 'ai.apiKey': true } });
    await relay.stop();
    const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    const row = db.prepare('SELECT blob FROM secrets WHERE name = ?').get('ai.apiKey') as { blob: Buffer };
    db.close();
    expect(row.blob.includes(Buffer.from('sk-loja-da-ana'))).toBe(false);
    const box = safeStorageSecretBox(Buffer.from(init.secretKey, 'base64'), null);
    expect(box.open(row.blob).toString()).toBe('sk-loja-da-ana');
  });

  it('closes the core on stop, releasing the data dir, and refuses later calls', async () => {
    const relay = track(new CoreRelay({ spawn: inProcessChild, init: () => initMessage(), onEvent: () => {}, onFatal: () => {} }));
    await relay.start();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    await relay.stop();
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    const after = errorOf(await relay.call('app.ping', undefined));
    expect(after.code).toBe('api.disconnected');
  });

  it('reports a data dir already used by another running Recado', async () => {
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.ppid, mode: 'browser', url: 'http://127.0.0.1:4100/', startedAt: 1 }));
    const fatals: CoreFatal[] = [];
    const relay = track(new CoreRelay({ spawn: inProcessChild, init: () => initMessage(), onEvent: () => {}, onFatal: (f) => fatals.push(f) }));
    await expect(relay.start()).rejects.toMatchObject({ code: 'store.locked', message: expect.stringMatching(/já está aberto/) });
    expect(fatals).toEqual([]); // the first start reports through start(), not twice
  });

  it('reports a database written by a newer Recado, and leaves the data dir unlocked', async () => {
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.pragma('user_version = 999');
    db.close();
    const relay = track(new CoreRelay({ spawn: inProcessChild, init: () => initMessage(), onEvent: () => {}, onFatal: () => {} }));
    await expect(relay.start()).rejects.toMatchObject({ code: 'store.future_version', message: expect.stringMatching(/versão mais nova/) });
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('rejects a malformed data key without touching the database', async () => {
    const relay = track(
      new CoreRelay({ spawn: inProcessChild, init: () => ({ ...initMessage(), secretKey: 'c2hvcnQ=' }), onEvent: () => {}, onFatal: () => {} }),
    );
    await expect(relay.start()).rejects.toMatchObject({ code: 'secrets.bad_key' });
    expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(false);
  });

  it('reports a locked keychain before spawning anything', async () => {
    let spawned = 0;
    const relay = track(
      new CoreRelay({
        spawn: () => {
          spawned++;
          return inProcessChild();
        },
        init: () => {
          throw new SecretKeyError('secrets.keychain_unavailable', 'O Recado não conseguiu acessar o chaveiro do sistema.');
        },
        onEvent: () => {},
        onFatal: () => {},
      }),
    );
    await expect(relay.start()).rejects.toMatchObject({ code: 'secrets.keychain_unavailable' });
    expect(spawned).toBe(0);
  });
});

describe('CoreRelay failure handling', () => {
  it('answers calls lost in a crash with a pt-BR disconnected reply and restarts the core', async () => {
    const children: FakeChild[] = [];
    const { relay } = fakeRelay(children, () => new FakeChild());
    await relay.start();
    const lost = relay.call('app.ping', undefined);
    await until(() => children[0].calls().length === 1);
    children[0].crash(139);
    const error = errorOf(await lost);
    expect(error.code).toBe('api.disconnected');
    expect(error.message).toMatch(/reiniciado/);

    const next = relay.call('app.ping', undefined);
    await until(() => children.length === 2 && children[1].calls().length === 1);
    const call = children[1].calls()[0];
    children[1].post({ type: 'reply', id: call.type === 'call' ? call.id : -1, reply: { ok: true, result: { now: 1 } } });
    expect(await next).toEqual({ ok: true, result: { now: 1 } });
    expect(children[1].received[0].type).toBe('init'); // a restarted core is initialised again
  });

  it('gives up after repeated crashes and tells the user', async () => {
    const children: FakeChild[] = [];
    let n = 0;
    const { relay, fatals } = fakeRelay(children, () => new FakeChild({ exitOnInit: n++ > 0 }), { maxRestarts: 2 });
    await relay.start();
    const pending = relay.call('app.ping', undefined);
    children[0].crash(1);
    await until(() => fatals.length === 1);
    expect(fatals[0].code).toBe('core.crashed');
    expect(fatals[0].message).toMatch(/parou 3 vezes/);
    expect(children).toHaveLength(3);
    expect(errorOf(await pending).code).toBe('api.disconnected');
  });

  it('fails the first start when the core never comes up', async () => {
    const children: FakeChild[] = [];
    const { relay, fatals } = fakeRelay(children, () => new FakeChild({ exitOnInit: true }), { maxRestarts: 1 });
    await expect(relay.start()).rejects.toMatchObject({ code: 'core.crashed' });
    expect(fatals).toEqual([]);
  });

  it('times out a call the core never answers and ignores the late reply', async () => {
    const children: FakeChild[] = [];
    const { relay } = fakeRelay(children, () => new FakeChild(), { callTimeoutMs: 60_000, timeouts: { 'app.ping': 1 } });
    await relay.start();
    const reply = await relay.call('app.ping', undefined);
    const error = errorOf(reply);
    expect(error.code).toBe('api.timeout');
    expect(error.message).toMatch(/demorou/);
    const sent = children[0].calls()[0];
    children[0].post({ type: 'reply', id: sent.type === 'call' ? sent.id : -1, reply: { ok: true, result: 'late' } });
    expect(relay.status).toBe('ready');
  });

  it('ignores malformed messages and messages from a replaced process', async () => {
    const children: FakeChild[] = [];
    const { relay } = fakeRelay(children, () => new FakeChild());
    await relay.start();
    const pending = relay.call('app.ping', undefined);
    await until(() => children[0].calls().length === 1);
    children[0].post({ type: 'reply', id: 'x', reply: null });
    children[0].post('garbage');
    children[0].post({ type: 'event' });
    const id = (children[0].calls()[0] as { id: number }).id;
    children[0].crash(1);
    children[0].post({ type: 'reply', id, reply: { ok: true, result: 'from the dead' } });
    expect(errorOf(await pending).code).toBe('api.disconnected');
  });

  it('on stop asks the core to shut down, answers pending calls, and kills a core that hangs', async () => {
    const children: FakeChild[] = [];
    const { relay } = fakeRelay(children, () => new FakeChild({ honourShutdown: false }), { shutdownGraceMs: 1 });
    await relay.start();
    const pending = relay.call('app.ping', undefined);
    await relay.stop();
    expect(children[0].received.some((m) => m.type === 'shutdown')).toBe(true);
    expect(children[0].killed).toBe(true);
    const error = errorOf(await pending);
    expect(error.code).toBe('api.disconnected');
    expect(error.message).toMatch(/fechado/);
    expect(relay.status).toBe('stopped');
  });

  it('backs off restarts exponentially up to 30 seconds', () => {
    expect([0, 1, 2, 3].map(restartDelay)).toEqual([500, 1000, 2000, 4000]);
    expect(restartDelay(20)).toBe(30_000);
  });
});
