import { useCallback, useId, useState } from 'react';
import { Copy, Plug, Send, Trash2 } from 'lucide-react';
import { webhookEvents, type WebhookDelivery, type WebhookEvent, type WebhookView } from '../../../../shared/api/methods/webhooks';
import { api } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { useApiQuery, useReportedError } from '../../data';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import { useAppStore } from '../../store/app-store';

/** Configurações → Integrações: URLs that receive Recado's events as signed JSON. */
export function WebhooksSection() {
  const t = useT();
  const errorText = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [confirm, confirmDialog] = useConfirm();
  const hooksQuery = useApiQuery('webhooks.list', undefined);
  useReportedError(hooksQuery.error);
  const hooks = hooksQuery.data ?? null;
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ id: number; value: string } | null>(null);

  // Kept fresh by the event table on `webhooks.changed`; read again at once after the user's own change.
  const { refetch } = hooksQuery;
  const load = useCallback(() => void refetch(), [refetch]);

  const remove = async (h: WebhookView) => {
    if (!(await confirm({ title: t('webhooks.remove.title'), body: t('webhooks.remove.body', { url: h.url }), confirmLabel: t('webhooks.remove.confirm'), danger: true }))) return;
    try {
      await api.webhooks.remove({ id: h.id });
      notify('success', t('webhooks.removed'));
      load();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <section className="card form-card" aria-labelledby="settings-webhooks" data-testid="webhooks">
      <h2 className="card__title" id="settings-webhooks">
        <Plug size={18} aria-hidden="true" /> {t('webhooks.title')}
      </h2>
      <p className="field__help">{t('webhooks.intro')}</p>
      {hooks === null ? <p className="loading">{t('common.loading')}</p> : hooks.length === 0 && !adding ? <p className="field__help">{t('webhooks.empty')}</p> : null}
      <ul className="webhook-list" aria-label={t('webhooks.list')}>
        {(hooks ?? []).map((h) => (
          <WebhookItem key={h.id} hook={h} secret={secret?.id === h.id ? secret.value : null} onRemove={() => void remove(h)} onChanged={load} />
        ))}
      </ul>
      {adding ? (
        <WebhookForm
          onCancel={() => setAdding(false)}
          onSave={async (input) => {
            try {
              const out = await api.webhooks.create(input);
              setSecret({ id: out.webhook.id, value: out.secret });
              setAdding(false);
              notify('success', t('webhooks.added'));
              load();
              return null;
            } catch (err) {
              return errorText(err, t('common.error'));
            }
          }}
        />
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
          <Plug size={16} aria-hidden="true" /> {t('webhooks.add')}
        </button>
      )}
      {confirmDialog}
    </section>
  );
}

