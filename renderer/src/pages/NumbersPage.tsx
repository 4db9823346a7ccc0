import { Plus, Smartphone } from 'lucide-react';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/EmptyState';
import { useT } from '../i18n';

export function NumbersPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('numbers.title')} subtitle={t('numbers.subtitle')} />
      <EmptyState
        icon={Smartphone}
        testId="numbers-empty"
        title={t('numbers.empty.title')}
        body={t('numbers.empty.body')}
        actions={
          <button type="button" className="button button--primary" disabled title={t('common.comingSoon')}>
            <Plus size={16} aria-hidden="true" /> {t('numbers.add')}
          </button>
        }
      />
    </>
  );
}
