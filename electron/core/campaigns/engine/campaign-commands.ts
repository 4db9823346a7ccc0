/**
 * What a user does to a campaign once its draft is written: start, pause, resume, cancel,
 * resend failures, a test send to their own phone; and what they read of it (run state,
 * deliveries). Every status write goes through CampaignStore; the send loop is woken after.
 */
import { ApiError } from '../../../../shared/api/errors';
import type { CampaignRunState, DeliveryRowView, DeliveryStateName } from '../../../../shared/api/methods/campaign-run';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { normalizePhone } from '../../../../shared/phone';
import { isChannelSendError } from '../../channels/errors';
import type { TemplateMessage } from '../../channels/types';
import { materializeCampaignAudience, previewCampaignAudience } from '../../groups/group-campaign';
import { ENGINE_CODES } from '../deliveries/states';
import { CampaignRuntime, type ContactForRender } from './campaign-runtime';
import { readDraft, type CampaignDbRow } from './campaign-store';
import { attachmentsDir, type EngineContext } from './engine-context';
import { PAUSE_CODES, type PauseReason } from './reasons';
import { parseParams, pickCounters, type RunCounters } from './run-state';
import { SKIP_REASONS } from './send-outcomes';
import { validateForStart } from './start-checks';

export class CampaignCommands {
  private readonly counters;

  constructor(private readonly ctx: EngineContext) {
    this.counters = ctx.db.prepare<[number], RunCounters>('SELECT * FROM campaign_counters WHERE campaign_id = ?');
  }

  preview(draft: { audience: CampaignDraft['audience'] }) {
    return previewCampaignAudience(this.ctx.db, draft.audience, this.ctx.clock.now());
  }

  start(id: number): CampaignRunState {
    const { ctx } = this;
    const row = this.row(id);
    if (row.status !== 'draft') {
      throw new ApiError('campaigns.already_started', 'Esta campanha já foi iniciada. Para enviar de novo, clone a campanha.', { status: row.status });
    }
    const draft = readDraft(row.draft);
    this.validateForStart(draft);
    const now = ctx.clock.now();
    const scheduled = draft.schedule.startAt !== null && draft.schedule.startAt > now;
    ctx.store.tx(() => {
      const n = materializeCampaignAudience(ctx.db, ctx.store.counters, id, draft.audience, now);
      if (n === 0) {
        throw new ApiError(
          'campaigns.empty_audience',
          'Nenhum contato para enviar: os contatos das listas escolhidas saíram da lista, são inválidos ou já receberam mensagem recentemente. Revise o público da campanha.',
        );
      }
      ctx.campaignStore.markStarted(id, scheduled ? 'scheduled' : 'running', now);
      // A draft restored from a backup may have sent after that backup: the journal knows.
      ctx.opts.journal?.reconcileCampaign(ctx.store, id);
    });
    ctx.loop.load(id);
    ctx.reports.changed(id);
    // Everyone may already be settled by the journal (a restored draft).
    ctx.loop.maybeFinishById(id);
    ctx.loop.kickCampaign(id);
    return this.runState(id);
  }

  /** `reason` is the pt-BR text, or the text with the values it names (translated by `code` in the UI). */
  pause(id: number, code: string | null = null, reason: string | PauseReason | null = null): CampaignRunState {
    const { ctx } = this;
    const row = this.row(id);
    if (row.status === 'paused') return this.runState(id);
    if (row.status !== 'running' && row.status !== 'scheduled') {
      throw new ApiError('campaigns.not_running', 'Só é possível pausar campanhas em andamento ou agendadas.', { status: row.status });
    }
    const text = typeof reason === 'string' || reason === null ? reason : reason.text;
    const params = reason !== null && typeof reason === 'object' && Object.keys(reason.params).length ? JSON.stringify(reason.params) : null;
    ctx.campaignStore.setStatus(id, 'paused', { code, reason: text, params }, ctx.clock.now());
    ctx.loop.unload(id);
    if (code && code !== PAUSE_CODES.manual) ctx.opts.logger.warn({ campaignId: id, code }, 'campaign paused automatically');
    ctx.reports.changed(id);
    return this.runState(id);
  }

