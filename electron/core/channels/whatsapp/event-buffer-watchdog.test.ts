import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { makeEventBuffer } from '@whiskeysockets/baileys';
import { watchEventBuffer } from './event-buffer-watchdog';

afterEach(() => vi.useRealTimers());

/** Drives Baileys' own event buffer into the stuck state: a direct flush inside a buffered function. */
function stuckBuffer() {
  const ev = makeEventBuffer(pino({ level: 'silent' }));
  const seen: unknown[] = [];
  ev.process((events) => {
    if (events['messages.update']) seen.push(...events['messages.update']);
  });
  const work = ev.createBufferedFunction(async () => {
    ev.buffer();
    ev.flush();
  });
  return { ev, seen, work };
}

const update = (id: string) => [{ key: { remoteJid: '5511900000000@s.whatsapp.net', id, fromMe: true }, update: { status: 0 } }];

describe('watchEventBuffer', () => {
  it('releases events that Baileys’ stuck buffer would hold for 30 s', async () => {
    vi.useFakeTimers();
    const { ev, seen, work } = stuckBuffer();
    await work();
    await vi.advanceTimersByTimeAsync(200); // the deferred flush fires on an idle buffer: stuck from here
    const later = ev.createBufferedFunction(async () => {
      ev.emit('messages.update', update('A'));
    });
    await later();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(seen).toHaveLength(0); // without the watchdog the update waits for the 30 s auto-flush

    const stop = watchEventBuffer(ev);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(seen).toHaveLength(1);
    stop();
  });

  it('does nothing for a socket whose events have no buffer', () => {
    const stop = watchEventBuffer({ process: () => () => {}, emit: () => true });
    expect(typeof stop).toBe('function');
    stop();
  });
});
