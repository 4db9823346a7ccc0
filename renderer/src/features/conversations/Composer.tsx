import { useEffect, useId, useRef, useState } from 'react';
import { MessageSquareText, Send, Sparkles } from 'lucide-react';
import type { AiUsage, ConversationDetail, QuickReply } from '../../../../shared/api/methods/conversations';
import type { AttachmentRef } from '../../../../shared/campaigns/schema';
import { api } from '../../api';
import { useNumber, useT } from '../../i18n';
import { AttachmentField } from '../messages/AttachmentField';
import { useAppStore } from '../../store/app-store';
import { QuickRepliesDialog } from './QuickRepliesDialog';
import { TemplateReplyDialog } from './TemplateReplyDialog';
import { windowLeft, windowText } from './service-window';
import { replyOutcome } from './reply-outcome';
import { newClientKey } from './who';

/**
 * The reply box: text, an attachment (the text goes as its caption), a quick reply filled in for
 * this contact, the number to answer through, Enviar (or Ctrl+Enter). One client key per
 * message, kept until the core accepted it, so a retry after a dropped connection never sends
 * twice. "Sugerir resposta" shows the plan's AI use where it is limited (the trial).
 */
export function Composer(props: { detail: ConversationDetail; onSent(): void }) {
  const { detail, onSent } = props;
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const num = useNumber();
  const [text, setText] = useState('');
  const [attachment, setAttachment] = useState<AttachmentRef | null>(null);
  const [usage, setUsage] = useState<AiUsage | null>(null);
  const [numberId, setNumberId] = useState<number | null>(detail.numbers[0]?.id ?? null);
  const [sending, setSending] = useState(false);
  const [quick, setQuick] = useState<QuickReply[]>([]);
  const [managing, setManaging] = useState(false);
  const key = useRef(newClientKey());
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const [templating, setTemplating] = useState(false);
  // Cloud API numbers: the 24-hour window ticks in the box; outside it only a template goes.
  const [clock, setClock] = useState(() => Date.now());
  const chosenNumber = detail.numbers.find((n) => n.id === numberId) ?? detail.numbers[0];
  const cloudWindow = chosenNumber?.serviceWindow ?? null;
  useEffect(() => {
    if (!cloudWindow) return;
    const timer = setInterval(() => setClock(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [cloudWindow]);
  const left = cloudWindow ? windowLeft(cloudWindow.closesAt, clock) : null;
  const windowClosed = cloudWindow !== null && left === null;

  const [suggesting, setSuggesting] = useState(false);
  const [fromAi, setFromAi] = useState(false);
  // A draft the assistant left (mode "sugerir") fills an empty box; a person reviews and sends it.
  useEffect(() => {
    if (detail.suggestion) {
      setText((prev) => {
        if (prev.trim()) return prev;
        setFromAi(true);
        return detail.suggestion!;
      });
    }
  }, [detail.suggestion]);
  const loadUsage = () =>
    void api.assistant
      .usage()
      .then(setUsage)
      .catch(() => setUsage(null));
  // The assistant may have used the AI meanwhile (an automatic answer, a draft): read it again then.
  useEffect(loadUsage, [detail.items.length, detail.suggestion]);
  const aiExhausted = usage !== null && usage.counted && usage.today >= usage.limit;

  const suggest = async () => {
    setSuggesting(true);
    try {
      const { text: draft } = await api.conversations.suggest({ id: detail.id });
      setText(draft);
      setFromAi(true);
      boxRef.current?.focus();
    } catch (err) {
      reportError(err);
    } finally {
      setSuggesting(false);
      loadUsage();
    }
  };

  const loadQuick = () =>
    void api.quickReplies
      .list()
      .then(setQuick)
      .catch(() => {});
  useEffect(loadQuick, []);

  useEffect(() => {
    if (numberId === null || !detail.numbers.some((n) => n.id === numberId)) setNumberId(detail.numbers[0]?.id ?? null);
  }, [detail.numbers, numberId]);

  const insertQuick = async (quickReplyId: number) => {
    try {
      const { text: filled } = await api.conversations.renderQuickReply({ id: detail.id, quickReplyId });
      setText((prev) => (prev.trim() ? `${prev.trimEnd()}\n${filled}` : filled));
      boxRef.current?.focus();
    } catch (err) {
      reportError(err);
    }
  };

  const send = async () => {
    if (sending || (!text.trim() && !attachment) || numberId === null) return;
    setSending(true);
    try {
      const item = await api.conversations.send({ id: detail.id, clientKey: key.current, text, numberId, ...(attachment ? { attachment } : {}), ...(fromAi ? { aiDraft: true } : {}) });
      // The core took this key: another Enviar is another message.
      key.current = newClientKey();
      const outcome = replyOutcome(item);
      if (outcome === 'notSent') {
        // Nothing left the computer: the text and the file stay in the box for another try.
        notify('error', t('conv.reply.notSent'));
      } else {
        setText('');
        setAttachment(null);
        setFromAi(false);
        // Uncertain: the box is cleared so a resend is a deliberate choice, after checking the phone.
        notify(outcome === 'uncertain' ? 'error' : 'success', t(outcome === 'uncertain' ? 'conv.reply.uncertain' : 'conv.reply.sent'));
      }
      onSent();
    } catch (err) {
      reportError(err);
    } finally {
      setSending(false);
    }
  };

  if (detail.numbers.length === 0) {
    return (
      <div className="banner banner--info thread__blocked" role="note">
        {t('conv.reply.noNumber')}
      </div>
    );
  }

  const windowBar = cloudWindow ? (
    <div className={`banner ${windowClosed ? 'banner--warning' : 'banner--info'} composer__window`} data-testid="service-window">
      {/* Read once when it changes (closed), not every tick: role status on the closed text only. */}
      {left ? (
        <p title={t('conv.window.help')}>{windowText(left, t)}</p>
      ) : (
        <p role="status">{t('conv.window.closed')}</p>
      )}
      <button type="button" className={`button ${windowClosed ? 'button--primary' : 'button--secondary'} button--small`} disabled={detail.blockedReason !== null} onClick={() => setTemplating(true)}>
        {t('conv.template.open')}
      </button>
    </div>
  ) : null;
  // Which number answers (the Simulator always labelled as such); offered open or closed window.
  const numberPicker =
    detail.numbers.length > 1 ? (
      <label className="composer__number">
        <span>{t('conv.reply.number')}</span>
        <select value={numberId ?? ''} onChange={(e) => setNumberId(Number(e.target.value))}>
          {detail.numbers.map((n) => (
            <option key={n.id} value={n.id}>
              {n.connected ? n.label : t('conv.reply.disconnected', { label: n.label })}
              {n.simulated ? ` (${t('results.simulated')})` : ''}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  const templateDialog =
    templating && chosenNumber ? <TemplateReplyDialog conversationId={detail.id} numberId={chosenNumber.id} onClose={() => setTemplating(false)} onSent={onSent} /> : null;

  if (windowClosed) {
    return (
      <>
        {windowBar}
        {numberPicker}
        {templateDialog}
      </>
    );
  }

  return (
    <>
    {windowBar}
    <form
      className="composer"
      data-testid="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="composer__tools">
        <label className="composer__quick">
          <span className="visually-hidden">{t('conv.quick.insert')}</span>
          <select
            value=""
            aria-label={t('conv.quick.insert')}
            disabled={quick.length === 0}
            onChange={(e) => {
              if (e.target.value) void insertQuick(Number(e.target.value));
            }}
          >
            <option value="">{quick.length ? t('conv.quick.choose') : t('conv.quick.none')}</option>
            {quick.map((q) => (
              <option key={q.id} value={q.id}>
                {q.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--secondary button--small" onClick={() => setManaging(true)}>
          <MessageSquareText size={14} aria-hidden="true" /> {t('conv.quick.manage')}
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={suggesting || detail.blockedReason !== null || aiExhausted}
          aria-describedby={usage?.counted && (usage.trial || aiExhausted) ? `${hintId}-ai` : undefined}
          onClick={() => void suggest()}
        >
          <Sparkles size={14} aria-hidden="true" /> {suggesting ? t('assistant.suggesting') : t('assistant.suggest')}
        </button>
        {usage?.counted && (usage.trial || aiExhausted) ? (
          <span className="composer__ai-usage field__help" id={`${hintId}-ai`} data-testid="composer-ai-usage">
            {t(aiExhausted ? 'assistant.usage.short.reached' : 'assistant.usage.short.trial', { today: num(usage.today), limit: usage.limit })}
          </span>
        ) : null}
        {numberPicker}
      </div>
      <label className="visually-hidden" htmlFor={`${hintId}-box`}>
        {t('conv.reply.label')}
      </label>
      <textarea
        id={`${hintId}-box`}
        ref={boxRef}
        className="composer__box"
        rows={3}
        maxLength={4000}
        value={text}
        placeholder={t('conv.reply.placeholder')}
        aria-describedby={hintId}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) setFromAi(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <div className="composer__attachment" role="group" aria-label={t('conv.reply.attachment')}>
        <AttachmentField value={attachment} onChange={setAttachment} label={t('conv.reply.attach')} disabled={sending} />
      </div>
      <div className="composer__foot">
        <p className="composer__hint" id={hintId}>
          {fromAi ? <strong data-testid="composer-ai-note">{t('assistant.draftNote')} </strong> : null}
          {t('conv.reply.capNote')}
        </p>
        <button type="submit" className="button button--primary" disabled={sending || (!text.trim() && !attachment)}>
          <Send size={15} aria-hidden="true" /> {t(sending ? 'conv.reply.sending' : 'conv.reply.send')}
        </button>
      </div>
    </form>
      {templateDialog}
      {managing ? (
        <QuickRepliesDialog
          onClose={() => {
            setManaging(false);
            loadQuick();
          }}
        />
      ) : null}
    </>
  );
}
