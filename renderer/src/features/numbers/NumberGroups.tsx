import { RefreshCw, Users } from 'lucide-react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { useReportedError } from '../../data';
import { useNumber, useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { useDisplayTime } from '../../lib/use-display-time';
import { useNumberGroups } from './use-number-groups';

/**
 * Números → Grupos: the groups a linked WhatsApp number is in (name, participants, whether the
 * user is admin, who may post). The core reads them on connect and after group notifications
 * (`groups.changed`); "Atualizar lista" reads them again on demand.
 */
export function NumberGroups(props: { number: NumberView }) {
  const t = useT();
  const num = useNumber();
  const time = useDisplayTime();
  const reportError = useAppStore((s) => s.reportError);
  const n = props.number;
  const id = `number-${n.id}-groups`;
  const { list, readError, refresh: refreshGroups, refreshing } = useNumberGroups(n.id);
  useReportedError(readError);

  const refresh = async () => {
    const err = await refreshGroups();
    if (err) reportError(err, { subject: id });
  };

  const groups = list?.groups ?? [];
  return (
    <details className="number-groups" data-testid={id}>
      <summary>
        <Users size={16} aria-hidden="true" /> {t('groups.open')}
        {list ? <span className="number-groups__count">({t('groups.count', { n: groups.length })})</span> : null}
      </summary>
      <p className="field__help">{t('groups.intro')}</p>
      <div className="number-groups__bar">
        <button type="button" className="button button--secondary" onClick={() => void refresh()} disabled={refreshing} aria-label={`${t('groups.refresh')} — ${n.label}`}>
          <RefreshCw size={16} aria-hidden="true" className={refreshing ? 'spin' : undefined} /> {refreshing ? t('groups.refreshing') : t('groups.refresh')}
        </button>
        <span className="field__help" role="status">
          {list === null ? t('groups.loading') : list.refreshedAt === null ? t('groups.neverRefreshed') : t('groups.refreshed', { when: time.format(list.refreshedAt) })}
        </span>
      </div>
      {list && list.refreshedAt !== null && groups.length === 0 ? <p className="number-groups__empty">{t('groups.empty')}</p> : null}
      {groups.length > 1 ? <a href="#/espelhar" className="number-groups__mirror">{t('mirroring.fromGroups')}</a> : null}
      {groups.length > 0 ? (
        <table className="results-table number-groups__table" aria-label={t('groups.title', { label: n.label })}>
          <thead>
            <tr>
              <th scope="col">{t('groups.col.name')}</th>
              <th scope="col" className="num">{t('groups.col.size')}</th>
              <th scope="col">{t('groups.col.admin')}</th>
              <th scope="col">{t('groups.col.posting')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.jid}>
                <th scope="row">{g.subject}</th>
                <td className="num">{num(g.size)}</td>
                <td>{g.isAdmin ? t('groups.admin.yes') : t('groups.admin.no')}</td>
                <td title={g.canPost ? undefined : t('groups.cannotPost')}>
                  {g.announce ? t('groups.posting.admins') : t('groups.posting.all')}
                  {g.canPost ? null : <span className="visually-hidden"> — {t('groups.cannotPost')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}
