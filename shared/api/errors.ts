/**
 * Errors that cross the API boundary. Every failure the UI sees has a stable machine `code`
 * and a pt-BR `message` a shop owner can act on; `details` carries structured extras.
 */
export interface ApiErrorShape {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error implements ApiErrorShape {
  readonly code: string;
  readonly details?: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, details: this.details };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details);
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
