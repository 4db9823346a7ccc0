/** What a campaign needs before it starts when it involves a Cloud API number (its own or a fallback). */
import { ApiError } from '../../../../shared/api/errors';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { CampaignTemplate } from '../../../../shared/cloud/campaign-schema';
import { templateSetupProblems } from '../../channels/cloud/template-render';
import type { NumberRow } from '../../numbers/numbers-store';

type FindNumber = (id: number) => NumberRow | undefined;

function checkTemplate(t: CampaignTemplate, find: FindNumber, what: 'campaign' | 'fallback'): void {
  const row = find(t.numberId);
  if (!row || row.kind !== 'cloud') {
    throw new ApiError(
      'campaigns.template_number',
      what === 'campaign'
        ? 'O número da API oficial dono do modelo não existe mais. Escolha outro número e modelo no passo Mensagens.'
        : 'O número da API oficial do plano B não existe mais. Escolha outro no passo Números e agenda, ou desligue o plano B.',
    );
  }
  const problems = templateSetupProblems(t);
  if (problems.length) throw new ApiError('campaigns.template_incomplete', problems.join(' '), { problems }, { n: problems.length });
}

/** A Cloud campaign sends its approved template through the template's own number, and only it. */
export function validateCloudCampaign(draft: CampaignDraft, find: FindNumber): void {
  const t = draft.cloudTemplate;
  if (!t) throw new ApiError('campaigns.no_template', 'Escolha o modelo aprovado que a campanha vai enviar pela API oficial (passo Mensagens).');
  checkTemplate(t, find, 'campaign');
  if (draft.numberIds.some((id) => id !== t.numberId)) {
    throw new ApiError('campaigns.cloud_numbers', 'Uma campanha pela API oficial envia só pelo número dono do modelo. Desmarque os outros números no passo Números e agenda.');
  }
}

/** A WhatsApp Web campaign cannot send free-form text through a Cloud number (only as its fallback, with a template). */
export function validateWebCampaignNumbers(draft: CampaignDraft, find: FindNumber): void {
  if (draft.numberIds.some((id) => find(id)?.kind === 'cloud')) {
    throw new ApiError(
      'campaigns.cloud_needs_template',
      'Números da API oficial só enviam modelos aprovados. Escolha "API oficial" e um modelo no passo Mensagens, ou use o número como plano B.',
    );
  }
  if (draft.fallback) checkTemplate(draft.fallback.template, find, 'fallback');
}
