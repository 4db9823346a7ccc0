import { useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { useT } from '../i18n';
import { RepliesInbox } from '../features/results';
import { ConversationsView } from '../features/conversations';

/** `#/respostas`: conversations per contact (answer from Recado), or every reply as a list. */
export function RepliesPage() {
  const t = useT();
  const [tab, setTab] = useState<'conversations' | 'all'>('conversations');
  return (
    <>
      <PageHeader title={t('replies.title')} subtitle={t('replies.subtitle')} />
      <div className="tabs" role="group" aria-label={t('replies.tabs')}>
        {(['conversations', 'all'] as const).map((id) => (
          <button key={id} type="button" className={`chip${tab === id ? ' is-active' : ''}`} aria-pressed={tab === id} onClick={() => setTab(id)}>
            {t(id === 'conversations' ? 'replies.tab.conversations' : 'replies.tab.all')}
          </button>
        ))}
      </div>
      {tab === 'conversations' ? <ConversationsView /> : <RepliesInbox />}
    </>
  );
}
