import crypto from 'node:crypto';
import type { CoreContext } from '../context';
import { ApiError } from '../../../shared/api/errors';
import {
  aiConfigSchema,
  type AiConfigInput,
  type AiGapReasonId,
  type AiProviderId,
  type AiSettings,
  type AiTestResult,
} from '../../../shared/api/methods/ai';
import type { AiBrief } from '../../../shared/campaigns/schema';
import { knownVariables } from '../messages/contact-source';
import { describeLimitReached, limitParams } from '../license/gate';
import { createAiClient, type AiClient, type AiClientOptions, type AiGapReason, type RegenerateResult, type SpintaxResult } from './client';
import { noKeyError, toAiError } from './errors';
import type { ChatMessage, CopyBrief } from './prompts';
import { AI_PROVIDER_PRESETS, aiProviders, isLocalAddress, resolveAiConfig, type AiProvider } from './providers';
import { partialMessages } from './stream-preview';

// The contract's provider ids and gap reasons must be exactly the client's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameProviders: Same<AiProviderId, AiProvider> = true;
const sameGapReasons: Same<AiGapReasonId, AiGapReason> = true;
void sameProviders;
void sameGapReasons;

/** The settings row holding the AI address/model (the key lives in `secrets` as ai.apiKey). */
export const AI_CONFIG_KEY = 'ai.config';
export const AI_KEY_SECRET = 'ai.apiKey';

const DEFAULT_CONFIG: AiConfigInput = { provider: 'openai', baseURL: null, model: null };

export interface AiTarget {
  campaignId?: number;
  listIds?: number[];
  jobId?: string;
}

export interface AiServiceOptions {
  client?: AiClientOptions;
  now?: () => Date;
  /** TEST ONLY: count requests to servers on this computer too (they are free otherwise). */
  countLocal?: boolean;
}

/** YYYY-MM-DD of `now` in the time zone (the plan's "per day" is the user's day). */
export function localDay(now: Date, timeZone: string): string {
  for (const tz of [timeZone, 'America/Sao_Paulo']) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    } catch {
      // invalid zone: fall back
    }
  }
  return now.toISOString().slice(0, 10);
}

