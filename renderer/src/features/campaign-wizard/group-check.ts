import type { CampaignAudience } from '../../../../shared/campaigns/schema';
import type { GroupView } from '../../../../shared/api/methods/groups';
import type { ReviewProblem } from './review-check';

type GroupAudience = NonNullable<CampaignAudience['groups']>;

/** How each chosen group stands, for the audience step and the review. */
export interface ChosenGroups {
  /** Chosen groups the number is in, in the number's order. */
  present: GroupView[];
  /** Chosen jids the number is no longer in (or never listed). */
  gone: string[];
  /** Present groups where only admins post and the user is not admin. */
  blocked: GroupView[];
}

export function chosenGroups(g: GroupAudience, groups: readonly GroupView[]): ChosenGroups {
  const chosen = new Set(g.jids);
  const present = groups.filter((x) => chosen.has(x.jid));
  const known = new Set(present.map((x) => x.jid));
  return { present, gone: g.jids.filter((j) => !known.has(j)), blocked: present.filter((x) => !x.canPost) };
}

/**
 * What keeps a campaign to groups from starting, said at the audience step: no number, no group,
 * a group the number left, a group where only admins post and the user is not one. `groups` is
 * the number's list (null while loading: only what needs no list is said); `numberIds` the
 * numbers that exist (null while loading).
 */
export function groupAudienceProblems(g: GroupAudience, groups: readonly GroupView[] | null, numberIds: readonly number[] | null, draftNumberIds: readonly number[]): ReviewProblem[] {
  const out: ReviewProblem[] = [];
  const numberKnown = numberIds === null || numberIds.includes(g.numberId);
  if (!numberKnown || draftNumberIds.length !== 1 || draftNumberIds[0] !== g.numberId) out.push({ key: 'wizard.review.missing.groupNumber', step: 'audience' });
  if (g.jids.length === 0) {
    out.push({ key: 'wizard.review.missing.groups', step: 'audience' });
    return out;
  }
  if (!groups || !numberKnown) return out;
  const c = chosenGroups(g, groups);
  if (c.gone.length) out.push({ key: 'wizard.review.missing.groupGone', vars: { n: c.gone.length }, step: 'audience' });
  for (const b of c.blocked) out.push({ key: 'wizard.review.missing.groupAdminsOnly', vars: { name: b.subject }, step: 'audience' });
  return out;
}