  resume(id: number): CampaignRunState {
    const { ctx } = this;
    const row = this.row(id);
    if (row.status === 'running' || row.status === 'scheduled') return this.runState(id);
    if (row.status !== 'paused') throw new ApiError('campaigns.not_paused', 'Só é possível retomar campanhas pausadas.', { status: row.status });
    const draft = readDraft(row.draft);
    this.validateForStart(draft);
    // Resuming is the user's decision after a warning: the campaign's numbers may send again.
    // Not after its plan B took over: it goes on by the Cloud number, and the Web number's ban
    // warning still protects every other campaign that uses it.
    if (!ctx.fallbacks.switched(id)) {
      for (const nid of draft.numberIds) {
        if (ctx.workers.get(nid)?.flagged) ctx.workers.clearFlag(nid);
      }
    }
    const now = ctx.clock.now();
    const status = draft.schedule.startAt !== null && draft.schedule.startAt > now ? 'scheduled' : 'running';
    ctx.campaignStore.setStatus(id, status, { code: null, reason: null, params: null }, now);
    ctx.planLimit.reset();
    ctx.loop.load(id);
    ctx.reports.changed(id);
    ctx.loop.maybeFinishById(id);
    ctx.loop.kickCampaign(id);
    return this.runState(id);
  }

  cancel(id: number): CampaignRunState {
    const { ctx } = this;
    const row = this.row(id);
    if (row.status === 'cancelled') return this.runState(id);
    if (row.status === 'finished' || row.status === 'draft') {
      throw new ApiError('campaigns.not_cancellable', row.status === 'draft' ? 'Este rascunho ainda não foi iniciado; exclua-o se não quiser mais.' : 'Esta campanha já terminou.', { status: row.status });
    }
    const now = ctx.clock.now();
    ctx.store.tx(() => {
      ctx.store.skipQueuedForCampaign(id, { code: ENGINE_CODES.cancelled, reason: SKIP_REASONS.cancelled });
      ctx.campaignStore.markCancelled(id, now);
    });
    ctx.loop.unload(id);
    ctx.opts.journal?.ended(id);
    ctx.reports.changed(id);
    return this.runState(id);
  }

  /** Re-queues failed and uncertain deliveries; a finished campaign runs again for them. */
  resendFailed(id: number): { requeued: number; state: CampaignRunState } {
    const { ctx } = this;
    const row = this.row(id);
    if (row.status === 'draft' || row.status === 'cancelled') {
      throw new ApiError('campaigns.not_resendable', 'Só é possível reenviar falhas de campanhas iniciadas e não canceladas.', { status: row.status });
    }
    const now = ctx.clock.now();
    ctx.opts.journal?.released(id);
    const requeued = ctx.store.tx(() => {
      const n = ctx.store.requeueResendable(id);
      if (n > 0 && row.status === 'finished') ctx.campaignStore.reopen(id, now);
      return n;
    });
    if (requeued > 0) {
      const c = ctx.campaigns.get(id);
      if (c) ctx.loop.setNextDue(c, ctx.store.nextDueAt(id));
      else if (row.status === 'finished') ctx.loop.load(id);
      ctx.reports.changed(id);
      ctx.loop.kickCampaign(id);
    }
    return { requeued, state: this.runState(id) };
  }