const URL_RE = /(?:https?:\/\/|www\.)[^\s"'<>]+/i;

/**
 * AI copy for the app: reads the configuration and key, enforces the plan's daily limit for
 * remote providers, runs streaming jobs and reports them as events.
 */
export class AiService {
  private readonly jobs = new Map<string, { controller: AbortController; counted: boolean; done?: Promise<unknown> }>();
  private closed = false;
  private readonly now: () => Date;

  constructor(
    private readonly ctx: CoreContext,
    private readonly options: AiServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  // --- configuration -----------------------------------------------------------------------

  config(): AiConfigInput {
    const row = this.ctx.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(AI_CONFIG_KEY);
    if (!row) return { ...DEFAULT_CONFIG };
    try {
      const parsed = aiConfigSchema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : { ...DEFAULT_CONFIG };
    } catch {
      return { ...DEFAULT_CONFIG };
    }
  }

  setConfig(input: AiConfigInput): AiSettings {
    const config = aiConfigSchema.parse(input);
    const clean: AiConfigInput = { provider: config.provider, baseURL: config.baseURL || null, model: config.model || null };
    if (clean.baseURL) {
      let url: URL | null = null;
      try {
        url = new URL(clean.baseURL);
      } catch {
        url = null;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new ApiError('ai.invalid_url', 'O endereço do servidor de IA deve começar com http:// ou https://, por exemplo http://127.0.0.1:11434/v1.');
      }
    }
    this.ctx.db
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(AI_CONFIG_KEY, JSON.stringify(clean), Date.now());
    this.ctx.logger.info({ provider: clean.provider }, 'AI settings saved');
    return this.settings();
  }

  settings(): AiSettings {
    const config = this.config();
    const resolved = resolveAiConfig(config);
    const counted = this.counted(resolved.baseURL);
    return {
      config,
      hasKey: this.ctx.secrets.has(AI_KEY_SECRET),
      resolved: { baseURL: resolved.baseURL, model: resolved.model, local: !counted },
      presets: aiProviders.map((id) => ({ id, ...AI_PROVIDER_PRESETS[id] })),
      usage: { today: this.usedToday(), limit: this.ctx.plan.current().limits.aiPerDay, counted },
    };
  }

  private client(): AiClient {
    let apiKey: string | null = null;
    try {
      apiKey = this.ctx.secrets.get(AI_KEY_SECRET);
    } catch {
      // An unreadable key (new machine, lost keyring) is the same as no key: ask for it again.
      apiKey = null;
    }
    return createAiClient({ ...this.config(), apiKey }, this.options.client);
  }

  async test(): Promise<AiTestResult> {
    const result = await this.client().testConnection();
    this.ctx.logger.info({ ok: result.ok, code: result.ok ? undefined : result.error.code }, 'AI connection test');
    return result;
  }

  // --- daily limit -------------------------------------------------------------------------

  /** Local servers cost nothing and work offline: they never count against the plan. */
  private counted(baseURL: string): boolean {
    return this.options.countLocal === true || !isLocalAddress(baseURL);
  }

  private today(): string {
    return localDay(this.now(), this.ctx.settings.get().timeZone);
  }

  usedToday(): number {
    const row = this.ctx.db.prepare<[string], { count: number }>('SELECT count FROM ai_usage WHERE day = ?').get(this.today());
    return row?.count ?? 0;
  }

  private record(): void {
    this.ctx.db
      .prepare('INSERT INTO ai_usage (day, count) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET count = count + 1')
      .run(this.today());
  }

  /** Throws before any request when the key is missing or the plan's generations for today are used up. */
  private reserve(client: AiClient): boolean {
    if (client.config.preset.needsKey && !client.config.apiKey) throw noKeyError(client.config);
    const counted = this.counted(client.config.baseURL);
    if (!counted) return false;
    const plan = this.ctx.plan.current();
    const limit = plan.limits.aiPerDay;
    const running = [...this.jobs.values()].filter((j) => j.counted).length;
    if (this.usedToday() + running >= limit) {
      throw new ApiError(
        'ai.daily_limit',
        `${describeLimitReached(plan, 'aiPerDay')} Modelos no seu computador (Ollama ou LM Studio) não contam no limite.`,
        { limit, plan: plan.plan },
        limitParams(plan, 'aiPerDay'),
      );
    }
    return true;
  }

  // --- jobs --------------------------------------------------------------------------------

  private brief(brief: AiBrief, count: number, target: AiTarget): CopyBrief {
    const business = brief.business.trim() || this.ctx.settings.get().businessName.trim();
    if (!business && !brief.offer.trim()) {
      throw new ApiError('ai.brief_empty', 'Conte um pouco sobre o seu negócio e o que quer oferecer antes de pedir as mensagens à IA.');
    }
    const link = URL_RE.exec(`${brief.offer} ${brief.goal}`)?.[0] ?? null;
    return { business, offer: brief.offer, tone: brief.tone, goal: brief.goal, count, link, knownVariables: this.listVariables(target) };
  }

  /** Custom list columns the model may use, from the campaign's lists (or the given ones). */
  private listVariables(target: AiTarget): string[] {
    let listIds = target.listIds ?? [];
    if (!target.listIds && target.campaignId) {
      const row = this.ctx.db.prepare<[number], { draft: string }>('SELECT draft FROM campaigns WHERE id = ?').get(target.campaignId);
      try {
        const ids = (JSON.parse(row?.draft ?? '{}') as { audience?: { listIds?: unknown } }).audience?.listIds;
        if (Array.isArray(ids)) listIds = ids.filter((x): x is number => Number.isInteger(x));
      } catch {
        listIds = [];
      }
    }
    return knownVariables(this.ctx.db, listIds).map((v) => v.key);
  }

  private open(jobId: string | undefined, counted: boolean): { id: string; controller: AbortController } {
    if (this.closed) throw new ApiError('ai.closing', 'O Recado está sendo fechado; a geração não foi iniciada.');
    const id = jobId ?? crypto.randomUUID();
    if (this.jobs.has(id)) throw new ApiError('ai.job_exists', 'Esta geração já está em andamento.');
    const controller = new AbortController();
    this.jobs.set(id, { controller, counted });
    return { id, controller };
  }

  private onDelta(jobId: string) {
    return (_delta: string, text: string) => this.ctx.events.emit('ai.delta', { jobId, text, partial: partialMessages(text) });
  }

  /** Starts writing `count` variations; returns at once, the result arrives as ai.done / ai.failed. */
  generate(input: AiTarget & { brief: AiBrief; count: number }): { jobId: string } {
    const brief = this.brief(input.brief, input.count, input);
    const client = this.client();
    const counted = this.reserve(client);
    const { id, controller } = this.open(input.jobId, counted);
    this.ctx.logger.info({ jobId: id, count: input.count, provider: client.config.provider }, 'AI generation started');
    const done = client
      .generateVariations(brief, { signal: controller.signal, onDelta: this.onDelta(id) })
      .then((result) => {
        if (this.closed) return;
        if (counted) this.record();
        this.ctx.logger.info(
          { jobId: id, variations: result.variations.length, requested: result.requested, gaps: result.gaps.map((g) => g.reason) },
          'AI generation done',
        );
        this.ctx.events.emit('ai.done', {
          jobId: id,
          variations: result.variations,
          maxSimilarity: result.similarity.max,
          requested: result.requested,
          gaps: result.gaps,
        });
      })
      .catch((err: unknown) => {
        if (this.closed) return;
        const e = toAiError(err, { config: client.config, cancelled: controller.signal.aborted });
        this.ctx.logger.warn({ jobId: id, code: e.code }, 'AI generation failed');
        this.ctx.events.emit('ai.failed', { jobId: id, error: { code: e.code, message: e.message, details: e.details, ...(e.params ? { params: e.params } : {}) } });
      })
      .finally(() => this.jobs.delete(id));
    this.jobs.get(id)!.done = done;
    return { jobId: id };
  }

  private async run<T>(jobId: string | undefined, work: (client: AiClient, signal: AbortSignal, onDelta?: (d: string, t: string) => void) => Promise<T>): Promise<T> {
    const client = this.client();
    const counted = this.reserve(client);
    const { id, controller } = this.open(jobId, counted);
    try {
      const pending = work(client, controller.signal, jobId ? this.onDelta(id) : undefined);
      this.jobs.get(id)!.done = pending;
      const result = await pending;
      if (counted && !this.closed) this.record();
      return result;
    } catch (err) {
      throw toAiError(err, { config: client.config, cancelled: controller.signal.aborted });
    } finally {
      this.jobs.delete(id);
    }
  }

  regenerate(input: AiTarget & { brief: AiBrief; others: string[]; index: number }): Promise<RegenerateResult> {
    const brief = this.brief(input.brief, 1, input);
    return this.run(input.jobId, (client, signal, onDelta) =>
      client.regenerateOne({ brief, others: input.others, index: input.index }, { signal, onDelta }),
    );
  }

  toSpintax(input: AiTarget & { text: string }): Promise<SpintaxResult> {
    const known = this.listVariables(input);
    return this.run(input.jobId, (client, signal, onDelta) => client.toSpintax(input.text, { signal, onDelta, knownVariables: known }));
  }

  /**
   * One chat completion for another capability (the reply assistant): the same configuration,
   * key and plan limit as the copy assistant; each answer counts once.
   */
  chat(messages: ChatMessage[], options: { signal?: AbortSignal; temperature?: number } = {}): Promise<{ text: string; finishReason: string | null }> {
    return this.run(undefined, (client, signal) => {
      const onAbort = () => this.cancelAll(signal);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      return client.chat(messages, { signal, temperature: options.temperature }).finally(() => options.signal?.removeEventListener('abort', onAbort));
    });
  }

  /** The plan's AI usage today, for screens that show the limit. */
  usage(): { today: number; limit: number; counted: boolean; plan: string; trial: boolean } {
    const plan = this.ctx.plan.current();
    return { today: this.usedToday(), limit: plan.limits.aiPerDay, counted: this.counted(resolveAiConfig(this.config()).baseURL), plan: plan.label, trial: plan.plan === 'trial' };
  }

  private cancelAll(signal: AbortSignal): void {
    for (const job of this.jobs.values()) if (job.controller.signal === signal) job.controller.abort();
  }

  cancel(jobId: string): void {
    this.jobs.get(jobId)?.controller.abort();
  }

  /** Stops every running job and waits for them to settle (the core is closing). */
  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.jobs.values()];
    for (const job of pending) job.controller.abort();
    await Promise.allSettled(pending.map((j) => j.done));
  }

  get running(): number {
    return this.jobs.size;
  }
}
