import { useCallback, useState } from 'react';
import { Plus, Repeat2 } from 'lucide-react';
import type { MirrorRuleView } from '../../../../shared/api/methods/mirroring';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n';
import { useApiQuery, useReportedError } from '../../data';
import { useNumbers } from '../numbers';
import { MirrorForm } from './MirrorForm';
import { MirrorRuleCard } from './MirrorRuleCard';
import './mirroring.css';

/**
 * "Espelhar ofertas": the mirror rules (source → destination groups), each with pause/resume,
 * edit, delete and its log. New messages in a source are posted by the core (mirroring.*).
 */
export function MirroringPage() {
  const t = useT();
  const { numbers } = useNumbers();
  const rulesQuery = useApiQuery('mirroring.list', undefined);
  useReportedError(rulesQuery.error);
  const rules = rulesQuery.data ?? null;
  const [editing, setEditing] = useState<MirrorRuleView | 'new' | null>(null);

  // Kept fresh by the event table on `mirroring.changed`; read again at once after the user's own change.
  const { refetch } = rulesQuery;
  const load = useCallback(() => void refetch(), [refetch]);

  const whatsapp = (numbers ?? []).filter((n) => n.kind === 'whatsapp');
  const canAdd = whatsapp.length > 0;
  const addButton = (
    <button type="button" className="button button--primary" onClick={() => setEditing('new')} disabled={!canAdd || editing !== null}>
      <Plus size={16} aria-hidden="true" /> {t('mirroring.add')}
    </button>
  );

  return (
    <>
      <PageHeader title={t('mirroring.title')} subtitle={t('mirroring.subtitle')} actions={rules?.length ? addButton : undefined} />
      <div className="mirroring">
        <p className="field__help mirroring__intro">{t('mirroring.intro')}</p>
        {numbers !== null && !canAdd ? (
          <p className="banner banner--warning" role="status">
            {t('mirroring.noNumbers')}
          </p>
        ) : null}
        {editing ? (
          <MirrorForm
            numbers={whatsapp}
            rule={editing === 'new' ? null : editing}
            onDone={() => {
              setEditing(null);
              load();
            }}
          />
        ) : null}
        {rules === null ? (
          <p className="loading">{t('common.loading')}</p>
        ) : rules.length === 0 ? (
          editing ? null : <EmptyState icon={Repeat2} testId="mirroring-empty" title={t('mirroring.empty.title')} body={t('mirroring.empty.body')} actions={addButton} />
        ) : (
          <ul className="mirror-list" aria-label={t('mirroring.list')}>
            {rules.map((r) => (
              <MirrorRuleCard key={r.id} rule={r} onEdit={() => setEditing(r)} onChanged={load} />
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
