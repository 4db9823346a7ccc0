import { fastDraft } from '../../../campaigns/engine/testing/fixtures';
import type { CampaignDraft } from '../../../../../shared/campaigns/schema';
import type { TemplateView } from '../../../../../shared/api/methods/cloud';
import type { CloudWorld } from './harness';

/** A fast template campaign on `numberId` with the stand-in's promo_padaria, its variables mapped to contact fields. */
export function promoDraft(_w: CloudWorld, numberId: number, listId: number, templates: TemplateView[], extra: Partial<CampaignDraft> = {}): CampaignDraft {
  const t = templates.find((x) => x.name === 'promo_padaria')!;
  return fastDraft({
    listIds: [listId],
    numberIds: [numberId],
    channel: 'cloud',
    cloudTemplate: {
      numberId,
      template: { id: t.id, name: t.name, language: t.language, category: t.category, parameterFormat: t.parameterFormat ?? undefined, components: t.components },
      mapping: { 'header.1': { kind: 'field', field: 'primeiro_nome' }, 'body.1': { kind: 'field', field: 'primeiro_nome' }, 'body.2': { kind: 'field', field: 'bairro', fallback: 'sua região' } },
      headerMedia: null,
    },
    ...extra,
  });
}
