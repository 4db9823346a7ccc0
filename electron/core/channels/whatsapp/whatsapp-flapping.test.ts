/**
 * Reconnect storms, on the real protocol and an hour of virtual time: the production
 * WhatsAppService and Baileys socket against the stand-in (testing/wa-server), with the campaign
 * engine sending through it. The reconnect logic and the engine read a virtual clock
 * (testing/virtual-time.ts); the socket traffic is real. Each test links a number, makes the
 * server misbehave, runs a campaign on the number and lives through an hour, then asserts the
 * logins the server saw, the states the user saw, the campaign's explanation, and that nothing
 * was sent or counted.
 */
import path from 'node:path';
import type { BinaryNode } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import type { PlanGate, PlanState } from '../../license/gate';
import { PLANS } from '../../license/plans';
import { ChannelRegistry } from '../../numbers/channel-registry';
import { NumbersStore } from '../../numbers/numbers-store';
import { CampaignEngine } from '../../campaigns/engine/engine';
import { fastDraft, insertCampaign, seedContacts } from '../../campaigns/engine/testing/fixtures';
import type { ChannelStatus } from '../types';
import { baileysSocketFactory } from './default-socket';
import { DEFAULT_GUARD_POLICY } from './reconnect-guard';
import { addNumber, tempStore, waitFor, type TempStore } from './testing/helpers';
import { VirtualTime } from './testing/virtual-time';
import { trustStandIn, WaStandIn } from './testing/wa-server';
import type { WhatsAppChannel } from './whatsapp-channel';
import { WhatsAppService } from './whatsapp-service';

const ACCOUNT = '5511900000001';
const LIMIT = 15_000;
const HOUR = 60 * 60_000;
const MINUTE = 60_000;

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function children(node: BinaryNode | undefined): BinaryNode[] {
  return Array.isArray(node?.content) ? (node!.content as BinaryNode[]) : [];
}

/** "Is this number on WhatsApp?": a USync query with the contact protocol (Baileys' onWhatsApp). */
function isNumberLookup(iq: BinaryNode): boolean {
  if (iq.attrs.xmlns !== 'usync') return false;
  const usync = children(iq).find((c) => c.tag === 'usync');
  const query = children(usync).find((c) => c.tag === 'query');
  return children(query).some((c) => c.tag === 'contact');
}

interface World {
  wa: WaStandIn;
  st: TempStore;
  vt: VirtualTime;
  channel: WhatsAppChannel;
  engine: CampaignEngine;
  numberId: number;
  statuses: ChannelStatus[];
  waits: string[];
  campaign(): number;
  /** Logins the server accepted since linking. */
  logins(): number;
  /** "Is this number on WhatsApp?" queries the server received since linking. */
  lookups(): number;
  runFor(ms: number): Promise<void>;
  campaignRow(id: number): { status: string; pause_code: string | null; pause_reason: string | null };
}

