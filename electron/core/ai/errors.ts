import type { APIError } from 'openai';
import { ApiError, type ErrorParams } from '../../../shared/api/errors';
import { openaiSdk } from './openai-sdk';
import { isLocalAddress, type ResolvedAiConfig } from './providers';

export const aiErrorCodes = [
  'ai.no_key',
  'ai.unauthorized',
  'ai.rate_limited',
  'ai.timeout',
  'ai.offline',
  'ai.model_not_found',
  'ai.bad_response',
  'ai.cancelled',
] as const;
export type AiErrorCode = (typeof aiErrorCodes)[number];

/** An AI failure with a machine code and a pt-BR message saying what to do next. */
export class AiError extends ApiError {
  declare readonly code: AiErrorCode;

  constructor(code: AiErrorCode, message: string, details?: { status?: number; provider?: string; models?: string[] }, params?: ErrorParams) {
    super(code, message, details, params);
    this.name = 'AiError';
  }
}

export function isAiError(err: unknown): err is AiError {
  return err instanceof AiError;
}

interface ErrorContext {
  config: ResolvedAiConfig;
  /** Our own inactivity timer fired. */
  timedOut?: boolean;
  /** The caller's signal fired. */
  cancelled?: boolean;
}

/** pt-BR service name with its article: "a OpenAI", "o Ollama", "o servidor de IA". */
function the(cfg: ResolvedAiConfig): string {
  switch (cfg.provider) {
    case 'openai':
      return 'a OpenAI';
    case 'ollama':
      return 'o Ollama';
    case 'lmstudio':
      return 'o LM Studio';
    default:
      return 'o servidor de IA';
  }
}
/** "da OpenAI", "do Ollama". */
const of = (cfg: ResolvedAiConfig) => the(cfg).replace(/^(a|o) /, (_m, a: string) => `d${a} `);
/** "na OpenAI", "no Ollama". */
const at = (cfg: ResolvedAiConfig) => the(cfg).replace(/^(a|o) /, (_m, a: string) => `n${a} `);
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

export function noKeyError(cfg: ResolvedAiConfig): AiError {
  return new AiError(
    'ai.no_key',
    `Falta a chave de API ${of(cfg)}. Cole sua chave em Configurações › IA (ou use um modelo local, como o Ollama).`,
    { provider: cfg.provider },
    { provider: cfg.provider },
  );
}

export function cancelledError(): AiError {
  return new AiError('ai.cancelled', 'Geração cancelada. Nada foi alterado.');
}

export function timeoutError(cfg: ResolvedAiConfig): AiError {
  const hint = cfg.preset.local || isLocalAddress(cfg.baseURL)
    ? 'Modelos locais podem demorar na primeira vez: tente de novo ou escolha um modelo menor.'
    : 'Tente de novo em instantes.';
  return new AiError('ai.timeout', `A IA demorou demais para responder. ${hint}`, { provider: cfg.provider }, { variant: cfg.preset.local || isLocalAddress(cfg.baseURL) ? 'local' : 'remote' });
}

export function badResponseError(reason: string, cfg?: ResolvedAiConfig): AiError {
  return new AiError(
    'ai.bad_response',
    `A IA respondeu algo que não deu para aproveitar (${reason}). Tente de novo; se repetir, escolha outro modelo.`,
    cfg ? { provider: cfg.provider } : undefined,
    { reason },
  );
}

function modelNotFound(cfg: ResolvedAiConfig, models?: string[]): AiError {
  const local = cfg.provider === 'ollama' ? ` No Ollama, baixe-o com "ollama pull ${cfg.model}".` : '';
  const list = models && models.length ? ` Modelos disponíveis: ${models.slice(0, 6).join(', ')}.` : '';
  return new AiError(
    'ai.model_not_found',
    `O modelo "${cfg.model}" não foi encontrado em ${cfg.baseURL}. Confira o nome do modelo (e o endereço) em Configurações › IA.${local}${list}`,
    { provider: cfg.provider, models },
    { model: cfg.model ?? '', url: cfg.baseURL, provider: cfg.provider, models: models && models.length ? models.slice(0, 6).join(', ') : '' },
  );
}

export function modelNotFoundError(cfg: ResolvedAiConfig, models?: string[]): AiError {
  return modelNotFound(cfg, models);
}

function offline(cfg: ResolvedAiConfig): AiError {
  const local = cfg.preset.local || isLocalAddress(cfg.baseURL);
  const message = local
    ? `Não foi possível falar com ${the(cfg)} em ${cfg.baseURL}. Verifique se o programa está aberto e com o servidor ligado, e tente de novo.`
    : `Sem conexão com ${the(cfg)}. Verifique sua internet e o endereço em Configurações › IA, e tente de novo.`;
  return new AiError('ai.offline', message, { provider: cfg.provider }, { variant: local ? 'local' : 'remote', provider: cfg.provider, url: cfg.baseURL });
}

function errorText(err: APIError): string {
  const e = err.error as { message?: unknown; code?: unknown } | undefined;
  return `${typeof e?.message === 'string' ? e.message : err.message} ${typeof e?.code === 'string' ? e.code : ''}`.toLowerCase();
}

/** Maps anything the SDK (or our parsing) throws to a typed AiError. */
export function toAiError(err: unknown, ctx: ErrorContext): AiError {
  const cfg = ctx.config;
  if (err instanceof AiError) return err;
  if (ctx.cancelled) return cancelledError();
  const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AuthenticationError, NotFoundError, PermissionDeniedError, RateLimitError } = openaiSdk();
  if (ctx.timedOut || err instanceof APIConnectionTimeoutError) return timeoutError(cfg);
  if (err instanceof APIUserAbortError) return cancelledError();
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    return new AiError(
      'ai.unauthorized',
      `${capital(the(cfg))} recusou a chave de API. Confira se a chave está correta e ativa em Configurações › IA.`,
      { status: err.status, provider: cfg.provider },
      { provider: cfg.provider },
    );
  }
  if (err instanceof RateLimitError) {
    const quota = /insufficient_quota|quota|billing/.test(errorText(err));
    return new AiError(
      'ai.rate_limited',
      quota
        ? `Sua conta ${at(cfg)} está sem créditos. Adicione créditos no painel da conta ou use um modelo local.`
        : `${capital(the(cfg))} recebeu pedidos demais em pouco tempo. Espere um minuto e tente de novo.`,
      { status: 429, provider: cfg.provider },
      { variant: quota ? 'quota' : 'rate', provider: cfg.provider },
    );
  }
  if (err instanceof NotFoundError) return modelNotFound(cfg);
  if (err instanceof APIConnectionError) return offline(cfg);
  if (err instanceof APIError) {
    const text = errorText(err);
    if (err.status === 400 && /model/.test(text) && /not found|does not exist|not exist|unknown/.test(text)) {
      return modelNotFound(cfg);
    }
    if (typeof err.status === 'number' && err.status >= 500) {
      return new AiError(
        'ai.offline',
        `${capital(the(cfg))} está com problemas agora (erro ${err.status}). Tente de novo em alguns minutos.`,
        { status: err.status, provider: cfg.provider },
        { variant: 'server', provider: cfg.provider, status: err.status },
      );
    }
    return badResponseError(err.status ? `erro ${err.status}` : 'erro no meio da resposta', cfg);
  }
  return badResponseError('formato inesperado', cfg);
}
