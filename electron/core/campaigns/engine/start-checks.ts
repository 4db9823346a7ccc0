/**
 * What a campaign must have before it starts or resumes: an audience, a message (or an approved
 * template on the official API), a known number, a valid window and a plan that may send.
 * Each failure is an ApiError with a pt-BR message the user can act on.
 */
import type { Db } from '../../db/open';
import type { PlanGate } from '../../license/gate';
import { ApiError } from '../../../../shared/api/errors';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { NumberRow } from '../../numbers/numbers-store';
import { validateGroupCampaign } from '../../groups/group-campaign';
import { validateWindow } from '../schedule';
import { windowOf } from './campaign-runtime';
import { validateCloudCampaign, validateWebCampaignNumbers } from './cloud-checks';
import { planBlockedReason } from './reasons';

export interface StartCheckDeps {
  db: Db;
  findNumber: (id: number) => NumberRow | undefined;
  /** Makes the engine serve the number; false when it does not exist. */
  ensureWorker: (id: number) => boolean;
  /** Whether sends through this (known) number count toward the plan. */
  countsTowardPlan: (id: number) => boolean;
  plan: PlanGate;
}

export function validateForStart(draft: CampaignDraft, deps: StartCheckDeps): void {
  validateGroupCampaign(deps.db, draft);
  if (!draft.audience.groups && !draft.audience.listIds.length && !draft.audience.tagIds?.length) throw new ApiError('campaigns.no_audience', 'Escolha ao menos uma lista ou etiqueta de contatos para a campanha.');
  if (draft.channel === 'cloud') {
    validateCloudCampaign(draft, deps.findNumber);
  } else {
    if (!draft.messages.variations.some((v) => v.text.trim())) throw new ApiError('campaigns.no_message', 'Escreva a mensagem da campanha antes de iniciar.');
    if (draft.messages.variations.some((v) => !v.text.trim())) {
      throw new ApiError('campaigns.empty_variation', 'Há uma variação de mensagem em branco. Escreva o texto ou remova a variação.');
    }
    validateWebCampaignNumbers(draft, deps.findNumber);
  }
  if (draft.fallback) deps.ensureWorker(draft.fallback.template.numberId);
  const known = draft.numberIds.filter((id) => deps.ensureWorker(id));
  if (!known.length) {
    throw new ApiError('campaigns.no_number', 'Escolha ao menos um número para enviar. Adicione um em Números (um número simulado serve para ensaiar).');
  }
  const { batchEvery, batchPauseMinutes } = draft.pacing;
  // Half a batch pause would be ignored by the pacer: the user asked for a pause they would not get.
  if ((batchEvery > 0) !== (batchPauseMinutes > 0)) {
    throw new ApiError(
      'campaigns.batch_incomplete',
      batchEvery > 0
        ? `A pausa a cada ${batchEvery} mensagens está sem duração. Informe quantos minutos pausar ou desligue a pausa entre lotes (passo Ritmo).`
        : 'A pausa entre lotes tem duração, mas não diz a cada quantas mensagens. Informe o tamanho do lote ou desligue a pausa (passo Ritmo).',
      { batchEvery, batchPauseMinutes },
    );
  }
  const issues = validateWindow(windowOf(draft));
  if (issues.length) throw new ApiError('campaigns.invalid_schedule', issues.map((i) => i.message).join(' '), { issues });
  const gate = deps.plan.current();
  if (known.some(deps.countsTowardPlan) && !gate.canSend) throw new ApiError('campaigns.plan_blocked', planBlockedReason(gate.reason));
}
