import type { ErrorParams } from '../../../shared/api/errors';

export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The values `message` names, for the UI to say it in another language. */
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
