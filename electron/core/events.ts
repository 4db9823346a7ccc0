import type { EventName, EventPayload } from '../../shared/api/contract';

export type EventListener = (name: string, payload: unknown) => void;

/**
 * Core → UI push events. Transports subscribe once and forward everything. Services signal
 * each other on the typed internal bus instead (internal-events.ts); the only core code that
 * reads this stream derives more user-facing output from what the user is told (notifications
 * from events, results pushed right after the progress they belong to).
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // One broken transport must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
