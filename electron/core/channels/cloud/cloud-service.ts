/**
 * The Cloud API numbers of one running core: their channels (one per `numbers` row, shared with
 * the engine's registry), Graph clients built from the sealed token, "Testar conexão", adding a
 * number, templates (listing cached for offline work, submission), webhook events applied
 * idempotently, and the relay mailboxes the events come through.
 */
import type { CoreContext } from '../../context';
import type { Db } from '../../db/open';
import type { EventBus } from '../../events';
import type { InternalBus } from '../../internal-events';
import type { Logger } from '../../log/logger';
import type { SecretsStore } from '../../secrets/secrets-store';
import type { PlanGate } from '../../license/gate';
import { describeLimitReached, limitParams } from '../../license/gate';
import { ApiError } from '../../../../shared/api/errors';
import { normalizePhone } from '../../../../shared/phone';
import { isBilled, rateFor } from '../../../../shared/cloud/pricing';
import { TEMPLATE_SAMPLE_MEDIA, headerMediaProblem, headerMediaProblemText, type HeaderMediaKind } from '../../../../shared/cloud/header-media';
import { jidFromDigits } from '../jid';
import { CloudChannel } from './cloud-channel';
import { CloudStore, appSecretSecret, tokenSecret, type CloudAccountRow } from './cloud-store';
import { GraphClient, type PhoneNumberInfo, type RawTemplate } from './graph-client';
import { graphBaseUrl } from './graph-config';
import { graphPolicy, isGraphRequestError, type GraphRequestError, type PolicyEntry } from './graph-errors';
import { parseWebhook, verifySignature, type CloudEvent } from './webhook-events';
import { RelayPuller, type RelayCredentials } from './relay-client';

/** The file a template's media header is shown with to Meta's reviewers (an attachment's bytes). */
export interface HeaderSample {
  /** The attachment store's kind (sniffed from the content). */
  kind: string;
  mimeType: string;
  fileName: string;
  size: number;
  data: Uint8Array;
}

const MEDIA_FORMATS: Record<string, HeaderMediaKind> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };

/** Graph refused the upload of a header sample (or the app lookup): pt-BR for each case. */
function sampleUploadError(err: unknown, step: 'app' | 'upload'): ApiError {
  if (isGraphRequestError(err) && err.kind === 'graph' && err.code !== 190 && err.code !== 0) {
    if (step === 'app') {
      return new ApiError(
        'cloud.app_unknown',
        'A Meta não informou o app deste token, e sem ele não dá para enviar o arquivo de exemplo do cabeçalho. Gere o token num usuário do sistema que tenha o app da API atribuído e cole em Trocar token.',
        { code: err.code, subcode: err.subcode },
      );
    }
    if (err.code === 100) {
      const detail = (err.details ?? err.graphMessage).slice(0, 300);
      return new ApiError('cloud.header_sample_refused', `A Meta recusou o arquivo de exemplo do cabeçalho: ${detail}`.slice(0, 400), { code: err.code, subcode: err.subcode }, { detail });
    }
  }
  return connectionError(err);
}

export interface CloudServiceOptions {
  db: Db;
  secrets: SecretsStore;
  logger: Logger;
  events?: Pick<EventBus, 'emit'>;
  /** Signals to the core's other services (the engine re-syncs a changed number). */
  internal?: Pick<InternalBus, 'emit'>;
  plan: PlanGate;
  /** Meta's Graph URL or the test stand-in (see graph-config.ts). */
  graphBaseUrl: string;
  /** The license server (relay) and this app's credentials for it; null without a license. */
  relay?: () => RelayCredentials | null;
  fetch?: typeof fetch;
  now?: () => number;
  /** Channel options for tests (short refresh). */
  refreshEveryMs?: number;
  /** Long-poll wait asked of the relay, seconds (tests: short). */
  relayWaitSeconds?: number;
}

export interface ConnectionCheck {
  info: PhoneNumberInfo;
  /** Approved templates found on the account (first page). */
  approvedTemplates: number;
}

export type WebhookOutcome = { ok: true; applied: number; duplicates: number; ignored: number } | { ok: false; reason: 'forged' | 'unknown_number' | 'malformed' };