  /** Sends one rendered message to the user's own phone. Not a delivery; not counted. */
  async testSend(input: { id: number; numberId: number; phone: string; variation?: number }): Promise<{ messageId: string; text: string }> {
    const { ctx } = this;
    const row = this.row(input.id);
    const draft = readDraft(row.draft);
    const cloud = draft.channel === 'cloud' ? draft.cloudTemplate : null;
    if (draft.channel === 'cloud' && !cloud) throw new ApiError('campaigns.no_template', 'Escolha o modelo aprovado que a campanha vai enviar pela API oficial (passo Mensagens).');
    if (!cloud && !draft.messages.variations.some((v) => v.text.trim())) {
      throw new ApiError('campaigns.no_message', 'Escreva a mensagem da campanha antes de fazer o envio de teste.');
    }
    const phone = normalizePhone(input.phone);
    if (!phone.ok) throw new ApiError('campaigns.test_phone_invalid', `Telefone de teste inválido: ${phone.message}`, undefined, { reason: `phone.${phone.reason}` });
    const channel = ctx.workers.connectedChannel(input.numberId);
    const contact = ctx.db
      .prepare<[string], ContactForRender>('SELECT name, first_name, phone_key, fields FROM contacts WHERE phone_key = ?')
      .get(phone.key) ?? { name: null, first_name: null, phone_key: phone.e164, fields: null };
    const runtime = new CampaignRuntime({ id: row.id, name: row.name, status: 'running', seed: row.seed, draft }, attachmentsDir(ctx), []);
    const variation = Math.min(input.variation ?? 0, Math.max(0, draft.messages.variations.length - 1));
    const now = ctx.clock.now();
    const tpl = runtime.templateFor(ctx.opts.numbers.find(input.numberId)?.kind ?? '');
    let text: string;
    let template: TemplateMessage | undefined;
    if (tpl) {
      const r = tpl.render(contact, now, draft.schedule.timeZone);
      if (!r.ok) throw new ApiError('campaigns.test_failed', `O envio de teste falhou: ${r.reason}`, undefined, { reason: 'channel.TEMPLATE_ERROR' });
      ({ text, message: template } = r);
    } else {
      ({ text } = runtime.render(-Math.floor(now % 1e9), contact, now, variation));
    }
    const [check] = await channel.checkNumbers([phone.waCandidates.map((c) => c.replace(/\D/g, ''))]);
    if (!check?.jid) throw new ApiError('campaigns.test_not_on_whatsapp', 'Este telefone não tem WhatsApp. Confira o número e tente de novo.');
    try {
      const messageId = channel.newMessageId();
      await channel.send(runtime.outgoing({ messageId, jid: check.jid, text, variation, template }));
      return { messageId, text };
    } catch (err) {
      if (isChannelSendError(err)) throw new ApiError('campaigns.test_failed', `O envio de teste falhou: ${err.message}`, { code: err.code }, { reason: `channel.${err.code}` });
      throw err;
    }
  }

  // ---------------------------------------------------------------- reading

  runState(id: number): CampaignRunState {
    const row = this.row(id);
    const c = this.ctx.campaigns.get(id);
    // A running campaign's draft is already parsed in its runtime: progress events (a burst of
    // three, then ten a second per campaign) would otherwise parse and validate it for one date.
    const startAt = c ? c.startAt : readDraft(row.draft).schedule.startAt;
    return {
      id,
      name: row.name,
      status: row.status,
      pauseCode: row.pause_code,
      pauseReason: row.pause_reason,
      pauseParams: parseParams(row.pause_params),
      counters: pickCounters(this.counters.get(id)),
      waiting: c ? this.ctx.reports.waitingOf(c, this.ctx.clock.now()) : null,
      startAt,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      updatedAt: row.updated_at,
    };
  }

  overview(): CampaignRunState[] {
    return this.ctx.campaignStore.idsByRecent().map((id) => this.runState(id));
  }

  deliveries(input: { id: number; states?: DeliveryStateName[]; offset: number; limit: number }): { total: number; rows: DeliveryRowView[] } {
    this.row(input.id);
    return this.ctx.store.page(input.id, input);
  }

  row(id: number): CampaignDbRow {
    return this.ctx.campaignStore.get(id);
  }

  private validateForStart(draft: CampaignDraft): void {
    const { ctx } = this;
    validateForStart(draft, {
      db: ctx.db,
      findNumber: (id) => ctx.opts.numbers.find(id),
      ensureWorker: (id) => ctx.workers.ensure(id),
      countsTowardPlan: (id) => ctx.planLimit.counts(ctx.workers.get(id)!.kind),
      plan: ctx.opts.plan,
    });
  }
}
