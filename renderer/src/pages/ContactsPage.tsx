import { Upload, Users } from 'lucide-react';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/EmptyState';
import { useT } from '../i18n';

export function ContactsPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('contacts.title')} subtitle={t('contacts.subtitle')} />
      <EmptyState
        icon={Users}
        testId="contacts-empty"
        title={t('contacts.empty.title')}
        body={t('contacts.empty.body')}
        actions={
          <button type="button" className="button button--primary" disabled title={t('common.comingSoon')}>
            <Upload size={16} aria-hidden="true" /> {t('contacts.import')}
          </button>
        }
      />
    </>
  );
}
