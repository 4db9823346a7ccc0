import type { EventName, EventPayload } from '../../shared/api/contract';

export type EventListener = (name: string, payload: unknown) => void;

/** Core → UI push events. Transports subscribe once and forward everything. */
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