function WebhookForm(props: { onCancel(): void; onSave(input: { url: string; events: WebhookEvent[]; includeContact: boolean }): Promise<string | null> }) {
  const t = useT();
  const id = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['reply.received', 'contact.opted_out']);
  const [includeContact, setIncludeContact] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="webhook-form"
      aria-label={t('webhooks.form')}
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void props.onSave({ url: url.trim(), events, includeContact }).then((err) => {
          setBusy(false);
          setError(err);
        });
      }}
    >
      <label className="field" htmlFor={`${id}-url`}>
        <span className="field__label">{t('webhooks.url')}</span>
        <input id={`${id}-url`} className="input" type="text" inputMode="url" spellCheck={false} placeholder="https://" value={url} autoFocus onChange={(e) => setUrl(e.target.value)} aria-describedby={`${id}-url-help`} />
        <span className="field__help" id={`${id}-url-help`}>
          {t('webhooks.url.help')}
        </span>
      </label>
      <fieldset className="webhook-form__events">
        <legend className="field__label">{t('webhooks.events')}</legend>
        {webhookEvents.map((ev) => (
          <label key={ev} className="checkbox">
            <input type="checkbox" checked={events.includes(ev)} onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))} />
            {t(`webhooks.event.${ev}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={includeContact} onChange={(e) => setIncludeContact(e.target.checked)} aria-describedby={`${id}-privacy`} />
        {t('webhooks.includeContact')}
      </label>
      <p className="field__help" id={`${id}-privacy`}>
        {t('webhooks.includeContact.help')}
      </p>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="webhook-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('webhooks.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {t('confirm.cancel')}
        </button>
      </div>
    </form>
  );
}

function WebhookItem(props: { hook: WebhookView; secret: string | null; onRemove(): void; onChanged(): void }) {
  const t = useT();
  const time = useDisplayTime();
  const reportError = useAppStore((s) => s.reportError);
  const notify = useAppStore((s) => s.notify);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [log, setLog] = useState<WebhookDelivery[] | null>(null);
  const h = props.hook;

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      const out = await api.webhooks.test({ id: h.id });
      setResult(out.ok ? t('webhooks.test.ok', { status: out.status ?? 0 }) : t('webhooks.test.failed', { reason: out.error ?? '' }));
      props.onChanged();
    } catch (err) {
      reportError(err);
    } finally {
      setTesting(false);
    }
  };
  const toggle = async (enabled: boolean) => {
    try {
      await api.webhooks.update({ id: h.id, patch: { enabled } });
      props.onChanged();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <li className="card webhook-item" data-testid={`webhook-${h.id}`}>
      <div className="webhook-item__head">
        <code className="webhook-item__url">{h.url}</code>
        <label className="checkbox">
          <input type="checkbox" checked={h.enabled} onChange={(e) => void toggle(e.target.checked)} />
          {t('webhooks.enabled')}
        </label>
      </div>
      <p className="field__help">
        {h.events.map((e) => t(`webhooks.event.${e}` as MessageKey)).join(' · ')}
        {' · '}
        {t(h.includeContact ? 'webhooks.withContact' : 'webhooks.withoutContact')}
      </p>
      {props.secret ? (
        <div className="banner banner--warning webhook-item__secret" role="status">
          <span>{t('webhooks.secret.once')}</span>
          <code data-testid="webhook-secret">{props.secret}</code>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => void navigator.clipboard?.writeText(props.secret!).then(() => notify('success', t('webhooks.secret.copied')), () => {})}
          >
            <Copy size={14} aria-hidden="true" /> {t('webhooks.secret.copy')}
          </button>
        </div>
      ) : null}
      <p className="webhook-item__last" data-testid="webhook-last">
        {h.last
          ? t(`webhooks.last.${h.last.state}` as MessageKey, { when: time.format(h.last.at), status: h.last.status ?? '—', error: h.last.error ?? '' })
          : t('webhooks.last.none')}
        {h.pending > 0 ? ` ${t('webhooks.pending', { n: h.pending })}` : ''}
      </p>
      {result ? (
        <p className="field__help" role="status" data-testid="webhook-test-result">
          {result}
        </p>
      ) : null}
      <div className="webhook-item__actions">
        <button type="button" className="button button--secondary button--small" disabled={testing} onClick={() => void test()}>
          <Send size={14} aria-hidden="true" /> {testing ? t('webhooks.testing') : t('webhooks.test')}
        </button>
        <details
          onToggle={(e) => {
            if ((e.target as HTMLDetailsElement).open) void api.webhooks.deliveries({ id: h.id, limit: 20 }).then(setLog, reportError);
          }}
        >
          <summary>{t('webhooks.log')}</summary>
          {log === null ? null : log.length === 0 ? (
            <p className="field__help">{t('webhooks.log.empty')}</p>
          ) : (
            <table className="results-table" data-testid="webhook-log">
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.log.event')}</th>
                  <th scope="col">{t('webhooks.log.state')}</th>
                  <th scope="col">{t('webhooks.log.attempts')}</th>
                  <th scope="col">{t('webhooks.log.when')}</th>
                </tr>
              </thead>
              <tbody>
                {log.map((d) => (
                  <tr key={d.id}>
                    <td>{d.event}</td>
                    <td title={d.lastError ?? undefined}>{t(`webhooks.state.${d.state}` as MessageKey)}{d.lastStatus ? ` (${d.lastStatus})` : ''}</td>
                    <td>{d.attempts}</td>
                    <td>{time.format(d.deliveredAt ?? d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </details>
        <button type="button" className="button button--secondary button--small" onClick={props.onRemove}>
          <Trash2 size={14} aria-hidden="true" /> {t('webhooks.remove')}
        </button>
      </div>
    </li>
  );
}
