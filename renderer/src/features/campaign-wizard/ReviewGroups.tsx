import { useNumber, useT } from '../../i18n';
import type { StepProps } from './types';
import { chosenGroups } from './group-check';
import { useNumberGroups } from '../numbers/use-number-groups';

/** The review's audience for a campaign to groups: the number and each chosen group by name. */
export function ReviewGroups({ draft, numbers }: Pick<StepProps, 'draft' | 'numbers'>) {
  const t = useT();
  const num = useNumber();
  const g = draft.audience.groups;
  const { list } = useNumberGroups(g?.numberId ?? null);
  if (!g) return null;
  const number = numbers?.find((n) => n.id === g.numberId);
  if (numbers && !number) return <>{t('groupCampaign.review.unknownNumber')}</>;
  if (g.jids.length === 0) return <>{t('groupCampaign.groups.total', { n: 0 })}</>;
  const state = list ? chosenGroups(g, list.groups) : null;
  return (
    <>
      {t('groupCampaign.review.groups', { label: number?.label ?? '…' })}
      {state ? (
        <ul className="facts__list">
          {state.present.map((x) => (
            <li key={x.jid}>
              {x.subject} <span className="field__help">({t('groupCampaign.groups.participants', { n: num(x.size) })})</span>
              {x.canPost ? null : <span className="inline-warning"> · {t('groupCampaign.groups.adminsOnly')}</span>}
            </li>
          ))}
          {state.gone.map((jid) => (
            <li key={jid}>{t('groupCampaign.groups.gone')}</li>
          ))}
        </ul>
      ) : (
        <> {t('groupCampaign.groups.total', { n: g.jids.length })}</>
      )}
    </>
  );
}