async function world(): Promise<World> {
  const wa = await WaStandIn.start({ media: false });
  cleanups.push(() => wa.stop());
  cleanups.push(trustStandIn(wa));
  const st = tempStore();
  cleanups.push(() => st.cleanup());
  const t0 = Date.now();
  const vt = new VirtualTime(t0);
  const numberId = addNumber(st.db, 'Loja Centro');
  const service = new WhatsAppService({
    db: st.db,
    secretBox: st.box,
    logger: silentLogger(),
    socketFactory: baileysSocketFactory,
    waWebSocketUrl: wa.url,
    // Retries and the stability checkpoint run on virtual time; jitter in the middle of its range.
    channelOptions: { scheduler: vt, rand: () => 0.5 },
  });
  cleanups.push(() => service.close());
  const row = st.db.prepare('SELECT id, kind, label, phone, config FROM numbers WHERE id = ?').get(numberId) as { id: number; kind: string; label: string };
  const channel = service.channelFor(row);
  const statuses: ChannelStatus[] = [];
  channel.on('status', (s) => statuses.push(s));

  // Link by QR (the phone scans it), as a user does.
  const qr = new Promise<string>((resolve) => service.subscribe((e) => e.type === 'qr' && resolve(e.qr)));
  const started = channel.start();
  await wa.scanQr(ACCOUNT, await qr);
  await started;
  await wa.waitForConnection(ACCOUNT, LIMIT);
  const linkedLogins = wa.stats.logins;
  const linkedIqs = wa.stats.iqs.length;
  statuses.length = 0; // from here on: what the misbehaving server causes

  const registry = new ChannelRegistry({ dataDir: path.dirname(st.file), logger: silentLogger() });
  registry.registerFactory('whatsapp', (r) => service.channelFor(r), { ownsLifecycle: false });
  const plan: PlanState = { plan: 'pro', label: PLANS.pro.label, limits: { ...PLANS.pro.limits }, canSend: true, reason: null } as PlanState;
  const waits: string[] = [];
  const engine = new CampaignEngine({
    db: st.db,
    dataDir: path.dirname(st.file),
    registry,
    numbers: new NumbersStore(st.db),
    plan: { current: () => plan } as PlanGate,
    logger: silentLogger(),
    emit: (name, payload) => {
      const wait = name === 'campaigns.progress' ? (payload as { waiting: { message: string } | null }).waiting : null;
      if (wait && waits.at(-1) !== wait.message) waits.push(wait.message);
    },
    timeZone: () => 'America/Sao_Paulo',
    clock: vt,
    progressIntervalMs: 0,
  });
  engine.start();
  cleanups.push(async () => {
    await engine.stop();
    await registry.closeAll();
  });
  const { listId } = seedContacts(st.db, { count: 3 });

  const sending = st.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE state = 'sending'");
  /** Nothing in flight: no claim waiting on the socket, no socket being opened. */
  const quiet = (): boolean => {
    if ((sending.get() as { n: number }).n > 0) return false;
    const s = channel.status();
    if (s.state === 'connecting') return false;
    if ((s.state === 'reconnecting' || s.state === 'unstable') && !(s.retryAt !== undefined && s.retryAt > vt.now())) return false;
    // A socket of ours still on its way in (handshake or login).
    return ![...wa.connections].some((c) => c.ws.readyState === c.ws.OPEN && !c.account && !c.registration);
  };
  const settle = async () => {
    // Quiet twice in a row, 30 ms apart: an event already on its way has landed.
    await waitFor(async () => {
      if (!quiet()) return false;
      await new Promise((r) => setTimeout(r, 30));
      return quiet();
    }, 'quiet', LIMIT);
  };

  return {
    wa,
    st,
    vt,
    channel,
    engine,
    numberId,
    statuses,
    waits,
    campaign: () => {
      const id = insertCampaign(st.db, fastDraft({ listIds: [listId], numberIds: [numberId] }));
      engine.startCampaign(id);
      return id;
    },
    logins: () => wa.stats.logins - linkedLogins,
    lookups: () => wa.stats.iqs.slice(linkedIqs).filter((q) => q.startsWith('usync')).length,
    async runFor(ms) {
      const end = vt.now() + ms;
      while (vt.now() < end) {
        await settle();
        // One step at a time: the next timer of the reconnect logic, or a minute for the engine.
        const next = Math.min(vt.nextAt() ?? Infinity, vt.now() + MINUTE, end);
        vt.advanceTo(next);
        engine.wake();
      }
      await settle();
    },
    campaignRow: (id) => st.db.prepare('SELECT status, pause_code, pause_reason FROM campaigns WHERE id = ?').get(id) as never,
  };
}

