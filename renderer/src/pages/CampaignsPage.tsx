import { Megaphone, Plus } from 'lucide-react';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/EmptyState';
import { useT } from '../i18n';

export function CampaignsPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} />
      <EmptyState
        icon={Megaphone}
        testId="campaigns-empty"
        title={t('campaigns.empty.title')}
        body={t('campaigns.empty.body')}
        actions={
          <button type="button" className="button button--primary" disabled title={t('common.comingSoon')}>
            <Plus size={16} aria-hidden="true" /> {t('campaigns.new')}
          </button>
        }
      />
    </>
  );
}
