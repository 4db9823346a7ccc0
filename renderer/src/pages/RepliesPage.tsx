import { PageHeader } from '../components/PageHeader';
import { useT } from '../i18n';
import { RepliesInbox } from '../features/results';

/** `#/respostas`: every reply to the campaigns, newest first. */
export function RepliesPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('replies.title')} subtitle={t('replies.subtitle')} />
      <RepliesInbox />
    </>
  );
}
