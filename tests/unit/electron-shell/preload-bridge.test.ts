import { describe, expect, it } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../../electron/preload/bridge';
import { IPC_EVENT_CHANNEL } from '../../../shared/api/bridge';
import { methodNames } from '../../../shared/api/contract';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(reply: (channel: string, input: unknown) => Promise<unknown>) {
  const listeners = new Map<string, Listener[]>();
  const calls: Array<{ channel: string; args: unknown[] }> = [];
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      calls.push({ channel, args });
      return reply(channel, args[0]);
    },
    on: (channel, listener) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer-internals', senderId: 0 }, ...args);
  };
  return { ipc, calls, emit, count: (channel: string) => (listeners.get(channel) ?? []).length };
}

describe('window.recado bridge', () => {
  it('has one function per API method, each bound to its own channel', async () => {
    const { ipc, calls } = fakeIpc(async (channel) => ({ ok: true, result: channel }));
    const bridge = createBridge(ipc, 'win32', methodNames);
    expect(Object.keys(bridge.invoke).sort()).toEqual([...methodNames].sort());
    const reply = await bridge.invoke['settings.get'](undefined);
    expect(reply).toEqual({ ok: true, result: 'rpc:settings.get' });
    await bridge.invoke['secrets.set']({ name: 'ai.apiKey', value: 'x' });
    expect(calls.map((c) => c.channel)).toEqual(['rpc:settings.get', 'rpc:secrets.set']);
    expect(calls[1].args).toEqual([{ name: 'ai.apiKey', value: 'x' }]);
    expect(bridge.platform).toBe('win32');
  });

  it('cannot be extended or rewired by the page', () => {
    const bridge = createBridge(fakeIpc(async () => ({ ok: true, result: null })).ipc, 'linux', methodNames);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.isFrozen(bridge.invoke)).toBe(true);
    expect('ipcRenderer' in bridge).toBe(false);
  });

  it('turns a broken IPC link into a pt-BR disconnected reply instead of a rejection', async () => {
    const bridge = createBridge(fakeIpc(async () => Promise.reject(new Error('No handler registered'))).ipc, 'linux', methodNames);
    const reply = await bridge.invoke['app.info'](undefined);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('api.disconnected');
      expect(reply.error.message).toMatch(/Recado/);
    }
  });

  it('delivers events as (name, payload) without the IpcRendererEvent', () => {
    const fake = fakeIpc(async () => ({ ok: true, result: null }));
    const bridge = createBridge(fake.ipc, 'linux', methodNames);
    const seen: unknown[][] = [];
    bridge.onEvent((...args: unknown[]) => seen.push(args));
    fake.emit(IPC_EVENT_CHANNEL, 'settings.changed', { language: 'pt-BR' });
    expect(seen).toEqual([['settings.changed', { language: 'pt-BR' }]]);
  });

  it('unsubscribe removes exactly that listener, once', () => {
    const fake = fakeIpc(async () => ({ ok: true, result: null }));
    const bridge = createBridge(fake.ipc, 'linux', methodNames);
    const a: string[] = [];
    const b: string[] = [];
    const offA = bridge.onEvent((name) => a.push(name));
    bridge.onEvent((name) => b.push(name));
    fake.emit(IPC_EVENT_CHANNEL, 'one', null);
    offA();
    offA();
    fake.emit(IPC_EVENT_CHANNEL, 'two', null);
    expect(a).toEqual(['one']);
    expect(b).toEqual(['one', 'two']);
    expect(fake.count(IPC_EVENT_CHANNEL)).toBe(1);
  });
});
