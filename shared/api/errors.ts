/**
 * Errors that cross the API boundary. Every failure the UI sees has a stable machine `code`
 * and a pt-BR `message` a shop owner can act on; `details` carries structured extras.
 * `params` holds the values the message names (a file, a count), so the UI can say the same
 * thing in another language: it translates by `code` and keeps `message` as the fallback.
 */
export type ErrorParams = Record<string, string | number>;

export interface ApiErrorShape {
  code: string;
  message: string;
  details?: unknown;
  params?: ErrorParams;
}

export class ApiError extends Error implements ApiErrorShape {
  readonly code: string;
  readonly details?: unknown;
  readonly params?: ErrorParams;

  constructor(code: string, message: string, details?: unknown, params?: ErrorParams) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
    if (params) this.params = params;
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, details: this.details, ...(this.params ? { params: this.params } : {}) };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details, shape.params);
  }
}

export function isApiErrorShape(value: unknown): value is ApiErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorShape).code === 'string' &&
    typeof (value as ApiErrorShape).message === 'string'
  );
}

/** Codes shared by every transport; capabilities add their own (`leads.*`, `campaigns.*`...). */
export const ErrorCodes = {
  unknownMethod: 'api.unknown_method',
  invalidInput: 'api.invalid_input',
  internal: 'api.internal',
  disconnected: 'api.disconnected',
  timeout: 'api.timeout',
  forbidden: 'api.forbidden',
} as const;
