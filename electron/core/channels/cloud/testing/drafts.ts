import { fastDraft } from '../../../campaigns/engine/testing/fixtures';
import type { CampaignDraft } from '../../../../../shared/campaigns/schema';
import type { TemplateView } from '../../../../../shared/api/methods/cloud';
import type { CampaignTemplate } from '../../../../../shared/cloud/campaign-schema';

/** A fast campaign on Cloud number `numberId` sending the stand-in's template `name`, its variables mapped as given. */
export function templateDraft(
  o: { numberId: number; listId: number; templates: TemplateView[]; name: string; mapping: CampaignTemplate['mapping']; headerMedia?: CampaignTemplate['headerMedia'] },
  extra: Partial<CampaignDraft> = {},
): CampaignDraft {
  const t = o.templates.find((x) => x.name === o.name)!;
  return fastDraft({
    listIds: [o.listId],
    numberIds: [o.numberId],
    channel: 'cloud',
    cloudTemplate: {
      numberId: o.numberId,
      template: { id: t.id, name: t.name, language: t.language, category: t.category, parameterFormat: t.parameterFormat ?? undefined, components: t.components },
      mapping: o.mapping,
      headerMedia: o.headerMedia ?? null,
    },
    ...extra,
  });
}

/** promo_padaria, its variables mapped to contact fields. */
export function promoDraft(numberId: number, listId: number, templates: TemplateView[], extra: Partial<CampaignDraft> = {}): CampaignDraft {
  const mapping = { 'header.1': { kind: 'field', field: 'primeiro_nome' }, 'body.1': { kind: 'field', field: 'primeiro_nome' }, 'body.2': { kind: 'field', field: 'bairro', fallback: 'sua região' } } as const;
  return templateDraft({ numberId, listId, templates, name: 'promo_padaria', mapping }, extra);
}
