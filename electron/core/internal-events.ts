import type { Settings } from '../../shared/settings/schema';
import type { LicenseStatus } from '../../shared/api/methods/license';
import type { EventBus } from './events';

/**
 * Signals between the core's own services, typed. The UI's push events (events.ts) are for the
 * transports; a service that must react to a change listens here instead of reading them.
 */
export interface InternalEvents {
  /** A number's row changed (added, linked, status, limits, flag, credentials) or was removed. */
  'number.changed': { numberId: number };
  /** The settings were saved. */
  'settings.changed': { settings: Settings };
  /** The license status changed (activated, renewed, lapsed, deactivated). */
  'license.changed': { status: LicenseStatus };
}

export type InternalEventName = keyof InternalEvents;

type Listener<E extends InternalEventName> = (payload: InternalEvents[E]) => void;

export class InternalBus {
  private readonly listeners = new Map<InternalEventName, Set<(payload: never) => void>>();

  constructor(private readonly onError: (err: unknown, name: InternalEventName) => void = () => {}) {}

  /** Listens to one signal; returns the unsubscribe function. */
  on<E extends InternalEventName>(name: E, fn: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const listeners = set;
    listeners.add(fn);
    return () => listeners.delete(fn);
  }

  emit<E extends InternalEventName>(name: E, payload: InternalEvents[E]): void {
    const set = this.listeners.get(name) as Set<Listener<E>> | undefined;
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(payload);
      } catch (err) {
        // One failing listener must not stop the others (nor the emitter).
        this.onError(err, name);
      }
    }
  }
}

/**
 * A number's row changed: the services re-read it first (the engine re-syncs its worker, the
 * Cloud API service drops a removed number), then the UI is told.
 */
export function announceNumberChanged(bus: { internal: InternalBus; events: Pick<EventBus, 'emit'> }, numberId: number): void {
  bus.internal.emit('number.changed', { numberId });
  bus.events.emit('numbers.changed', { id: numberId });
}
