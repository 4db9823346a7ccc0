import { useCallback, useEffect, useMemo, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { MessagesSquare, RefreshCw, Search } from 'lucide-react';
import { conversationFilters, type ConversationFilter } from '../../../../shared/api/methods/conversations';
import { formatPhone } from '../../../../shared/phone';
import { EmptyState } from '../../components/EmptyState';
import { useApiQuery } from '../../data';
import { useErrorText, useT } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import { ThreadPane } from './ThreadPane';
import { whoOf } from './who';

const PAGE = 100;

/** The conversation id in `#/respostas/123`, if any. */
function idFromHash(): number | null {
  const m = /^#\/respostas\/(\d+)/.exec(location.hash);
  return m ? Number(m[1]) : null;
}

/**
 * Respostas as conversations: threads newest first on the left (filters, search, unread counts),
 * the open thread with its reply box on the right. The open thread follows `#/respostas/<id>`, so
 * a notification ("precisa de você") opens it directly.
 */
export function ConversationsView() {
  const t = useT();
  const errorText = useErrorText();
  const time = useDisplayTime();
  const [filter, setFilter] = useState<ConversationFilter>('open');
  const [search, setSearch] = useState('');
  const [tagId, setTagId] = useState<number | null>(null);
  const [selected, setSelected] = useState<number | null>(idFromHash);
  // Typing waits a little before the list is read again; clearing the search does not.
  const [searchNow, setSearchNow] = useState(search.trim());
  useEffect(() => {
    const timer = setTimeout(() => setSearchNow(search.trim()), search ? 200 : 0);
    return () => clearTimeout(timer);
  }, [search]);

  // The threads, read again by the event table on conversation, contact and opt-out changes. The
  // last page stays shown while another filter's page is read.
  const list = useApiQuery(
    'conversations.list',
    { filter, ...(searchNow ? { search: searchNow } : {}), ...(tagId !== null ? { tagId } : {}), limit: PAGE },
    { placeholderData: keepPreviousData },
  );
  const page = list.data ?? null;
  const error = list.error;
  const { refetch } = list;
  const load = useCallback(async () => void (await refetch()), [refetch]);

  // The label filter offers the tags that exist (read again on contacts.changed); a failed read keeps the last ones.
  const tagList = useApiQuery('tags.list', undefined).data;
  const tags = useMemo(() => (tagList ?? []).map(({ id, name }) => ({ id, name })), [tagList]);
  // A deleted tag drops the filter back to "all".
  useEffect(() => {
    if (tagList) setTagId((cur) => (cur !== null && !tagList.some((x) => x.id === cur) ? null : cur));
  }, [tagList]);

  useEffect(() => {
    const onHash = () => setSelected(idFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const open = (id: number) => {
    setSelected(id);
    const hash = `#/respostas/${id}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  };

  return (
    <div className="conversations" data-testid="conversations">
      <section className="conversations__side" aria-label={t('conv.list')}>
        <div className="conversations__filters" role="group" aria-label={t('conv.filters')}>
          {conversationFilters.map((f) => (
            <button key={f} type="button" className={`chip${filter === f ? ' is-active' : ''}`} aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {t(`conv.filter.${f}`)}
            </button>
          ))}
        </div>
        {tags.length ? (
          <label className="conversations__tag">
            <span>{t('convLabels.filter')}</span>
            <select aria-label={t('convLabels.filter')} value={tagId ?? ''} onChange={(e) => setTagId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">{t('convLabels.filter.all')}</option>
              {tags.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="conversations__search">
          <Search size={15} aria-hidden="true" />
          <span className="visually-hidden">{t('conv.search')}</span>
          <input type="search" value={search} placeholder={t('conv.search')} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {error && !page ? (
          <div className="banner banner--error" role="alert">
            <span>{errorText(error, t('conv.loadError'))}</span>
            <button type="button" className="button button--secondary button--small" onClick={() => void load()}>
              <RefreshCw size={14} aria-hidden="true" /> {t('conv.retry')}
            </button>
          </div>
        ) : !page ? (
          <p className="loading" role="status">
            {t('common.loading')}
          </p>
        ) : page.total === 0 ? (
          filter === 'open' && !search && tagId === null ? (
            <EmptyState icon={MessagesSquare} testId="conversations-empty" title={t('conv.empty.title')} body={t('conv.empty.body')} />
          ) : (
            <p className="conversations__none">{t('conv.empty.filtered')}</p>
          )
        ) : (
          <ul className="conversations__list" aria-label={t('conv.list')}>
            {page.rows.map((c) => {
              const who = whoOf(c, t);
              return (
                <li key={c.id}>
                  <button
                    type="button"
                    className={`conv-row${selected === c.id ? ' is-active' : ''}${c.unread ? ' conv-row--unread' : ''}`}
                    aria-current={selected === c.id ? 'true' : undefined}
                    data-testid="conversation"
                    data-conversation-id={c.id}
                    onClick={() => open(c.id)}
                  >
                    <span className="conv-row__head">
                      <strong className="conv-row__who">{who}</strong>
                      <time className="conv-row__time" dateTime={new Date(c.lastAt).toISOString()}>
                        {time.format(c.lastAt)}
                      </time>
                    </span>
                    {c.name && c.phone ? <span className="conv-row__phone">{formatPhone(c.phone)}</span> : null}
                    <span className="conv-row__preview">
                      {c.lastDirection === 'out' ? t('conv.you') : ''}
                      {c.lastPreview}
                    </span>
                    <span className="conv-row__badges">
                      {c.unread ? <span className="unread-badge">{t('conv.unreadBadge', { n: c.unread })}</span> : null}
                      {c.isNew ? <span className="results-badge">{t('conv.newContact')}</span> : null}
                      {c.needsHuman ? <span className="results-badge results-badge--warn">{t('conv.needsHuman')}</span> : null}
                      {c.optedOut ? <span className="results-badge results-badge--optout">{t('conv.optedOut')}</span> : null}
                      {c.status === 'done' ? <span className="results-badge results-badge--muted">{t('conv.done')}</span> : null}
                      {c.tags.map((x) => (
                        <span key={`tag-${x.id}`} className="results-badge results-badge--muted">
                          {x.name}
                        </span>
                      ))}
                      {c.simulated ? <span className="results-badge results-badge--simulated">{t('results.simulated')}</span> : null}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="conversations__main">
        {selected !== null ? <ThreadPane key={selected} id={selected} onChanged={() => void load()} /> : <p className="conversations__pick">{t('conv.pick')}</p>}
      </section>
    </div>
  );
}
