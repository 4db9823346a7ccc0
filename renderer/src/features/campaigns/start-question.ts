import type { AudiencePreview } from '../../../../shared/api/methods/campaign-run';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { useNumber, useT } from '../../i18n';
import { windowSummary } from '../campaign-wizard/window-summary';

/**
 * What "Iniciar campanha" asks before anything goes out: to whom (contacts after the
 * exclusions, or groups), through which numbers (a simulated one sends nothing for real) and
 * when the window lets sending begin.
 */
export function startQuestion(
  draft: CampaignDraft,
  numbers: NumberView[] | null,
  reach: AudiencePreview | null,
  fmt: { t: ReturnType<typeof useT>; num: ReturnType<typeof useNumber>; when(ms: number): string },
): { lines: string[]; later: boolean } {
  const { t, num } = fmt;
  const chosen = (numbers ?? []).filter((n) => draft.numberIds.includes(n.id));
  const later = draft.schedule.startAt !== null && draft.schedule.startAt > Date.now();
  const lines: string[] = [];
  if (draft.audience.groups) lines.push(t('campaigns.confirm.start.groups', { n: num(draft.audience.groups.jids.length) }));
  else if (reach) lines.push(t('campaigns.confirm.start.contacts', { n: num(reach.final) }));
  if (chosen.length) lines.push(t('campaigns.confirm.start.numbers', { n: chosen.length, names: chosen.map((n) => n.label).join(', ') }));
  if (chosen.length && chosen.every((n) => n.simulated)) lines.push(t('campaigns.confirm.start.simulated'));
  const window = windowSummary(draft.schedule, t);
  lines.push(later ? t('campaigns.confirm.start.later', { when: fmt.when(draft.schedule.startAt!), window }) : t('campaigns.confirm.start.now', { window }));
  return { lines, later };
}
