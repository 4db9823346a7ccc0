import { useApiQuery } from '../../data';
import { useT } from '../../i18n';
import { useNumbers } from '../numbers/use-numbers';
import { brl } from './format';

/** "12/2026": the month a spending figure covers. */
function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${m}/${y}`;
}

/** What Meta billed this month across the official-API numbers (null until known). */
export function CloudSpendingText() {
  const t = useT();
  const spending = useApiQuery('cloud.spending', undefined);
  const s = spending.data;
  if (!s) return null;
  return <>{t('cloud.spending.value', { month: monthLabel(s.month), brl: brl(s.brl), n: s.billed })}</>;
}

/**
 * Configurações → Licença, next to the plan's limits: official-API messages are billed by Meta,
 * outside the plan; shown once there is an official-API number.
 */
export function CloudSpendingFacts() {
  const t = useT();
  const { numbers } = useNumbers();
  if (!(numbers ?? []).some((n) => n.kind === 'cloud')) return null;
  return (
    <>
      <dt>{t('cloud.spending.title')}</dt>
      <dd data-testid="license-cloud-spending">
        <CloudSpendingText /> {t('cloud.spending.outsidePlan')}
      </dd>
    </>
  );
}
