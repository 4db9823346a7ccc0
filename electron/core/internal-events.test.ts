import { describe, expect, it } from 'vitest';
import { EventBus } from './events';
import { announceNumberChanged, InternalBus } from './internal-events';

describe('the internal bus', () => {
  it('delivers each signal only to its own listeners, until they unsubscribe', () => {
    const bus = new InternalBus();
    const numbers: number[] = [];
    const zones: string[] = [];
    const off = bus.on('number.changed', ({ numberId }) => numbers.push(numberId));
    bus.on('settings.changed', ({ settings }) => zones.push(settings.timeZone));
    bus.emit('number.changed', { numberId: 3 });
    off();
    bus.emit('number.changed', { numberId: 4 });
    expect(numbers).toEqual([3]);
    expect(zones).toEqual([]);
  });

  it('a failing listener is reported and does not stop the others', () => {
    const errors: string[] = [];
    const bus = new InternalBus((err, name) => errors.push(`${name}: ${(err as Error).message}`));
    const seen: number[] = [];
    bus.on('number.changed', () => {
      throw new Error('broken');
    });
    bus.on('number.changed', ({ numberId }) => seen.push(numberId));
    bus.emit('number.changed', { numberId: 7 });
    expect(seen).toEqual([7]);
    expect(errors).toEqual(['number.changed: broken']);
  });

  it('a changed number reaches the services before the UI hears of it', () => {
    const internal = new InternalBus();
    const events = new EventBus();
    const order: string[] = [];
    internal.on('number.changed', ({ numberId }) => order.push(`service ${numberId}`));
    events.subscribe((name, payload) => order.push(`ui ${name} ${(payload as { id: number }).id}`));
    announceNumberChanged({ internal, events }, 2);
    expect(order).toEqual(['service 2', 'ui numbers.changed 2']);
  });
});
