/**
 * A whole core on the real WhatsApp protocol for integration tests: the production socket
 * against the local stand-in, handed to the core explicitly (`testWhatsApp`, as `recado serve
 * --test-wa-url` does), plus linking a number by QR through the API.
 */
import { coreCaller, type CoreCall } from '../../../../tests/helpers/core';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { createCore, type Core } from '../../core';
import { silentLogger } from '../../log/logger';
import { waitFor } from '../../channels/whatsapp/testing/helpers';
import { trustStandIn, WaStandIn } from '../../channels/whatsapp/testing/wa-server';

export const ACCOUNT = '5511900000001';
export const LIMIT = 20_000;

export interface WaWorld {
  wa: WaStandIn;
  core: Core;
  events: Array<{ name: string; payload: any }>;
  call: CoreCall;
  /** Links the stand-in's phone by QR as a new number; resolves with its id once connected. */
  link(label?: string, phone?: string): Promise<number>;
  waitFor<T>(fn: () => T | Promise<T>, what?: string): Promise<NonNullable<T>>;
  /** One row, loosely typed. */
  one(sql: string, ...params: unknown[]): any;
  all(sql: string, ...params: unknown[]): any[];
}

/** Starts the stand-in and a core; `cleanups` receives what to undo, newest last. */
export async function waWorld(cleanups: Array<() => Promise<void> | void>, opts: { media?: boolean } = {}): Promise<WaWorld> {
  const wa = await WaStandIn.start({ media: opts.media ?? true });
  cleanups.push(() => wa.stop());
  cleanups.push(trustStandIn(wa));
  const tmp = makeTempDir('recado-groups-');
  cleanups.push(() => tmp.cleanup());
  const core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger(), testWhatsApp: { url: wa.url, rootKey: wa.root.publicKey.toString('hex') } });
  cleanups.push(() => core.close());
  const events: WaWorld['events'] = [];
  core.subscribe((name, payload) => events.push({ name, payload }));
  const call = coreCaller(core);
  const wait = <T>(fn: () => T | Promise<T>, what = 'condition') => waitFor(fn, what, LIMIT);
  return {
    wa,
    core,
    events,
    call,
    waitFor: wait,
    one: (sql, ...params) => core.context.db.prepare(sql).get(...params),
    all: (sql, ...params) => core.context.db.prepare(sql).all(...params),
    async link(label = 'Loja', phone = ACCOUNT) {
      const from = events.length;
      const { numberId } = await call('whatsapp.link', { label, method: 'qr' });
      const qr = await wait(() => events.slice(from).find((e) => e.name === 'whatsapp.qr' && e.payload.numberId === numberId), 'qr');
      await wa.scanQr(phone, qr.payload.qr);
      await wait(() => events.slice(from).find((e) => e.name === 'whatsapp.status' && e.payload.numberId === numberId && e.payload.state === 'connected'), 'connected');
      return numberId;
    },
  };
}
