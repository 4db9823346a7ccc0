import { useCallback, useEffect, useRef, useState } from 'react';
import { Bot, CheckCheck, RefreshCw, RotateCcw, UserCheck, UserPlus, UserX } from 'lucide-react';
import type { ConversationDetail, ThreadItem } from '../../../../shared/api/methods/conversations';
import { formatPhone } from '../../../../shared/phone';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { apiKey } from '../../data';
import { useErrorText, useT, type MessageKey, type Translate } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import type { DisplayTime } from '../../lib/time';
import { useAppStore } from '../../store/app-store';
import { Composer } from './Composer';
import { ConversationLabels } from './ConversationLabels';
import { SaveContactDialog } from './SaveContactDialog';
import { whoOf } from './who';
import type { AttachmentRef } from '../../../../shared/campaigns/schema';
import { useAttachmentInfo } from '../messages/use-attachment-info';

/** One conversation: header with its actions, the thread, and the reply box. */
export function ThreadPane(props: { id: number; onChanged(): void }) {
  const { id, onChanged } = props;
  const t = useT();
  const errorText = useErrorText();
  const time = useDisplayTime();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  // Read again by the event table when this thread (or every thread), an opt-out or a contact changes.
  const query = useQuery({
    queryKey: apiKey('conversations.get', { id }),
    queryFn: async (): Promise<ConversationDetail> => {
      const d = await api.conversations.get({ id });
      // Opening the thread (or a new message arriving while it is open) counts as reading it.
      if (d.unread > 0 && document.visibilityState === 'visible') {
        // A failed mark is not shown: the thread is, and the next read tries again.
        await api.conversations.markRead({ id }).catch(() => {});
      }
      return d;
    },
  });
  const detail = query.data ?? null;
  const error = query.error;
  const { refetch } = query;
  const load = useCallback(async () => void (await refetch()), [refetch]);
  const [busy, setBusy] = useState(false);
  const [saving, setSaving] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);

  const count = detail?.items.length ?? 0;
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  if (!detail) {
    return error ? (
      <div className="banner banner--error" role="alert">
        <span>{errorText(error, t('conv.loadError'))}</span>
        <button type="button" className="button button--secondary button--small" onClick={() => void load()}>
          <RefreshCw size={14} aria-hidden="true" /> {t('conv.retry')}
        </button>
      </div>
    ) : (
      <p className="loading" role="status">
        {t('conv.loading')}
      </p>
    );
  }

  const who = whoOf(detail, t);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      notify('success', done);
      onChanged();
      await load();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="thread" data-testid="thread" aria-label={t('conv.thread', { who })}>
      <header className="thread__head">
        <div className="thread__who">
          <h2>{who}</h2>
          <p className="thread__meta">
            {detail.name && detail.phone ? <span>{formatPhone(detail.phone)}</span> : null}
            {detail.isNew ? <span className="results-badge">{t('conv.newContact')}</span> : null}
            {detail.campaignName ? <span className="results-badge results-badge--muted">{detail.campaignName}</span> : null}
            {detail.numberLabel ? <span className="results-badge results-badge--muted">{detail.numberLabel}</span> : null}
            {detail.simulated ? <span className="results-badge results-badge--simulated">{t('results.simulated')}</span> : null}
            {detail.optedOut ? (
              <span className="results-badge results-badge--optout">
                <UserX size={13} aria-hidden="true" /> {t('conv.optedOut')}
              </span>
            ) : null}
            {detail.needsHuman ? (
              <span className="results-badge results-badge--warn" data-testid="needs-human">
                {t('conv.needsHuman')}
                {detail.handoffReason ? `: ${t(`assistant.reason.${detail.handoffReason}` as MessageKey)}` : ''}
              </span>
            ) : null}
          </p>
        </div>
        <div className="thread__actions">
          {detail.isNew && detail.phone ? (
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => setSaving(true)}>
              <UserPlus size={14} aria-hidden="true" /> {t('conv.saveContact')}
            </button>
          ) : null}
          {detail.needsHuman ? (
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void act(() => api.conversations.handoff({ id, needsHuman: false }), t('conv.tookOver'))}>
              <UserCheck size={14} aria-hidden="true" /> {t('conv.takeOver')}
            </button>
          ) : null}
          {detail.status === 'open' ? (
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void act(() => api.conversations.setDone({ id, done: true }), t('conv.markedDone'))}>
              <CheckCheck size={14} aria-hidden="true" /> {t('conv.markDone')}
            </button>
          ) : (
            <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void act(() => api.conversations.setDone({ id, done: false }), t('conv.reopened'))}>
              <RotateCcw size={14} aria-hidden="true" /> {t('conv.reopen')}
            </button>
          )}
        </div>
      </header>
      <ConversationLabels detail={detail} />

      <ol className="thread__items" ref={listRef} aria-label={t('conv.thread', { who })} tabIndex={0}>
        {detail.truncated ? <li className="thread__note">{t('conv.truncated')}</li> : null}
        {detail.items.map((item) => (
          <Bubble key={item.key} item={item} who={who} t={t} time={time} />
        ))}
      </ol>

      {detail.blockedReason ? (
        <div className="banner banner--danger thread__blocked" role="note" data-testid="reply-blocked">
          <UserX size={16} aria-hidden="true" />
          <div>
            <strong>{t('conv.blocked.title')}</strong>
            <p>{detail.blockedReason}</p>
          </div>
        </div>
      ) : !detail.phone ? (
        <div className="banner banner--info thread__blocked" role="note">
          {t('conv.noPhone')}
        </div>
      ) : (
        <Composer detail={detail} onSent={() => void load()} />
      )}
      {saving && detail.phone ? (
        <SaveContactDialog
          phone={detail.phone}
          onClose={(name) => {
            setSaving(false);
            if (name !== null) void act(() => api.conversations.saveContact({ id, ...(name ? { name } : {}) }), t('conv.saveContact.saved'));
          }}
        />
      ) : null}
    </article>
  );
}