/** Nothing went out and nothing was counted: every delivery still queued, no attempt spent. */
function expectNothingSent(w: World, campaignId: number) {
  const rows = w.st.db.prepare('SELECT state, attempts, sent_at, message_id FROM deliveries WHERE campaign_id = ?').all(campaignId) as Array<{ state: string; attempts: number; sent_at: number | null; message_id: string | null }>;
  expect(rows).toHaveLength(3);
  for (const r of rows) expect(r).toMatchObject({ state: 'queued', attempts: 0, sent_at: null, message_id: null });
  expect(w.wa.stats.messages).toEqual([]);
  const counted = w.st.db.prepare('SELECT coalesce(sum(attempts), 0) AS n FROM number_daily_counters WHERE number_id = ?').get(w.numberId) as { n: number };
  expect(counted.n).toBe(0);
  expect(w.st.db.prepare('SELECT sent, failed, uncertain FROM campaign_counters WHERE campaign_id = ?').get(campaignId)).toEqual({ sent: 0, failed: 0, uncertain: 0 });
}

const states = (w: World) => w.statuses.map((s) => (s.reason ? `${s.state}:${s.reason}` : s.state));

describe('reconnect storms on the real protocol, over an hour of virtual time', () => {
  it('a server that drops the socket right after each login: backs off, turns "instável", never passes the hourly ceiling', async () => {
    const w = await world();
    w.wa.behavior.dropAfterLogin = true;
    await w.wa.kick(ACCOUNT, 428);
    const id = w.campaign();
    await w.runFor(HOUR);

    // 2 s, 4 s, 8 s, 16 s, then slowly: about 5 fast logins and a few slow ones, never more than the ceiling.
    expect(w.logins()).toBeGreaterThanOrEqual(DEFAULT_GUARD_POLICY.dropThreshold);
    expect(w.logins()).toBeLessThanOrEqual(DEFAULT_GUARD_POLICY.loginsPerHour);
    expect(states(w)).toContain('unstable:unstable');
    // Each brief login shows; once "instável", it reads "connected:unstable" (never a plain
    // "Conectado") until a connection proves stable, which none here does.
    const seen = states(w);
    expect(seen.slice(seen.indexOf('unstable:unstable'))).not.toContain('connected');
    expect(seen.slice(seen.indexOf('unstable:unstable'))).toContain('connected:unstable');
    const unstable = w.statuses.find((s) => s.state === 'unstable')!;
    expect(unstable.retryAt! - unstable.since).toBeGreaterThanOrEqual(DEFAULT_GUARD_POLICY.unstable.baseMs * 0.75);

    // The campaign said why it waited, then paused with the reason instead of staying "Enviando".
    expect(w.waits.some((m) => /^Número "Loja Centro" (instável|reconectando ao WhatsApp) — nova tentativa (às|amanhã às) \d\d:\d\d$/.test(m))).toBe(true);
    // Which words depend on where the last drop caught it: waiting to reconnect, or in the middle
    // of a number check during one of the brief logins. Both name the number and the cause.
    const row = w.campaignRow(id);
    expect(row.status).toBe('paused');
    if (row.pause_code === 'numbers_unavailable') expect(row.pause_reason).toMatch(/^O número "Loja Centro" está (instável|reconectando) há 30 minutos/);
    else expect(row).toMatchObject({ pause_code: 'number_check', pause_reason: expect.stringMatching(/^Não foi possível verificar os números no WhatsApp: a conexão do número "Loja Centro" caiu .* Nada foi enviado\./) });
    expectNothingSent(w, id);
  });

  it('a server that drops the socket on the number check: the campaign waits between checks, explains, then pauses', async () => {
    const w = await world();
    w.wa.behavior.dropOnQuery = isNumberLookup;
    const id = w.campaign();
    await w.runFor(HOUR);

    // Checks wait 30 s, 2 min, 5 min, 10 min: a handful of drops and logins in the hour, no storm.
    const lookups = w.lookups();
    expect(lookups).toBeGreaterThanOrEqual(3);
    expect(lookups).toBeLessThanOrEqual(6);
    expect(w.logins()).toBe(lookups);
    expect(states(w).filter((s) => s.startsWith('reconnecting')).length).toBe(lookups);
    expect(w.channel.status().state).toBe('connected'); // once the campaign stopped asking, the number is fine

    expect(w.waits.some((m) => /^Não foi possível verificar os números — nova tentativa às \d\d:\d\d$/.test(m))).toBe(true);
    expect(w.campaignRow(id)).toMatchObject({
      status: 'paused',
      pause_code: 'number_check',
      pause_reason: expect.stringMatching(/^Não foi possível verificar os números no WhatsApp: a conexão do número "Loja Centro" caiu durante a verificação \d vezes seguidas\. Nada foi enviado\./),
    });
    // The queued rows say why they are still there, in connection words (never "erro desconhecido").
    const reasons = w.st.db.prepare('SELECT DISTINCT error_code, error_reason FROM deliveries WHERE campaign_id = ? AND error_code IS NOT NULL').all(id) as Array<{ error_code: string; error_reason: string }>;
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) {
      expect(r.error_code).toBe('NOT_CONNECTED');
      expect(r.error_reason).toMatch(/conexão/);
      expect(r.error_reason).not.toMatch(/desconhecido/);
    }
    expectNothingSent(w, id);
  });

  it('a server that answers 429 on login: waits half an hour and more, says WhatsApp asked to wait', async () => {
    const w = await world();
    w.wa.behavior.loginFailure = 429;
    await w.wa.kick(ACCOUNT, 428);
    const id = w.campaign();
    await w.runFor(HOUR);

    // The first retry after the drop is refused; then ~30 min, then ~45 min: at most 3 in the hour.
    expect(w.wa.stats.connections).toBeGreaterThanOrEqual(2);
    const refused = w.statuses.filter((s) => s.state === 'unstable' && s.reason === 'rate_limited');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(3);
    expect(refused[0].retryAt! - refused[0].since).toBeGreaterThanOrEqual(DEFAULT_GUARD_POLICY.rateLimited.baseMs * 0.75);
    expect(w.logins()).toBe(0); // the server never let it in

    expect(w.waits.some((m) => /^O WhatsApp pediu para o número "Loja Centro" esperar — nova tentativa (às|amanhã às) \d\d:\d\d$/.test(m))).toBe(true);
    expect(w.campaignRow(id)).toMatchObject({ status: 'paused', pause_code: 'numbers_unavailable' });
    expectNothingSent(w, id);
  });

  it('a server that sends stream:error conflict after every login: stops at once; "Reconectar" clicks never pass the ceiling', async () => {
    const w = await world();
    w.wa.behavior.conflictAfterLogin = true;
    await w.wa.kick(ACCOUNT, 428);
    const id = w.campaign();
    await w.runFor(MINUTE);
    expect(w.logins()).toBe(1);
    expect(w.channel.status()).toMatchObject({ state: 'error', reason: 'connection_replaced' });
    expect(w.campaignRow(id)).toMatchObject({ status: 'paused', pause_code: 'number_status' });

    // The user clicks "Reconectar" every two minutes for the rest of the hour.
    for (let t = 0; t < 58 * MINUTE; t += 2 * MINUTE) {
      void w.channel.start().catch(() => {});
      await w.runFor(2 * MINUTE);
    }
    // The login that finished linking is in the same hour: all logins together make the ceiling.
    expect(w.wa.stats.logins).toBe(DEFAULT_GUARD_POLICY.loginsPerHour);
    expect(states(w)).toContain('unstable:login_ceiling');
    expect(states(w).filter((s) => s === 'error:connection_replaced')).toHaveLength(w.logins());
    expectNothingSent(w, id);
  });

  it('whatever the close code: a server that asks for a restart (515) after every login is held by the window and the ceiling', async () => {
    const w = await world();
    w.wa.behavior.kickAfterLogin = 515;
    await w.wa.kick(ACCOUNT, 428);
    const id = w.campaign();
    await w.runFor(HOUR);
    expect(w.logins()).toBeLessThanOrEqual(DEFAULT_GUARD_POLICY.loginsPerHour);
    expect(w.logins()).toBeGreaterThanOrEqual(DEFAULT_GUARD_POLICY.dropThreshold - 1);
    expect(states(w)).toContain('unstable:unstable');
    expect(w.campaignRow(id).status).toBe('paused');
    expectNothingSent(w, id);
  });
});
