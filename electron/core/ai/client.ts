import type OpenAI from 'openai';
import { openaiSdk } from './openai-sdk';
import type { ApiErrorShape } from '../../../shared/api/errors';
import { lintTemplate } from '../../../shared/template/lint';
import { templateMetrics, textSimilarity, variationsSimilarity, type VariationsSimilarity } from '../../../shared/template/metrics';
import type { LintIssue } from '../../../shared/template/types';
import {
  AiError,
  type AiErrorCode,
  badResponseError,
  cancelledError,
  modelNotFoundError,
  noKeyError,
  timeoutError,
  toAiError,
} from './errors';
import { parseSingleMessage, parseVariations, type ParsedVariations } from './parse-output';
import {
  clampCount,
  regenerateMessages,
  spintaxMessages,
  variationsMessages,
  type ChatMessage,
  type CopyBrief,
} from './prompts';
import { PLACEHOLDER_API_KEY, resolveAiConfig, type AiConfig, type ResolvedAiConfig } from './providers';

export interface AiClientOptions {
  /** Max wait for the first byte and between streamed chunks. Default 60 s. */
  timeoutMs?: number;
  /** Retries the SDK may make on 429/5xx/connection errors. Default 1 (keeps the UI responsive). */
  maxRetries?: number;
  fetch?: typeof globalThis.fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Streamed text as it arrives: the new piece and everything so far. */
  onDelta?: (delta: string, text: string) => void;
}

export interface AiVariation {
  text: string;
  issues: LintIssue[];
}

/**
 * Why a requested variation came back empty: the answer was cut short, the model wrote fewer
 * messages than asked, or some of what it wrote repeated another message, was a refusal or
 * too short to be a message.
 */
export type AiGapReason = 'truncated' | 'fewer' | 'duplicate' | 'refusal' | 'too_short';

export interface AiGap {
  /** 0-based slot among the requested variations. */
  index: number;
  reason: AiGapReason;
}

export interface GenerateResult {
  variations: AiVariation[];
  /** Pairwise similarity, so the UI can point at variations that came out too alike. */
  similarity: VariationsSimilarity;
  /** How many variations were asked for. */
  requested: number;
  /** The requested slots the answer did not fill, each with the reason. */
  gaps: AiGap[];
}

/** One reason per missing slot: a cut-off answer explains everything, else what was dropped, else "fewer". */
export function gapsOf(parsed: ParsedVariations, requested: number, truncated: boolean): AiGap[] {
  const missing = Math.max(0, requested - parsed.items.length);
  const reasons: AiGapReason[] = [];
  if (!truncated) {
    for (const reason of ['duplicate', 'refusal', 'too_short'] as const) {
      for (let k = 0; k < parsed.dropped[reason]; k++) reasons.push(reason);
    }
  }
  return Array.from({ length: missing }, (_, k) => ({
    index: parsed.items.length + k,
    reason: truncated ? 'truncated' : (reasons[k] ?? 'fewer'),
  }));
}

export interface RegenerateInput {
  brief: CopyBrief;
  /** The campaign's current variations (the one being replaced included). */
  others: readonly string[];
  /** Slot being replaced; echoed back. */
  index: number;
}

export interface RegenerateResult extends AiVariation {
  index: number;
  /** Highest similarity to any of `others` (0..1). */
  maxSimilarity: number;
}

export interface SpintaxResult {
  template: string;
  issues: LintIssue[];
  combinations: number;
}

/** Plain (serializable) form of an AiError, for results that cross the RPC boundary. */
export type AiErrorInfo = ApiErrorShape & { code: AiErrorCode };

export type TestConnectionResult =
  | { ok: true; models: string[]; model: string }
  | { ok: false; error: AiErrorInfo; models?: string[] };

const info = (e: AiError): AiErrorInfo => ({ code: e.code, message: e.message, details: e.details, ...(e.params ? { params: e.params } : {}) });