function Bubble(props: { item: ThreadItem; who: string; t: Translate; time: DisplayTime }) {
  const { item, who, t, time } = props;
  const when = (
    <time className="bubble__time" dateTime={new Date(item.at).toISOString()}>
      {time.format(item.at)}
    </time>
  );
  if (item.kind === 'inbound') {
    return (
      <li className={`bubble bubble--in${item.optOut ? ' bubble--optout' : ''}`} data-testid="bubble-in">
        <span className="visually-hidden">{t('conv.inbound', { who })}: </span>
        <p className="bubble__text">{item.text}</p>
        <span className="bubble__foot">
          {item.optOut ? <span className="results-badge results-badge--optout">{t('conv.optOutMessage')}</span> : null}
          {when}
        </span>
      </li>
    );
  }
  const label =
    item.kind === 'campaign'
      ? `${t('conv.campaignSent', { campaign: item.campaignName })}${item.variation ? ` · ${t('conv.variation', { v: item.variation })}` : ''}`
      : t(item.origin === 'auto' ? 'conv.byAi' : 'conv.byHand');
  return (
    <li className={`bubble bubble--out bubble--${item.kind}${item.kind === 'reply' && item.origin === 'auto' ? ' bubble--auto' : ''}`} data-testid="bubble-out" data-state={item.state}>
      <span className="bubble__label">
        {item.kind === 'reply' && item.origin === 'auto' ? <Bot size={13} aria-hidden="true" /> : null}
        {label}
        {item.kind === 'reply' && item.aiDraft ? ` · ${t('conv.aiDraft')}` : null}
        {item.kind === 'reply' && item.template ? ` · ${t('conv.template.badge', { name: item.template })}` : null}
      </span>
      <p className="bubble__text">{item.text}</p>
      {item.kind === 'reply' && item.attachment ? <ReplyAttachment attachment={item.attachment} t={t} /> : null}
      {item.kind === 'reply' && item.error ? <p className="bubble__error">{item.error}</p> : null}
      <span className="bubble__foot">
        <span className={`bubble__state bubble__state--${item.state}`}>{t(`conv.state.${item.state}`)}</span>
        {item.numberLabel ? <span>{t('conv.via', { number: item.numberLabel })}</span> : null}
        {when}
      </span>
    </li>
  );
}

/** A file we sent in a reply: the picture itself for an image, its name otherwise. */
function ReplyAttachment(props: { attachment: AttachmentRef; t: Translate }) {
  const { attachment, t } = props;
  const info = useAttachmentInfo(attachment.kind === 'image' ? attachment.sha256 : null);
  return (
    <p className="bubble__attachment" data-testid="bubble-attachment">
      {info?.dataUrl ? <img src={info.dataUrl} alt={t('conv.reply.attachmentOpen', { file: attachment.fileName })} className="bubble__image" /> : null}
      <span>📎 {attachment.fileName}</span>
    </p>
  );
}
