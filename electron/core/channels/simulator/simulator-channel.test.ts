import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelSendError } from '../errors';
import type { ChannelStatus, InboundEvent, ReceiptEvent } from '../types';
import { hashText, LedgerWriter, readLedger, SimulatorChannel, simulatorLedgerPath, type SimulatorBehavior } from './index';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-sim-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

const quiet: Partial<SimulatorBehavior> = { deliveredProb: 0, failProb: 0, invalidProb: 0 };

function make(behavior: Partial<SimulatorBehavior> = quiet, seed: number | string = 1, id = 'sim-1') {
  return new SimulatorChannel({ id, ledgerFile: simulatorLedgerPath(dir, id), behavior, seed });
}

const jid = (n: number) => `55119${String(80000000 + n)}@s.whatsapp.net`;

describe('SimulatorChannel lifecycle', () => {
  it('connects, is labelled SIMULADO, and refuses to send once stopped', async () => {
    const ch = make();
    const states: ChannelStatus['state'][] = [];
    ch.on('status', (s) => states.push(s.state));
    expect(ch.kind).toBe('simulator');
    expect(ch.label).toBe('SIMULADO');
    await expect(ch.send({ messageId: 'x', jid: jid(1), text: 'oi' })).rejects.toMatchObject({ code: 'NOT_CONNECTED', transient: true });
    await ch.start();
    expect(ch.status().state).toBe('connected');
    await ch.stop();
    expect(states).toEqual(['connecting', 'connected', 'disconnected']);
    await expect(ch.send({ messageId: 'y', jid: jid(1), text: 'oi' })).rejects.toBeInstanceOf(ChannelSendError);
  });

  it('generates unique message ids', () => {
    const ch = make();
    const ids = new Set(Array.from({ length: 1000 }, () => ch.newMessageId()));
    expect(ids.size).toBe(1000);
  });
});

describe('ledger', () => {
  it('writes and fsyncs each message before acknowledging it, waiting for the disk off the event loop', async () => {
    const ch = make();
    await ch.start();
    const steps: string[] = [];
    const origWrite = fs.writeSync.bind(fs) as (...a: unknown[]) => number;
    const origSync = fs.fdatasync.bind(fs);
    vi.spyOn(fs, 'writeSync').mockImplementation(((...args: unknown[]) => {
      steps.push('write');
      return origWrite(...args);
    }) as typeof fs.writeSync);
    vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      steps.push('fsync');
      origSync(fd, cb);
    }) as typeof fs.fdatasync);
    vi.spyOn(fs, 'fsyncSync');
    vi.spyOn(fs, 'fdatasyncSync');
    let seenAtAck: string[] = [];
    const res = await ch.send({ messageId: 'm-1', jid: jid(1), text: 'Olá, Ana!' }).then((r) => {
      steps.push('ack');
      seenAtAck = readLedger(ch.ledgerFile).map((e) => e.messageId);
      return r;
    });
    expect(steps).toEqual(['write', 'fsync', 'ack']);
    expect(seenAtAck).toEqual(['m-1']);
    // The sync (the disk wait) runs on the thread pool, never on the event loop.
    expect(fs.fsyncSync).not.toHaveBeenCalled();
    expect(fs.fdatasyncSync).not.toHaveBeenCalled();
    const [entry] = readLedger(ch.ledgerFile);
    expect(entry).toMatchObject({ messageId: 'm-1', jid: jid(1), textSha256: hashText('Olá, Ana!'), channelId: 'sim-1', at: res.sentAt });
    // The text itself is not stored.
    expect(fs.readFileSync(ch.ledgerFile, 'utf8')).not.toContain('Ana');
    await ch.stop();
  });

  it('survives a torn last line from a crash and keeps appending', async () => {
    const file = path.join(dir, 'simulator', 'torn.ledger.jsonl');
    const w1 = new LedgerWriter(file);
    const base = { v: 1 as const, channelId: 'c', jid: jid(1), textSha256: 'h', textLength: 1, at: 1 };
    await w1.append({ ...base, messageId: 'a' });
    await w1.close();
    fs.appendFileSync(file, '{"v":1,"messageId":"b","ji'); // crash mid-write
    const w2 = new LedgerWriter(file);
    await w2.append({ ...base, messageId: 'c' });
    await w2.close();
    expect(readLedger(file).map((e) => e.messageId)).toEqual(['a', 'c']);
    expect(readLedger(path.join(dir, 'missing.jsonl'))).toEqual([]);
  });
});

