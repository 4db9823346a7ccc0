import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { lintTemplate } from '../../../../shared/template/lint';
import { optOutLength } from '../../../../shared/template/opt-out';
import type { MessageKey } from '../../i18n';
import type { WizardStep } from './types';
import type { CampaignTemplate } from '../../../../shared/cloud/campaign-schema';
import { templateSlots, type TemplateComponent } from '../../../../shared/cloud/templates';
import type { GroupView } from '../../../../shared/api/methods/groups';
import { groupAudienceProblems } from './group-check';

function templateSetupIncomplete(t: CampaignTemplate): boolean {
  return templateSlots({ components: t.template.components as unknown as TemplateComponent[] }).some((s) => {
    const src = t.mapping[s.key];
    return !src || (src.kind === 'text' && !src.value.trim());
  });
}

/** Something the campaign still needs before it can start, and the step that fixes it. */
export interface ReviewProblem {
  key: MessageKey;
  vars?: Record<string, string | number>;
  /** Where to fix it; `name` is the name field above the steps. */
  step: WizardStep | 'name';
}

export interface ReviewContext {
  /** Ids of the numbers that exist; null while loading. */
  numberIds: number[] | null;
  /** The lists' custom columns; null while loading (unknown-variable errors wait for them). */
  knownVariables: string[] | null;
  /** A campaign to groups: the groups of its number as last read (null while loading). */
  groups?: GroupView[] | null;
}

/**
 * What keeps a draft from starting, in the order of the wizard. The same rules the core checks
 * on start (campaigns.start), said at the step that fixes them, before "Concluir".
 */
export function reviewProblems(draft: CampaignDraft, ctx: ReviewContext): ReviewProblem[] {
  const out: ReviewProblem[] = [];
  if (!draft.name.trim()) out.push({ key: 'wizard.review.missing.name', step: 'name' });
  const groups = draft.audience.groups;
  if (groups) out.push(...groupAudienceProblems(groups, ctx.groups ?? null, ctx.numberIds, draft.numberIds));
  else if (draft.audience.listIds.length === 0 && !draft.audience.tagIds?.length) out.push({ key: 'wizard.review.missing.lists', step: 'audience' });

  const variations = draft.messages.variations;
  if (draft.channel === 'cloud') {
    // An approved template replaces the variations; every variable needs a value.
    if (!draft.cloudTemplate || templateSetupIncomplete(draft.cloudTemplate)) out.push({ key: 'wizard.review.missing.cloudTemplate', step: 'messages' });
  } else if (!variations.some((v) => v.text.trim())) {
    out.push({ key: 'wizard.review.missing.message', step: 'messages' });
  } else {
    variations.forEach((v, i) => {
      if (!v.text.trim()) out.push({ key: 'wizard.review.missing.blankVariation', vars: { n: i + 1 }, step: 'messages' });
    });
    if (ctx.knownVariables) {
      // Groups get no opt-out footer.
      const reserved = groups ? 0 : optOutLength(draft.messages.optOut);
      const errors = variations
        .filter((v) => v.text.trim())
        .reduce((n, v) => n + lintTemplate(v.text, { knownVariables: ctx.knownVariables!, reservedLength: reserved }).filter((i) => i.severity === 'error').length, 0);
      if (errors > 0) out.push({ key: errors === 1 ? 'wizard.review.missing.templateErrors.one' : 'wizard.review.missing.templateErrors.many', vars: { n: errors }, step: 'messages' });
    }
  }

  if (draft.schedule.days.length === 0) out.push({ key: 'wizard.review.missing.days', step: 'schedule' });
  if (draft.pacing.maxDelaySec < draft.pacing.minDelaySec) out.push({ key: 'wizard.review.missing.pacing', step: 'schedule' });
  // A campaign to groups sends through the groups' number, checked with the audience above.
  if (!groups) {
    const existing = ctx.numberIds === null ? draft.numberIds : draft.numberIds.filter((id) => ctx.numberIds!.includes(id));
    if (existing.length === 0) out.push({ key: 'wizard.review.missing.numbers', step: 'schedule' });
    else if (existing.length < draft.numberIds.length) out.push({ key: 'wizard.review.missing.numberGone', step: 'schedule' });
  }
  return out;
}
