import { initAuthCreds } from '@whiskeysockets/baileys';
import type { AuthenticationState, SignalDataSet, SignalDataTypeMap } from '@whiskeysockets/baileys';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { baileysSocketFactory, BUNDLED_WA_VERSION } from '../../default-socket';
import type { WhatsAppSocket } from '../../socket';
import { trustStandIn, WaStandIn } from './index';

function memoryAuth(): AuthenticationState {
  const data = new Map<string, unknown>();
  return {
    creds: initAuthCreds(),
    keys: {
      get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const out: Record<string, SignalDataTypeMap[T]> = {};
        for (const id of ids) {
          const v = data.get(`${type}:${id}`);
          if (v !== undefined) out[id] = v as SignalDataTypeMap[T];
        }
        return out;
      },
      set(d: SignalDataSet) {
        for (const [type, entries] of Object.entries(d)) for (const [id, v] of Object.entries(entries ?? {})) {
          if (v == null) data.delete(`${type}:${id}`);
          else data.set(`${type}:${id}`, v);
        }
      },
    },
  } as AuthenticationState;
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

it('probe: QR link, login, send, receive', async () => {
  const wa = await WaStandIn.start();
  cleanup.push(() => wa.stop());
  cleanup.push(trustStandIn(wa));
  const logger = pino({ level: process.env.PROBE_LOG ?? 'warn' });
  const auth = memoryAuth();
  const make = () => baileysSocketFactory({ numberId: 1, auth, logger: logger as never, version: BUNDLED_WA_VERSION, getMessage: async () => undefined, waWebSocketUrl: wa.url });
  let sock: WhatsAppSocket = make();
  const events: string[] = [];
  const qr = await new Promise<string>((resolve, reject) => {
    sock.ev.process(async (ev) => {
      if (ev['creds.update']) Object.assign(auth.creds, ev['creds.update']);
      const u = ev['connection.update'];
      if (u?.qr) resolve(u.qr);
      if (u?.connection) events.push(u.connection + ':' + ((u.lastDisconnect?.error as { output?: { statusCode?: number } })?.output?.statusCode ?? ''));
      if (u?.connection === 'close') reject(new Error('closed ' + events.join(',')));
    });
  });
  expect(qr).toContain('wa.me/settings/linked_devices#');
  const closed = new Promise<number | undefined>((resolve) => {
    sock.ev.process(async (ev) => {
      const u = ev['connection.update'];
      if (u?.connection === 'close') resolve((u.lastDisconnect?.error as { output?: { statusCode?: number } })?.output?.statusCode);
    });
  });
  await wa.scanQr('5511900000001', qr);
  expect(await closed).toBe(515);
  expect(auth.creds.me?.id).toMatch(/^5511900000001:\d+@s\.whatsapp\.net$/);
  sock = make();
  cleanup.push(() => sock.end(undefined));
  const inbound: string[] = [];
  await new Promise<void>((resolve, reject) => {
    sock.ev.process(async (ev) => {
      if (ev['creds.update']) Object.assign(auth.creds, ev['creds.update']);
      const u = ev['connection.update'];
      if (u?.connection === 'open') resolve();
      if (u?.connection === 'close') reject(new Error('closed ' + JSON.stringify(u.lastDisconnect?.error)));
      for (const m of ev['messages.upsert']?.messages ?? []) inbound.push(`${ev['messages.upsert']!.type}:${m.message?.conversation ?? ''}`);
    });
  });
  const contact = wa.contact('5511987654321');
  const found = await sock.onWhatsApp('5511987654321', '5511911112222');
  expect(found?.map((f) => f.jid)).toEqual(['5511987654321@s.whatsapp.net']);
  await sock.sendMessage('5511987654321@s.whatsapp.net', { text: 'Olá!' }, { messageId: 'ABC123' });
  const got = await contact.waitForMessage();
  expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe('Olá!');
  await wa.sendText(contact, '5511900000001', 'SAIR');
  for (let i = 0; i < 100 && !inbound.some((x) => x.includes('SAIR')); i++) await new Promise((r) => setTimeout(r, 50));
  expect(inbound).toContain('notify:SAIR');
  expect(wa.errors).toEqual([]);
}, 30_000);
