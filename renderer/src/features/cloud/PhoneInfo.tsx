import type { PhoneInfoView } from '../../../../shared/api/methods/cloud';
import { useT, type MessageKey } from '../../i18n';

/** Quality rating as a coloured badge: Alta / Média / Baixa. */
export function QualityBadge({ rating }: { rating: string | null }) {
  const t = useT();
  const r = rating && ['GREEN', 'YELLOW', 'RED'].includes(rating) ? rating : 'UNKNOWN';
  return (
    <span className={`badge cloud-quality cloud-quality--${r.toLowerCase()}`} data-testid="cloud-quality">
      {t(`cloud.quality.${r}` as MessageKey)}
    </span>
  );
}

export function limitText(t: ReturnType<typeof useT>, info: Pick<PhoneInfoView, 'messagingLimitCount'>): string {
  if (info.messagingLimitCount === null) return t('cloud.limit.unknown');
  if (info.messagingLimitCount < 0) return t('cloud.limit.unlimited');
  return t('cloud.limit.count', { n: info.messagingLimitCount });
}

function nameStatus(t: ReturnType<typeof useT>, s: string | null): string {
  if (!s) return t('cloud.info.none');
  const key = `cloud.nameStatus.${s}` as MessageKey;
  const text = t(key);
  return text === key ? s : text;
}

/** What the API reports about a Cloud number ("Testar conexão" and the number card). */
export function PhoneInfoFacts({ info, approvedTemplates }: { info: PhoneInfoView; approvedTemplates?: number }) {
  const t = useT();
  return (
    <dl className="facts cloud-facts" data-testid="cloud-info">
      <dt>{t('cloud.info.name')}</dt>
      <dd>{info.verifiedName ?? t('cloud.info.none')}</dd>
      <dt>{t('cloud.info.phone')}</dt>
      <dd>{info.displayPhoneNumber ?? t('cloud.info.none')}</dd>
      <dt>{t('cloud.info.nameStatus')}</dt>
      <dd>{nameStatus(t, info.nameStatus)}</dd>
      <dt>{t('cloud.info.quality')}</dt>
      <dd>
        <QualityBadge rating={info.qualityRating} />
      </dd>
      <dt>{t('cloud.info.limit')}</dt>
      <dd>{limitText(t, info)}</dd>
      {info.throughputLevel ? (
        <>
          <dt>{t('cloud.info.throughput')}</dt>
          <dd>{t(`cloud.throughput.${info.throughputLevel === 'HIGH' ? 'HIGH' : 'STANDARD'}` as MessageKey)}</dd>
        </>
      ) : null}
      {approvedTemplates !== undefined ? (
        <>
          <dt>{t('cloud.info.templates')}</dt>
          <dd>{approvedTemplates}</dd>
        </>
      ) : null}
    </dl>
  );
}
