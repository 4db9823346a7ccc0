import { z } from 'zod';
import { methods, isMethodName, type MethodName, type Methods, type MethodOutput } from '../../../shared/api/contract';
import { ApiError, ErrorCodes, type ErrorParams } from '../../../shared/api/errors';
import type { Reply } from '../../../shared/api/wire';
import type { Logger } from '../log/logger';
import { storageErrorFrom } from '../storage-health/storage-errors';

// Validation messages reach the user; Portuguese by default.
z.config(z.locales.pt());

export type HandlerInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type Handler<K extends MethodName> = (input: HandlerInput<K>) => Promise<MethodOutput<K>> | MethodOutput<K>;
export type Handlers = { [K in MethodName]: Handler<K> };

/** Errors thrown by capabilities that carry their own code (StoreError, ImportError, AiError...). */
interface CodedError {
  code: string;
  message: string;
  details?: unknown;
  params?: ErrorParams;
}

function isCodedError(err: unknown): err is CodedError {
  return err instanceof Error && typeof (err as Partial<CodedError>).code === 'string' && /^[a-z]+\.[a-z_.]+$/.test((err as unknown as CodedError).code);
}

/**
 * The single entry point for every request, whichever transport carried it. It never throws:
 * unknown methods, malformed input and handler failures all come back as a typed error reply.
 */
export function createDispatcher(handlers: Handlers, logger: Logger) {
  return async function dispatch(method: unknown, input: unknown): Promise<Reply> {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return fail(new ApiError(ErrorCodes.unknownMethod, 'Operação desconhecida. Atualize o Recado ou recarregue a janela.', { method: String(method).slice(0, 100) }));
    }
    const spec = methods[method];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = issues[0];
      const where = first?.path ? ` (campo "${first.path}")` : '';
      return fail(new ApiError(ErrorCodes.invalidInput, `Dados inválidos${where}: ${first?.message ?? 'formato inesperado'}.`, { method, issues }, { field: first?.path ?? '' }));
    }
    try {
      const handler = handlers[method] as (i: unknown) => unknown;
      const result = await handler(parsed.data);
      return { ok: true, result };
    } catch (err) {
      if (err instanceof ApiError) return fail(err);
      if (isCodedError(err)) return fail(new ApiError(err.code, err.message, err.details, err.params));
      // A full disk or read-only data dir: SQLite rolled the statement back; say so plainly.
      const storage = storageErrorFrom(err);
      if (storage) {
        logger.warn({ method, code: storage.code }, 'storage failure');
        return fail(storage);
      }
      logger.error({ err, method }, 'request failed');
      return fail(new ApiError(ErrorCodes.internal, 'Algo deu errado no Recado. O erro foi registrado no log; tente novamente.'));
    }
  };
}

function fail(err: ApiError): Reply {
  return { ok: false, error: err.toJSON() };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