export interface AiClient {
  readonly config: ResolvedAiConfig;
  /** Lists the server's models and checks the configured one is there. Never throws. */
  testConnection(options?: { signal?: AbortSignal }): Promise<TestConnectionResult>;
  generateVariations(brief: CopyBrief, options?: CallOptions): Promise<GenerateResult>;
  regenerateOne(input: RegenerateInput, options?: CallOptions): Promise<RegenerateResult>;
  toSpintax(message: string, options?: CallOptions & { knownVariables?: readonly string[] }): Promise<SpintaxResult>;
  /** One chat completion, as text (the reply assistant parses it itself). */
  chat(messages: ChatMessage[], options?: CallOptions & { temperature?: number }): Promise<{ text: string; finishReason: string | null }>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function modelMatches(id: string, wanted: string): boolean {
  return id === wanted || id.startsWith(`${wanted}:`) || id.endsWith(`/${wanted}`);
}

export function createAiClient(config: AiConfig, options: AiClientOptions = {}): AiClient {
  const cfg = resolveAiConfig(config);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let sdk: OpenAI | null = null;

  const client = (): OpenAI => {
    if (cfg.preset.needsKey && !cfg.apiKey) throw noKeyError(cfg);
    sdk ??= new (openaiSdk().OpenAI)({
      apiKey: cfg.apiKey ?? PLACEHOLDER_API_KEY,
      baseURL: cfg.baseURL,
      timeout: timeoutMs,
      maxRetries: options.maxRetries ?? 1,
      // The SDK would log to the console; our logs must not carry message texts.
      logLevel: 'off',
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    return sdk;
  };

  /** Streams one chat completion and returns the full text and why the model stopped. */
  async function streamChat(
    messages: ChatMessage[],
    temperature: number,
    call: CallOptions = {},
  ): Promise<{ text: string; finishReason: string | null }> {
    const { signal, onDelta } = call;
    if (signal?.aborted) throw cancelledError();
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The SDK's timeout stops at the response headers; a stream that stalls later needs our own.
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        ctrl.abort();
      }, timeoutMs);
    };
    let text = '';
    let finishReason: string | null = null;
    try {
      arm();
      const stream = await client().chat.completions.create(
        { model: cfg.model, messages, temperature, stream: true },
        { signal: ctrl.signal },
      );
      for await (const chunk of stream) {
        arm();
        const delta = chunk.choices?.[0]?.delta?.content;
        finishReason = chunk.choices?.[0]?.finish_reason ?? finishReason;
        if (delta) {
          text += delta;
          onDelta?.(delta, text);
        }
      }
      // The SDK ends the iteration quietly when aborted mid-stream.
      if (ctrl.signal.aborted) throw signal?.aborted ? cancelledError() : timeoutError(cfg);
    } catch (err) {
      throw toAiError(err, { config: cfg, timedOut: timedOut && !signal?.aborted, cancelled: signal?.aborted });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (!text.trim()) throw badResponseError('resposta vazia', cfg);
    return { text, finishReason };
  }

  const lint = (text: string, known: readonly string[] | undefined) => lintTemplate(text, { knownVariables: known ?? [] });

  return {
    config: cfg,

    async testConnection({ signal } = {}) {
      let models: string[] | undefined;
      try {
        if (signal?.aborted) throw cancelledError();
        const api = client();
        try {
          models = [];
          for await (const m of api.models.list({ signal, timeout: timeoutMs })) models.push(m.id);
        } catch (err) {
          // Some compatible servers have no /models: a one-token completion proves the rest.
          if (!(err instanceof openaiSdk().NotFoundError)) throw err;
          models = undefined;
        }
        if (models && models.length > 0) {
          if (!models.some((id) => modelMatches(id, cfg.model))) {
            return { ok: false, error: info(modelNotFoundError(cfg, models)), models };
          }
          return { ok: true, models, model: cfg.model };
        }
        await api.chat.completions.create(
          { model: cfg.model, messages: [{ role: 'user', content: 'Oi' }], max_tokens: 1 },
          { signal, timeout: timeoutMs },
        );
        return { ok: true, models: models ?? [], model: cfg.model };
      } catch (err) {
        return { ok: false, error: info(toAiError(err, { config: cfg, cancelled: signal?.aborted })), models };
      }
    },

    async generateVariations(brief, call) {
      const count = clampCount(brief.count);
      const { text: raw, finishReason } = await streamChat(variationsMessages(brief), 0.9, call);
      const parsed = parseVariations(raw, count);
      const texts = parsed.items;
      if (texts.length === 0) throw badResponseError('nenhuma mensagem encontrada', cfg);
      return {
        variations: texts.map((text) => ({ text, issues: lint(text, brief.knownVariables) })),
        similarity: variationsSimilarity(texts),
        requested: count,
        gaps: gapsOf(parsed, count, finishReason === 'length'),
      };
    },

    async regenerateOne({ brief, others, index }, call) {
      const { text: raw } = await streamChat(regenerateMessages(brief, others), 1.0, call);
      const text = parseSingleMessage(raw);
      if (!text) throw badResponseError('nenhuma mensagem encontrada', cfg);
      const maxSimilarity = others.reduce((m, o) => Math.max(m, textSimilarity(text, o)), 0);
      return { index, text, issues: lint(text, brief.knownVariables), maxSimilarity };
    },

    chat(messages, call = {}) {
      return streamChat(messages, call.temperature ?? 0.4, call);
    },

    async toSpintax(message, call = {}) {
      const { text: raw } = await streamChat(spintaxMessages(message), 0.7, call);
      const template = parseSingleMessage(raw);
      if (!template) throw badResponseError('nenhum modelo encontrado', cfg);
      return {
        template,
        issues: lint(template, call.knownVariables),
        combinations: templateMetrics(template).combinations,
      };
    },
  };
}