describe('simulated outcomes', () => {
  async function run(seed: number, n: number, behavior: Partial<SimulatorBehavior>) {
    const ch = make(behavior, seed, `sim-${seed}`);
    const receipts: ReceiptEvent[] = [];
    const inbound: InboundEvent[] = [];
    ch.on('receipt', (r) => receipts.push(r));
    ch.on('inbound', (m) => inbound.push(m));
    await ch.start();
    for (let i = 0; i < n; i++) await ch.send({ messageId: `m${i}`, jid: jid(i), text: `Oi ${i}` });
    await vi.runAllTimersAsync();
    await ch.stop();
    return { receipts, inbound, ledger: readLedger(ch.ledgerFile) };
  }

  const behavior: Partial<SimulatorBehavior> = {
    deliveredProb: 0.9,
    readProb: 0.5,
    replyProb: 0.2,
    optOutProb: 0.1,
    failProb: 0,
    invalidProb: 0,
    receiptDelayMs: [100, 1000],
    replyDelayMs: [1000, 5000],
    replies: ['Quero saber mais'],
    optOutReplies: ['SAIR'],
  };

  it('emits delivered/read receipts, replies and opt-outs in the configured proportions', async () => {
    vi.useFakeTimers();
    const n = 1000;
    const { receipts, inbound, ledger } = await run(7, n, behavior);
    expect(ledger).toHaveLength(n);
    const delivered = new Set(receipts.filter((r) => r.status === 'delivered').map((r) => r.messageId));
    const read = new Set(receipts.filter((r) => r.status === 'read').map((r) => r.messageId));
    const optOuts = inbound.filter((m) => m.text === 'SAIR');
    const replies = inbound.filter((m) => m.text === 'Quero saber mais');
    expect(delivered.size).toBeGreaterThan(850);
    expect(delivered.size).toBeLessThan(950);
    // read = delivered × (0.5 + 0.5 × 0.3 replying-without-read-draw) ≈ 0.585
    expect(read.size / delivered.size).toBeGreaterThan(0.52);
    expect(read.size / delivered.size).toBeLessThan(0.65);
    expect(optOuts.length / delivered.size).toBeGreaterThan(0.06);
    expect(optOuts.length / delivered.size).toBeLessThan(0.14);
    expect(replies.length / delivered.size).toBeGreaterThan(0.15);
    expect(replies.length / delivered.size).toBeLessThan(0.25);
    // Read only after delivered; every reply comes from someone who read the message.
    for (const id of read) expect(delivered.has(id)).toBe(true);
    const readFrom = new Set(ledger.filter((e) => read.has(e.messageId)).map((e) => e.jid));
    for (const m of inbound) {
      expect(readFrom.has(m.jid)).toBe(true);
      expect(m.from).toBe(`+${m.jid.split('@')[0]}`);
    }
    const order = receipts.map((r) => `${r.messageId}:${r.status}`);
    for (const id of read) expect(order.indexOf(`${id}:delivered`)).toBeLessThan(order.indexOf(`${id}:read`));
  });

  it('is reproducible with the same seed and differs with another', async () => {
    vi.useFakeTimers();
    const a = await run(3, 200, behavior);
    const b = await run(3, 200, behavior);
    const c = await run(4, 200, behavior);
    const sig = (r: typeof a) => [...r.receipts.map((x) => `${x.messageId}:${x.status}`), ...r.inbound.map((x) => `${x.jid}:${x.text}`)].sort();
    expect(sig(a)).toEqual(sig(b));
    expect(sig(a)).not.toEqual(sig(c));
  });

  it('stops emitting receipts once stopped', async () => {
    vi.useFakeTimers();
    const ch = make({ ...behavior, deliveredProb: 1 });
    const receipts: ReceiptEvent[] = [];
    ch.on('receipt', (r) => receipts.push(r));
    await ch.start();
    await ch.send({ messageId: 'm', jid: jid(1), text: 'oi' });
    await ch.stop();
    await vi.runAllTimersAsync();
    expect(receipts).toEqual([]);
  });

  it("fails a campaign's sends with a transient error per failProb, writing nothing", async () => {
    const ch = make({ ...quiet, failProb: 1 });
    await ch.start();
    const err = await ch.send({ messageId: 'm', jid: jid(1), text: 'oi', campaignId: 7 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelSendError);
    expect(err).toMatchObject({ code: 'SEND_FAILED', transient: true });
    expect(readLedger(ch.ledgerFile)).toEqual([]);
    await ch.stop();
  });

  it('never fails at random a message outside campaigns (a reply, a mirrored post): nothing would retry it', async () => {
    const ch = make({ ...quiet, failProb: 1 });
    await ch.start();
    await expect(ch.send({ messageId: 'r', jid: jid(1), text: 'Respondendo' })).resolves.toMatchObject({ messageId: 'r' });
    expect(readLedger(ch.ledgerFile).map((e) => e.messageId)).toEqual(['r']);
    await ch.stop();
  });
});

describe('checkNumbers', () => {
  it('marks a stable share of numbers as not on WhatsApp, and sends to them fail permanently', async () => {
    const a = make({ ...quiet, invalidProb: 0.3 }, 1, 'a');
    const b = make({ ...quiet, invalidProb: 0.3 }, 999, 'b');
    await a.start();
    await b.start();
    const input = Array.from({ length: 1000 }, (_, i) => [`55119${80000000 + i}`, `5511${80000000 + i}`]);
    const ra = await a.checkNumbers(input);
    const rb = await b.checkNumbers(input);
    const missing = ra.filter((r) => r.jid === null);
    expect(missing.length).toBeGreaterThan(250);
    expect(missing.length).toBeLessThan(350);
    expect(ra).toEqual(rb);
    expect(ra[0].input).toEqual(input[0]);
    const okOne = ra.find((r) => r.jid !== null)!;
    expect(okOne.jid).toBe(`${okOne.input[0]}@s.whatsapp.net`);
    const bad = missing[0].input[0];
    await expect(a.send({ messageId: 'x', jid: `${bad}@s.whatsapp.net`, text: 'oi' })).rejects.toMatchObject({ code: 'NOT_ON_WHATSAPP', transient: false });
    await a.stop();
    await b.stop();
  });
});

describe('typing', () => {
  it('honours an abort signal immediately', async () => {
    vi.useFakeTimers();
    const ch = make();
    await ch.start();
    const ac = new AbortController();
    const typing = ch.sendTyping(jid(1), 10_000, ac.signal);
    const outcome = typing.then(
      () => 'done',
      (e: ChannelSendError) => e.code,
    );
    await vi.advanceTimersByTimeAsync(1000);
    ac.abort();
    expect(await outcome).toBe('ABORTED');
    await ch.stop();
  });

  it('is cut short when the channel stops mid-typing', async () => {
    vi.useFakeTimers();
    const ch = make();
    await ch.start();
    const outcome = ch.sendTyping(jid(1), 10_000).then(
      () => 'done',
      (e: ChannelSendError) => e.code,
    );
    await ch.stop();
    expect(await outcome).toBe('ABORTED');
  });

  it('completes after the requested time', async () => {
    vi.useFakeTimers();
    const ch = make();
    await ch.start();
    let done = false;
    const p = ch.sendTyping(jid(1), 3000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
    await ch.stop();
  });
});

describe('simulated warnings', () => {
  it('emits ban signals and a restricted status on demand', async () => {
    const ch = make();
    await ch.start();
    const kinds: string[] = [];
    ch.on('signal', (s) => kinds.push(s.kind));
    ch.simulateSignal('restricted_463');
    expect(kinds).toEqual(['restricted_463']);
    expect(ch.status()).toMatchObject({ state: 'restricted', reason: '463' });
    await expect(ch.send({ messageId: 'm', jid: jid(1), text: 'oi' })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await ch.stop();
  });
});
