import { FlaskConical } from 'lucide-react';
import { useT } from '../../i18n';

/** Everything that involved a simulated number says so. */
export function SimulatedBadge() {
  const t = useT();
  return (
    <span className="results-badge results-badge--simulated" title={t('results.simulated.help')}>
      <FlaskConical size={14} aria-hidden="true" /> {t('results.simulated')}
    </span>
  );
}
