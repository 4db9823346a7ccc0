import { useApiQuery } from '../../data';
import { useErrorText, useNumber, useT, type MessageKey } from '../../i18n';
import { groupReach, type Reach } from './group-reach';

/**
 * "Resultados por grupo" of a campaign sent to WhatsApp groups: each group's name, whether the
 * post went out, how many participants WhatsApp says received and read it, and the messages in
 * the group that quoted it or mentioned the user. Renders nothing for a campaign to contacts.
 */
export function GroupResultsTable({ campaignId }: { campaignId: number }) {
  const t = useT();
  const num = useNumber();
  const errorText = useErrorText();
  // Read again by the event table on this campaign's group results, progress and results changes.
  const query = useApiQuery('groups.campaignResults', { campaignId });
  const data = query.data ?? null;
  const error = query.error;

  if (error && !data) {
    return (
      <p className="inline-error" role="alert">
        {errorText(error, t('groupCampaign.results.error'))}
      </p>
    );
  }
  if (!data || data.groups.length === 0) return null;

  const reach = (r: Reach) =>
    r.kind === 'notSent' ? (
      t('groupCampaign.results.notSent')
    ) : r.kind === 'notReported' ? (
      <span className="field__help">{t('groupCampaign.results.notReported')}</span>
    ) : r.of !== null ? (
      t('groupCampaign.results.ofParticipants', { n: num(r.n), total: r.of })
    ) : (
      t('groupCampaign.results.participants', { n: r.n })
    );

  return (
    <div>
      <h3 className="results-subtitle" id={`group-results-${campaignId}`}>
        {t('groupCampaign.results.title')}
      </h3>
      <p className="field__help">{t('groupCampaign.results.help')}</p>
      <div className="results-table-wrap">
        <table className="results-table" data-testid="group-results" aria-labelledby={`group-results-${campaignId}`}>
          <thead>
            <tr>
              <th scope="col">{t('groupCampaign.results.col.group')}</th>
              <th scope="col">{t('groupCampaign.results.col.state')}</th>
              <th scope="col">{t('groupCampaign.results.col.delivered')}</th>
              <th scope="col">{t('groupCampaign.results.col.read')}</th>
              <th scope="col">{t('groupCampaign.results.col.replies')}</th>
            </tr>
          </thead>
          <tbody>
            {data.groups.map((g) => (
              <tr key={g.jid} data-testid="group-result">
                <th scope="row">{g.subject ?? t('groupCampaign.results.unnamed')}</th>
                <td title={g.reason ?? undefined}>
                  <span className={`badge delivery-badge delivery-badge--${g.state}`}>{t(`delivery.state.${g.state}` as MessageKey)}</span>
                  {g.reason ? <span className="field__help"> {g.reason}</span> : null}
                </td>
                <td>{reach(groupReach(g, 'delivered'))}</td>
                <td>{reach(groupReach(g, 'read'))}</td>
                <td>{g.sentAt === null ? t('groupCampaign.results.notSent') : t('groupCampaign.results.replies', { quotes: g.quotes, mentions: g.mentions })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
