/** An engine over an in-memory store with simulated numbers, for unit tests (fake timers friendly). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../log/logger';
import type { PlanGate, PlanState } from '../../../license/gate';
import { PLANS } from '../../../license/plans';
import { ChannelRegistry, simulatorFactory, simulatorLedgerFor } from '../../../numbers/channel-registry';
import { NumbersStore, type NumberConfig } from '../../../numbers/numbers-store';
import { readLedger, type SimulatorChannel, type LedgerEntry } from '../../../channels/simulator';
import { seededRng } from '../../pacing';
import type { CampaignDraft } from '../../../../../shared/campaigns/schema';
import type { Db } from '../../../db/open';
import { CampaignEngine, type EngineOptions } from '../engine';
import { fastDraft, insertCampaign, memoryDb, seedContacts } from './fixtures';

/** A Simulator that only sends (no receipts, replies, failures or invalid numbers) unless told otherwise. */
export const QUIET: NonNullable<NumberConfig['behavior']> = {
  deliveredProb: 0,
  readProb: 0,
  replyProb: 0,
  optOutProb: 0,
  failProb: 0,
  invalidProb: 0,
  receiptDelayMs: [10, 50],
  replyDelayMs: [10, 50],
};

export interface Harness {
  db: Db;
  dir: string;
  engine: CampaignEngine;
  numbers: NumbersStore;
  registry: ChannelRegistry;
  events: Array<{ name: string; payload: unknown }>;
  plan: { state: PlanState };
  numberIds: number[];
  listId: number;
  contactIds: number[];
  channel(numberId: number): SimulatorChannel;
  ledger(numberId?: number): LedgerEntry[];
  campaign(draft?: Partial<CampaignDraft>): number;
  /** Restarts the engine on the same database (as after a crash or a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  contacts?: number;
  numbers?: Array<{ kind?: 'simulator' | 'whatsapp'; behavior?: NumberConfig['behavior']; config?: Omit<NumberConfig, 'behavior'> }>;
  engine?: Partial<EngineOptions>;
  plan?: Partial<PlanState>;
  /** The license's sealed count of plan-counted sends per day (PlanGate.sendsFloor). */
  sendsFloor?: (day: string) => number;
}

export function createHarness(opts: HarnessOptions = {}): Harness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-engine-'));
  const db = memoryDb();
  const numbers = new NumbersStore(db);
  const plan = { state: { plan: 'pro', label: PLANS.pro.label, limits: { ...PLANS.pro.limits }, canSend: true, reason: null, ...opts.plan } as PlanState };
  const gate: PlanGate = { current: () => plan.state, ...(opts.sendsFloor ? { sendsFloor: opts.sendsFloor } : {}) } as PlanGate;
  const events: Harness['events'] = [];
  const numberIds = (opts.numbers ?? [{}]).map((n, i) =>
    numbers.add(n.kind ?? 'simulator', `Simulado ${i + 1}`, { ...n.config, behavior: { ...QUIET, ...n.behavior }, seed: `seed-${i}` }).id,
  );
  const seeded = seedContacts(db, { count: opts.contacts ?? 5 });
  const build = () => {
    const registry = new ChannelRegistry({ dataDir: dir, logger: silentLogger() });
    // Tests may use "whatsapp" rows: they get a Simulator too, so plan accounting can be checked.
    registry.registerFactory('whatsapp', simulatorFactory);
    const engine = new CampaignEngine({
      db,
      dataDir: dir,
      registry,
      numbers,
      plan: gate,
      logger: silentLogger(),
      emit: (name, payload) => events.push({ name, payload }),
      timeZone: () => 'America/Sao_Paulo',
      rng: seededRng(42),
      ...opts.engine,
    });
    return { registry, engine };
  };
  let cur = build();
  cur.engine.start();
  const h: Harness = {
    db,
    dir,
    get engine() {
      return cur.engine;
    },
    numbers,
    get registry() {
      return cur.registry;
    },
    events,
    plan,
    numberIds,
    listId: seeded.listId,
    contactIds: seeded.contactIds,
    channel: (id) => cur.registry.get(id) as SimulatorChannel,
    ledger: (id) => (id === undefined ? numberIds : [id]).flatMap((n) => readLedger(simulatorLedgerFor(dir, n))),
    campaign: (draft = {}) => insertCampaign(db, { ...fastDraft({ listIds: [seeded.listId], numberIds: [numberIds[0]] }), ...draft }),
    async restart() {
      await cur.engine.stop();
      await cur.registry.closeAll();
      cur = build();
      cur.engine.start();
    },
    async close() {
      await cur.engine.stop();
      await cur.registry.closeAll();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  } as Harness;
  return h;
}

/** Deliveries of a campaign in id order. */
export function deliveriesOf(db: Db, campaignId: number) {
  return db.prepare('SELECT * FROM deliveries WHERE campaign_id = ? ORDER BY id').all(campaignId) as Array<{
    id: number;
    contact_id: number;
    state: string;
    attempts: number;
    message_id: string | null;
    text: string | null;
    variation: number | null;
    number_id: number | null;
    sent_at: number | null;
    last_attempt_at: number | null;
    replied_at: number | null;
    error_code: string | null;
    error_reason: string | null;
  }>;
}

export function campaignStatus(db: Db, id: number): { status: string; pause_code: string | null; pause_reason: string | null } {
  return db.prepare('SELECT status, pause_code, pause_reason FROM campaigns WHERE id = ?').get(id) as { status: string; pause_code: string | null; pause_reason: string | null };
}