function connectionError(err: unknown): ApiError {
  if (isGraphRequestError(err)) {
    if (err.kind !== 'graph') {
      return new ApiError('cloud.unreachable', 'Não foi possível falar com a API oficial da Meta. Verifique a internet e tente de novo.');
    }
    if (err.code === 190 || err.code === 0) {
      return new ApiError(
        'cloud.token_invalid',
        err.subcode === 463
          ? 'O token de acesso expirou. Gere um token permanente de usuário do sistema no Meta Business (ele não expira) e cole aqui.'
          : 'O token de acesso não é válido. Copie de novo o token do usuário do sistema no Meta Business, sem espaços, e cole aqui.',
        { code: err.code, subcode: err.subcode },
        { variant: err.subcode === 463 ? 'expired' : 'invalid' },
      );
    }
    if (err.code === 100 && err.subcode === 33) {
      return new ApiError('cloud.wrong_id', 'A Meta não encontrou este ID (ou o token não tem acesso a ele). Confira o ID do número de telefone e o ID da conta do WhatsApp Business em WhatsApp → Configuração da API.', { code: err.code, subcode: err.subcode });
    }
    if (err.code === 10 || err.code === 3 || (err.code !== null && err.code >= 200 && err.code <= 299)) {
      return new ApiError('cloud.permission', 'O token não tem a permissão necessária. No usuário do sistema, gere o token com as permissões whatsapp_business_messaging e whatsapp_business_management e atribua a conta do WhatsApp a ele.', { code: err.code });
    }
    return new ApiError('cloud.graph_error', `A API oficial recusou a verificação: ${err.graphMessage.slice(0, 200)}`, { code: err.code, subcode: err.subcode }, { code: String(err.code ?? '') });
  }
  return new ApiError('cloud.unreachable', 'Não foi possível falar com a API oficial da Meta. Verifique a internet e tente de novo.');
}

export class CloudService {
  readonly store: CloudStore;
  private readonly channels = new Map<number, CloudChannel>();
  private readonly pullers = new Map<number, RelayPuller>();
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly o: CloudServiceOptions) {
    this.now = o.now ?? Date.now;
    this.store = new CloudStore(o.db, this.now);
  }

  // ---------------------------------------------------------------- clients and channels

  /** A Graph client with a token (the stored one by default). */
  client(numberId: number | null, token?: string): GraphClient | null {
    const t = token ?? (numberId !== null ? this.o.secrets.get(tokenSecret(numberId)) : null);
    if (!t) return null;
    return new GraphClient({ baseUrl: this.o.graphBaseUrl, version: this.store.settings().graphVersion, token: t, ...(this.o.fetch ? { fetch: this.o.fetch } : {}) });
  }

  get(numberId: number): CloudChannel | undefined {
    return this.channels.get(numberId);
  }

  /** The channel of a Cloud number (created on first use, then always the same one). */
  channelFor(row: { id: number; label: string }): CloudChannel {
    const existing = this.channels.get(row.id);
    if (existing) return existing;
    const channel = new CloudChannel({
      numberId: row.id,
      label: () => this.label(row.id) ?? row.label,
      store: this.store,
      client: () => this.client(row.id),
      logger: this.o.logger,
      onTokenProblem: (entry) => this.tokenProblem(entry),
      onInfo: () => this.numberChanged(row.id),
      now: this.now,
      ...(this.o.refreshEveryMs ? { refreshEveryMs: this.o.refreshEveryMs } : {}),
    });
    this.channels.set(row.id, channel);
    return channel;
  }

  /** A token expired or lacks permission: every Cloud number stops until a new token is saved. */
  tokenProblem(entry: PolicyEntry): void {
    this.o.logger.warn({ numbers: this.channels.size }, 'cloud token refused: pausing every Cloud number');
    for (const channel of this.channels.values()) channel.tokenProblem(entry);
  }

  private label(numberId: number): string | undefined {
    return this.o.db.prepare<[number], { label: string }>('SELECT label FROM numbers WHERE id = ?').get(numberId)?.label;
  }

  // ---------------------------------------------------------------- adding and checking numbers

  /** "Testar conexão": the number's fields, and that the token can read the account's templates. */
  async testConnection(input: { phoneNumberId: string; wabaId: string; token: string }): Promise<ConnectionCheck> {
    const client = this.client(null, input.token)!;
    let info: PhoneNumberInfo;
    try {
      info = await client.getPhoneNumber(input.phoneNumberId);
    } catch (err) {
      throw connectionError(err);
    }
    let approvedTemplates = 0;
    try {
      const page = await client.listTemplates(input.wabaId, { limit: 100, status: 'APPROVED' });
      approvedTemplates = page.data.length;
    } catch (err) {
      const e = connectionError(err);
      if (e.code === 'cloud.wrong_id') {
        throw new ApiError('cloud.waba_wrong', 'O número foi encontrado, mas a Meta não encontrou a conta do WhatsApp Business com este ID (ou o token não tem acesso a ela). Confira o ID da conta em WhatsApp → Configuração da API.');
      }
      throw e;
    }
    return { info, approvedTemplates };
  }

  /** Adds a Cloud number after checking it with Graph; the token and app secret are sealed. */
  async addNumber(input: { label: string; phoneNumberId: string; wabaId: string; token: string; appSecret: string }): Promise<{ numberId: number; check: ConnectionCheck }> {
    if (this.store.byPhoneNumberId(input.phoneNumberId)) {
      throw new ApiError('cloud.duplicate', 'Este número da API oficial já está no Recado.');
    }
    const plan = this.o.plan.current();
    const count = (this.o.db.prepare("SELECT count(*) AS n FROM numbers WHERE kind IN ('whatsapp', 'cloud')").get() as { n: number }).n;
    if (count >= plan.limits.numbers) throw new ApiError('cloud.number_limit', describeLimitReached(plan, 'numbers'), undefined, limitParams(plan, 'numbers'));
    const check = await this.testConnection(input);
    const t = this.now();
    const display = check.info.displayPhoneNumber ? normalizePhone(check.info.displayPhoneNumber) : null;
    const phone = display?.ok ? display.e164 : check.info.displayPhoneNumber;
    const numberId = this.o.db.transaction(() => {
      const id = Number(
        this.o.db
          .prepare("INSERT INTO numbers (kind, label, phone, status, config, created_at, updated_at) VALUES ('cloud', ?, ?, 'disconnected', '{}', ?, ?)")
          .run(input.label, phone, t, t).lastInsertRowid,
      );
      this.store.insertAccount(id, input, check.info);
      this.o.secrets.set(tokenSecret(id), input.token);
      this.o.secrets.set(appSecretSecret(id), input.appSecret);
      return id;
    })();
    this.o.logger.info({ numberId }, 'cloud number added');
    this.numberChanged(numberId);
    void this.ensureMailbox(numberId).catch(() => {});
    return { numberId, check };
  }

  /** "Trocar token" / "Trocar chave secreta": checked with Graph before it replaces the old one. */
  async updateCredentials(numberId: number, input: { token?: string; appSecret?: string }): Promise<void> {
    const account = this.requireAccount(numberId);
    if (input.token) {
      await this.testConnection({ phoneNumberId: account.phone_number_id, wabaId: account.waba_id, token: input.token });
      this.o.secrets.set(tokenSecret(numberId), input.token);
    }
    if (input.appSecret) this.o.secrets.set(appSecretSecret(numberId), input.appSecret);
    const channel = this.channels.get(numberId);
    if (channel && input.token) {
      if (channel.status().state === 'connected') await channel.check();
      else await channel.start();
    }
    this.numberChanged(numberId);
  }

  /** Reads the number's fields again now (quality, limit). */
  async refresh(numberId: number): Promise<void> {
    this.requireAccount(numberId);
    const channel = this.channels.get(numberId);
    if (channel) {
      if (channel.status().state === 'connected') await channel.check();
      else await channel.start();
      return;
    }
    const client = this.client(numberId);
    if (!client) throw new ApiError('cloud.token_invalid', 'Nenhum token salvo para este número. Cole o token em Trocar token.', undefined, { variant: 'missing' });
    try {
      this.store.saveInfo(numberId, await client.getPhoneNumber(this.requireAccount(numberId).phone_number_id));
    } catch (err) {
      throw connectionError(err);
    }
  }

  requireAccount(numberId: number): CloudAccountRow {
    const a = this.store.account(numberId);
    if (!a) throw new ApiError('cloud.not_found', 'Este número da API oficial não existe mais. Atualize a página de números.');
    return a;
  }

  /** The number was removed: forget its channel, relay mailbox and sealed credentials. */
  async forget(numberId: number): Promise<void> {
    this.pullers.get(numberId)?.stop();
    this.pullers.delete(numberId);
    this.channels.delete(numberId);
    this.o.secrets.clear(tokenSecret(numberId));
    this.o.secrets.clear(appSecretSecret(numberId));
  }

  /** Credentials of numbers that no longer exist (e.g. after "Apagar todos os dados"). */
  sweepOrphanSecrets(): void {
    const names = this.o.db.prepare<[], { name: string }>("SELECT name FROM secrets WHERE name LIKE 'cloud/%'").all();
    for (const { name } of names) {
      const id = Number(name.split('/').pop());
      if (!Number.isInteger(id) || !this.store.account(id)) this.o.secrets.clear(name);
    }
  }

  // ---------------------------------------------------------------- templates

  /** Every page of the account's templates, cached for offline preparation. */
  async syncTemplates(numberId: number): Promise<void> {
    const account = this.requireAccount(numberId);
    const client = this.client(numberId);
    if (!client) throw new ApiError('cloud.token_invalid', 'Nenhum token salvo para este número. Cole o token em Trocar token.', undefined, { variant: 'missing' });
    const all: RawTemplate[] = [];
    let after: string | null = null;
    try {
      for (let page = 0; page < 50; page++) {
        const res: { data: RawTemplate[]; after: string | null } = await client.listTemplates(account.waba_id, { after, limit: 100 });
        all.push(...res.data);
        after = res.after;
        if (!after) break;
      }
    } catch (err) {
      throw connectionError(err);
    }
    this.store.saveTemplates(numberId, all);
    this.o.events?.emit('cloud.templatesChanged', { numberId });
  }

  /** Sends a new template to Meta's review; it shows as "Em análise" until the webhook says. */
  async submitTemplate(
    numberId: number,
    submitted: { name: string; language: string; category: string; parameter_format?: string; components: Array<Record<string, unknown>> },
    headerSample?: HeaderSample,
  ): Promise<RawTemplate> {
    const account = this.requireAccount(numberId);
    const header = submitted.components.find((c) => c.type === 'HEADER');
    const mediaKind = header ? MEDIA_FORMATS[String(header.format ?? '').toUpperCase()] : undefined;
    if (mediaKind && !headerSample) {
      const what = mediaKind === 'image' ? 'uma imagem' : mediaKind === 'video' ? 'um vídeo' : 'um documento';
      throw new ApiError('cloud.header_sample_missing', `O cabeçalho do modelo é ${what}: escolha um arquivo de exemplo para a Meta revisar.`, undefined, { kind: mediaKind });
    }
    if (!mediaKind && headerSample) throw new ApiError('cloud.header_sample_unexpected', 'O arquivo de exemplo só vale para um cabeçalho de imagem, vídeo ou documento. Escolha esse tipo de cabeçalho ou tire o arquivo.');
    if (mediaKind && headerSample) {
      const problem = headerMediaProblem(mediaKind, headerSample, TEMPLATE_SAMPLE_MEDIA);
      if (problem) {
        const rules = TEMPLATE_SAMPLE_MEDIA[mediaKind];
        const params = { problem, types: rules.extensions.map((e) => e.toUpperCase()).join(', '), max: rules.maxBytes / (1024 * 1024) };
        throw new ApiError('cloud.header_sample_invalid', headerMediaProblemText(mediaKind, problem, submitted.name, TEMPLATE_SAMPLE_MEDIA), { problem, kind: mediaKind }, params);
      }
    }
    const client = this.client(numberId);
    if (!client) throw new ApiError('cloud.token_invalid', 'Nenhum token salvo para este número. Cole o token em Trocar token.', undefined, { variant: 'missing' });
    let template = submitted;
    if (mediaKind && headerSample) {
      // Meta reviews a media header by a sample file, named by a Resumable Upload API handle.
      let appId: string;
      try {
        appId = (await client.getApp()).id;
      } catch (err) {
        throw sampleUploadError(err, 'app');
      }
      let handle: string;
      try {
        handle = await client.uploadFileHandle(appId, { data: headerSample.data, mimeType: headerSample.mimeType, fileName: headerSample.fileName });
      } catch (err) {
        throw sampleUploadError(err, 'upload');
      }
      template = { ...submitted, components: submitted.components.map((c) => (c === header ? { type: 'HEADER', format: String(c.format).toUpperCase(), example: { header_handle: [handle] } } : c)) };
    }
    let created: { id: string; status: string; category: string | null };
    try {
      created = await client.createTemplate(account.waba_id, template);
    } catch (err) {
      if (isGraphRequestError(err) && err.kind === 'graph' && err.code === 100) {
        const dup = err.subcode === 2388024;
        throw new ApiError(
          dup ? 'cloud.template_exists' : 'cloud.template_refused',
          dup ? 'Já existe um modelo com este nome neste idioma. Escolha outro nome.' : `A Meta recusou o modelo: ${err.details ?? err.graphMessage}`.slice(0, 400),
          { subcode: err.subcode },
          dup ? undefined : { detail: (err.details ?? err.graphMessage).slice(0, 300) },
        );
      }
      throw connectionError(err);
    }
    const raw: RawTemplate = { id: created.id, name: template.name, language: template.language, status: created.status, category: created.category ?? template.category, parameter_format: template.parameter_format, components: template.components };
    this.store.upsertTemplate(numberId, raw, true);
    this.o.events?.emit('cloud.templatesChanged', { numberId });
    return raw;
  }

  // ---------------------------------------------------------------- webhooks

  /**
   * One webhook delivery as Meta sent it (raw bytes + X-Hub-Signature-256), from the relay.
   * The signature is checked with the app secret of the mailbox's number; forgeries are dropped
   * and counted. Each event is applied once (statuses by wamid + status, messages by id).
   */
  applyWebhook(mailboxNumberId: number, rawBody: Uint8Array, signature: string | null): WebhookOutcome {
    const secret = this.o.secrets.get(appSecretSecret(mailboxNumberId));
    if (!secret || !verifySignature(rawBody, signature, secret)) {
      this.store.bumpForged(mailboxNumberId, 1);
      this.o.logger.warn({ numberId: mailboxNumberId }, 'webhook with a bad signature dropped');
      return { ok: false, reason: 'forged' };
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(rawBody).toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    let applied = 0;
    let duplicates = 0;
    let ignored = 0;
    for (const ev of parseWebhook(body, this.now())) {
      const r = this.applyEvent(mailboxNumberId, ev);
      if (r === 'applied') applied++;
      else if (r === 'duplicate') duplicates++;
      else ignored++;
    }
    this.store.setRelayState(mailboxNumberId, { eventAt: this.now() });
    return { ok: true, applied, duplicates, ignored };
  }

  private applyEvent(mailboxNumberId: number, ev: CloudEvent): 'applied' | 'duplicate' | 'ignored' {
    if (ev.type === 'template_status') {
      const numbers = this.store.setTemplateStatus(ev.templateId, ev.event.toUpperCase(), ev.reason);
      for (const numberId of numbers) this.o.events?.emit('cloud.templatesChanged', { numberId });
      return numbers.length ? 'applied' : 'ignored';
    }
    if (ev.type === 'quality') {
      const channel = this.channels.get(mailboxNumberId);
      if (ev.event === 'FLAGGED') {
        this.store.setQuality(mailboxNumberId, 'RED');
        channel?.qualityChanged('RED');
      }
      if (channel?.status().state === 'connected') void channel.check();
      this.numberChanged(mailboxNumberId);
      return 'applied';
    }
    // Statuses and messages name their number; an app's webhook may carry several numbers.
    const account = ev.phoneNumberId ? this.store.byPhoneNumberId(ev.phoneNumberId) : this.store.account(mailboxNumberId);
    if (!account) return 'ignored';
    const numberId = account.number_id;
    const channel = this.channels.get(numberId);
    if (ev.type === 'status') {
      if (!this.store.firstTime(`s:${ev.wamid}:${ev.status}`)) return 'duplicate';
      const messageId = ev.callback ?? this.store.messageIdOf(ev.wamid);
      if (!messageId) return 'ignored';
      if (ev.pricing) {
        const billed = isBilled({ type: ev.pricing.type ?? undefined, ...(ev.pricing.billable !== null ? { billable: ev.pricing.billable } : {}) });
        this.store.bill(messageId, { category: ev.pricing.category, type: ev.pricing.type, brl: billed ? rateFor(this.store.settings().rateTable, ev.pricing.category) : 0, at: ev.at });
      }
      if (ev.status === 'delivered' || ev.status === 'read') channel?.receipt({ messageId, status: ev.status, at: ev.at });
      else if (ev.status === 'failed') {
        const first = ev.errors[0];
        const entry = graphPolicy(first?.code ?? null, null, first?.details ?? first?.title ?? '');
        channel?.receipt({ messageId, status: 'error', code: first?.code !== null && first?.code !== undefined ? String(first.code) : 'failed', reason: entry.message, at: ev.at });
        if (first?.code === 131052 || first?.code === 131053) channel?.forgetMedia();
        if (first?.code === 131047) this.store.closeWindowOf(messageId);
        channel?.asyncFailure(first?.code ?? null, entry);
      }
      return 'applied';
    }
    if (!this.store.firstTime(`m:${ev.id}`)) return 'duplicate';
    const phone = normalizePhone(`+${ev.from}`);
    const phoneKey = phone.ok ? phone.key : `+${ev.from}`;
    this.store.touchWindow(numberId, phoneKey, ev.at);
    const quoted = ev.contextId ? this.store.messageIdOf(ev.contextId) : null;
    channel?.inbound({ from: phone.ok ? phone.e164 : `+${ev.from}`, jid: jidFromDigits(ev.from), text: ev.text, at: ev.at, messageId: ev.id, ...(quoted ? { quotedMessageId: quoted } : {}) });
    return 'applied';
  }

  // ---------------------------------------------------------------- relay

  /** Creates the number's relay mailbox (once) and starts pulling it. */
  async ensureMailbox(numberId: number): Promise<void> {
    if (this.closed) return;
    const creds = this.o.relay?.() ?? null;
    const account = this.requireAccount(numberId);
    if (!creds) {
      this.store.setRelayState(numberId, { error: 'no_license' });
      this.numberChanged(numberId);
      return;
    }
    if (!account.mailbox_id) {
      const puller = new RelayPuller({ credentials: () => this.o.relay?.() ?? null, logger: this.o.logger, ...(this.o.fetch ? { fetch: this.o.fetch } : {}) });
      try {
        const box = await puller.createMailbox(numberId);
        this.store.setMailbox(numberId, box);
      } catch (err) {
        this.store.setRelayState(numberId, { error: (err as Error).message.slice(0, 300) });
        this.numberChanged(numberId);
        throw err;
      }
      this.numberChanged(numberId);
    }
    this.startPulling(numberId);
  }

  /** Pulls every Cloud number's mailbox (after start, and after a license is activated). */
  resumeRelays(): void {
    if (this.closed) return;
    for (const a of this.store.accounts()) {
      if (a.mailbox_id) this.startPulling(a.number_id);
      else void this.ensureMailbox(a.number_id).catch(() => {});
    }
  }

  private startPulling(numberId: number): void {
    if (this.closed || this.pullers.has(numberId)) return;
    const account = this.store.account(numberId);
    if (!account?.mailbox_id) return;
    const puller = new RelayPuller({
      credentials: () => this.o.relay?.() ?? null,
      logger: this.o.logger,
      ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
      ...(this.o.relayWaitSeconds !== undefined ? { waitSeconds: this.o.relayWaitSeconds } : {}),
    });
    this.pullers.set(numberId, puller);
    puller.run({
      mailboxId: account.mailbox_id,
      cursor: () => this.store.account(numberId)?.relay_cursor ?? 0,
      apply: (events) => {
        for (const e of events) this.applyWebhook(numberId, e.body, e.signature);
        const last = events.at(-1);
        if (last) this.store.setRelayState(numberId, { cursor: last.id, error: null });
      },
      onState: (error) => {
        const before = this.store.account(numberId)?.relay_error ?? null;
        if (before !== error) {
          this.store.setRelayState(numberId, { error });
          this.numberChanged(numberId);
        }
      },
    });
  }

  /** A number's row changed: the core's services first, then the UI. */
  private numberChanged(numberId: number): void {
    this.o.internal?.emit('number.changed', { numberId });
    this.o.events?.emit('numbers.changed', { id: numberId });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pullers.values()].map((p) => p.stop()));
    this.pullers.clear();
  }
}

/** The one Cloud service of a core (built by the composition root, services.ts). */
export function createCloudService(ctx: CoreContext, overrides: Partial<CloudServiceOptions> = {}): CloudService {
  const logger = ctx.logger.child({ capability: 'cloud' });
  return new CloudService({
    db: ctx.db,
    secrets: ctx.secrets,
    logger,
    events: ctx.events,
    internal: ctx.internal,
    plan: ctx.plan,
    graphBaseUrl: graphBaseUrl(process.env, logger),
    relay: () => ctx.plan.relayCredentials?.() ?? null,
    ...overrides,
  });
}

export type { GraphRequestError };
