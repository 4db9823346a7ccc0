import { useCallback, useEffect, useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { FilePlus2, FileText, ImageIcon, Loader2, RefreshCw, Sparkles, Video } from 'lucide-react';
import { draftProblems, draftToGraph, draftVariables, EMPTY_TEMPLATE_DRAFT, MEDIA_HEADER_KINDS, type HeaderFormat, type TemplateDraft } from '../../../../shared/cloud/template-draft';
import { HeaderSampleField } from './HeaderSampleField';
import { api } from '../../api';
import { apiKey, useApiQuery } from '../../data';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';

const KNOWN_STATUS = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'];

/**
 * "Modelos de mensagem" on a Cloud number's card: the account's templates with Meta's review
 * status (and the reason of a rejection), kept current by the template status webhooks, and a
 * form to write one by hand (text, image, video or document header) and submit it for review.
 */
export function CloudTemplates({ numberId }: { numberId: number }) {
  const t = useT();
  const errorText = useErrorText();
  const titleId = useId();
  const client = useQueryClient();
  // Read again by the event table on `cloud.templatesChanged` (the template status webhooks).
  const query = useApiQuery('cloud.templates', { id: numberId });
  const [writing, setWriting] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const { refetch, dataUpdatedAt } = query;
  // A newer answer clears the last failed "Atualizar".
  useEffect(() => setRefreshError(null), [numberId, dataUpdatedAt]);
  /** Reads again; `refresh` asks Meta instead of the copy the core keeps, and writes the answer into the cache. */
  const load = useCallback(
    (refresh: boolean) => {
      setRefreshError(null);
      if (!refresh) return void refetch();
      setRefreshing(true);
      api.cloud
        .templates({ id: numberId, refresh: true })
        .then((r) => client.setQueryData(apiKey('cloud.templates', { id: numberId }), r))
        .catch((err: unknown) => setRefreshError(err))
        .finally(() => setRefreshing(false));
    },
    [client, numberId, refetch],
  );
  const loading = query.isFetching || refreshing;
  const failure = refreshError ?? query.error;
  // As before: a read under way hides the last error.
  const state = { loading, list: query.data?.templates ?? [], error: failure && !loading ? errorText(failure, t('cloudTpl.loading')) : null };

  return (
    <section className="cloud-templates" aria-labelledby={titleId} data-testid={`cloud-templates-${numberId}`}>
      <h4 id={titleId}>{t('cloud.panel.templates')}</h4>
      {state.loading && state.list.length === 0 ? <p className="loading" role="status">{t('cloudTpl.loading')}</p> : null}
      {state.error ? (
        <p className="inline-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {!state.loading && !state.error && state.list.length === 0 ? <p className="muted">{t('cloudTpl.empty')}</p> : null}
      <ul className="cloud-templates__list">
        {state.list.map((tv) => (
          <li key={tv.id} data-testid={`cloud-tpl-${tv.name}`}>
            <strong>{tv.name}</strong> <span className="muted">({tv.language}, {tv.category.toLowerCase()})</span> ·{' '}
            <span data-testid={`cloud-tpl-status-${tv.name}`}>
              {KNOWN_STATUS.includes(tv.status) ? t(`cloudTpl.status.${tv.status}` as MessageKey) : t('cloudTpl.status.other', { status: tv.status })}
              {tv.rejectedReason && tv.rejectedReason !== 'NONE' ? ` · ${t('cloudTpl.reason', { reason: tv.rejectedReason })}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <div className="number-item__actions">
        <button type="button" className="button button--secondary" onClick={() => load(true)} disabled={state.loading}>
          {state.loading ? <Loader2 size={16} className="wa-spin" aria-hidden="true" /> : <RefreshCw size={16} aria-hidden="true" />} {t('cloudTpl.refresh')}
        </button>
        {writing ? null : (
          <button type="button" className="button button--secondary" onClick={() => setWriting(true)}>
            <FilePlus2 size={16} aria-hidden="true" /> {t('cloudTpl.write')}
          </button>
        )}
      </div>
      {writing ? (
        <TemplateForm
          numberId={numberId}
          onDone={(sent) => {
            setWriting(false);
            if (sent) load(false);
          }}
        />
      ) : null}
    </section>
  );
}

function TemplateForm({ numberId, onDone }: { numberId: number; onDone(sent: boolean): void }) {
  const t = useT();
  const errorText = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const id = useId();
  const [d, setD] = useState<TemplateDraft>({ ...EMPTY_TEMPLATE_DRAFT, buttons: ['', '', ''] });
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<TemplateDraft>) => setD((x) => ({ ...x, ...patch }));
  const urlButton = d.urlButton ?? { text: '', url: '', example: '' };
  const phoneButton = d.phoneButton ?? { text: '', phone: '' };
  const setUrl = (patch: Partial<typeof urlButton>) => set({ urlButton: { ...urlButton, ...patch } });
  const setPhone = (patch: Partial<typeof phoneButton>) => set({ phoneButton: { ...phoneButton, ...patch } });
  const problems = draftProblems(d);
  const blocking = problems.filter((p) => !p.warning);
  const problemOf = (field: string) => (tried ? problems.find((p) => p.field === field && !p.warning)?.message : undefined);
  const submit = async () => {
    setTried(true);
    setError(null);
    if (blocking.length) return;
    setBusy(true);
    try {
      await api.cloud.submitTemplate({ id: numberId, ...draftToGraph(d) });
      notify('success', t('cloudTpl.form.sent'), { subject: `number.${numberId}` });
      onDone(true);
    } catch (err) {
      setError(errorText(err, t('cloudTpl.form.submit')));
    } finally {
      setBusy(false);
    }
  };
  const field = (key: string, label: string, input: React.JSX.Element, help?: string) => {
    const problem = problemOf(key);
    return (
      <div className="field">
        <label className="field__label" htmlFor={`${id}-${key}`}>
          {label}
        </label>
        {input}
        {help ? <p className="field__help">{help}</p> : null}
        {problem ? (
          <p className="inline-error" role="alert">
            {problem}
          </p>
        ) : null}
      </div>
    );
  };
  const warning = problems.find((p) => p.warning);
  // Left out: a text header when one is typed (the AI draft fills it), none otherwise.
  const headerFormat: HeaderFormat = d.headerFormat ?? (d.header.trim() ? 'TEXT' : 'NONE');
  const mediaKind = MEDIA_HEADER_KINDS[headerFormat];
  return (
    <form
      className="form-card cloud-templates__form"
      aria-label={t('cloudTpl.form.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h5>{t('cloudTpl.form.title')}</h5>
      {field('name', t('cloudTpl.form.name'), <input id={`${id}-name`} value={d.name} maxLength={512} onChange={(e) => set({ name: e.target.value })} />, t('cloudTpl.form.name.help'))}
      {field(
        'category',
        t('cloudTpl.form.category'),
        <select id={`${id}-category`} value={d.category} onChange={(e) => set({ category: e.target.value as TemplateDraft['category'] })}>
          {(['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const).map((c) => (
            <option key={c} value={c}>
              {t(`cloudTpl.form.category.${c}` as MessageKey)}
            </option>
          ))}
        </select>,
      )}
      <AiDraft
        numberId={numberId}
        category={d.category}
        onDraft={(r) => set({ header: r.header, body: r.body, footer: r.footer, examples: { ...d.examples, ...r.examples } })}
      />
      {warning ? (
        <p className="banner banner--warning" role="status" data-testid="cloud-tpl-warning">
          {warning.message}
        </p>
      ) : null}
      {field(
        'headerFormat',
        t('cloudTpl.form.headerType'),
        <select id={`${id}-headerFormat`} value={headerFormat} onChange={(e) => set({ headerFormat: e.target.value as HeaderFormat })}>
          {HEADER_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`cloudTpl.form.headerType.${f}` as MessageKey)}
            </option>
          ))}
        </select>,
      )}
      {headerFormat === 'TEXT' ? field('header', t('cloudTpl.form.header'), <input id={`${id}-header`} value={d.header} maxLength={60} onChange={(e) => set({ header: e.target.value })} />) : null}
      {mediaKind ? <HeaderSampleField key={mediaKind} kind={mediaKind} value={d.headerSample ?? null} problem={problemOf('headerSample')} onChange={(headerSample) => set({ headerSample })} /> : null}
      {field('body', t('cloudTpl.form.body'), <textarea id={`${id}-body`} rows={4} value={d.body} maxLength={1100} onChange={(e) => set({ body: e.target.value })} />, t('cloudTpl.form.body.help'))}
      {draftVariables(d).map((v) =>
        field(
          `example.${v}`,
          t('cloudTpl.form.example', { label: `{{${v}}}` }),
          <input id={`${id}-example.${v}`} value={d.examples[v] ?? ''} maxLength={200} onChange={(e) => set({ examples: { ...d.examples, [v]: e.target.value } })} />,
        ),
      )}
      {field('footer', t('cloudTpl.form.footer'), <input id={`${id}-footer`} value={d.footer} maxLength={60} onChange={(e) => set({ footer: e.target.value })} />)}
      {d.buttons.map((b, i) => (
        <div className="field" key={i}>
          <label className="field__label" htmlFor={`${id}-button-${i}`}>
            {t('cloudTpl.form.button', { n: i + 1 })}
          </label>
          <input id={`${id}-button-${i}`} value={b} maxLength={25} onChange={(e) => set({ buttons: d.buttons.map((x, j) => (j === i ? e.target.value : x)) })} />
        </div>
      ))}
      {problemOf('buttons') ? (
        <p className="inline-error" role="alert">
          {problemOf('buttons')}
        </p>
      ) : null}
      <fieldset className="cloud-templates__cta">
        <legend>{t('cloudTpl.form.urlButton')}</legend>
        {field('urlButton', t('cloudTpl.form.urlButton.text'), <input id={`${id}-urlButton`} value={urlButton.text} maxLength={25} onChange={(e) => setUrl({ text: e.target.value })} />)}
        {field('urlButton.url', t('cloudTpl.form.urlButton.url'), <input id={`${id}-urlButton.url`} type="url" inputMode="url" value={urlButton.url} maxLength={2000} placeholder="https://" onChange={(e) => setUrl({ url: e.target.value })} />, t('cloudTpl.form.urlButton.url.help'))}
        {/\{\{\s*1\s*\}\}\s*$/.test(urlButton.url)
          ? field('urlButton.example', t('cloudTpl.form.urlButton.example'), <input id={`${id}-urlButton.example`} value={urlButton.example} maxLength={200} onChange={(e) => setUrl({ example: e.target.value })} />)
          : null}
      </fieldset>
      <fieldset className="cloud-templates__cta">
        <legend>{t('cloudTpl.form.phoneButton')}</legend>
        {field('phoneButton', t('cloudTpl.form.phoneButton.text'), <input id={`${id}-phoneButton`} value={phoneButton.text} maxLength={25} onChange={(e) => setPhone({ text: e.target.value })} />)}
        {field('phoneButton.phone', t('cloudTpl.form.phoneButton.phone'), <input id={`${id}-phoneButton.phone`} type="tel" value={phoneButton.phone} maxLength={30} placeholder="(11) 4000-1234" onChange={(e) => setPhone({ phone: e.target.value })} />)}
      </fieldset>
      <DraftPreview draft={d} headerFormat={headerFormat} />
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="number-item__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('cloudTpl.form.sending') : t('cloudTpl.form.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone(false)} disabled={busy}>
          {t('cloudTpl.form.cancel')}
        </button>
      </div>
    </form>
  );
}

const HEADER_FORMATS: HeaderFormat[] = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'];

/** The draft as the contact would see it (variables as typed); a media header shows the sample's file name. */
function DraftPreview({ draft, headerFormat }: { draft: TemplateDraft; headerFormat: HeaderFormat }) {
  const t = useT();
  const titleId = useId();
  const kind = MEDIA_HEADER_KINDS[headerFormat];
  const Icon = kind === 'video' ? Video : kind === 'image' ? ImageIcon : FileText;
  const buttons = [...draft.buttons, draft.urlButton?.text ?? '', draft.phoneButton?.text ?? ''].map((b) => b.trim()).filter(Boolean);
  return (
    <figure className="cloud-campaign__preview" aria-labelledby={titleId} data-testid="cloud-tpl-preview">
      <figcaption id={titleId} className="field__label">
        {t('cloudTpl.preview')}
      </figcaption>
      <div className="wa-bubble">
        {kind ? (
          <div className="wa-bubble__file">
            <Icon size={20} aria-hidden="true" />
            <span className="wa-bubble__file-name" data-testid="cloud-tpl-preview-file">
              {draft.headerSample?.fileName ?? t('cloudTpl.preview.noSample')}
            </span>
          </div>
        ) : null}
        {headerFormat === 'TEXT' && draft.header.trim() ? <strong className="wa-bubble__text">{draft.header.trim()}</strong> : null}
        <p className="wa-bubble__text">{draft.body}</p>
        {draft.footer.trim() ? <p className="field__help">{draft.footer.trim()}</p> : null}
      </div>
      {buttons.length ? <p className="field__help">{buttons.map((b) => `[${b}]`).join(' ')}</p> : null}
    </figure>
  );
}

/** "Escrever com IA": the copy assistant drafts header, body, footer and examples for the category. */
function AiDraft(props: { numberId: number; category: TemplateDraft['category']; onDraft(r: { header: string; body: string; footer: string; examples: Record<string, string> }): void }) {
  const t = useT();
  const errorText = useErrorText();
  const id = useId();
  const [brief, setBrief] = useState('');
  const [header, setHeader] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ problems: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const write = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.cloud.draftTemplate({ id: props.numberId, category: props.category, brief, header });
      props.onDraft(r);
      setResult({ problems: r.problems });
    } catch (err) {
      setError(errorText(err, t('cloudTpl.ai.write')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="cloud-templates__cta" data-testid="cloud-tpl-ai">
      <legend>{t('cloudTpl.ai.title')}</legend>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-brief`}>
          {t('cloudTpl.ai.brief')}
        </label>
        <textarea id={`${id}-brief`} rows={2} value={brief} maxLength={600} onChange={(e) => setBrief(e.target.value)} />
        <p className="field__help">{t('cloudTpl.ai.brief.help')}</p>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={header} onChange={(e) => setHeader(e.target.checked)} /> {t('cloudTpl.ai.header')}
      </label>
      <div className="number-item__actions">
        <button type="button" className="button button--secondary" disabled={busy || brief.trim().length < 3} onClick={() => void write()}>
          {busy ? <Loader2 size={16} className="wa-spin" aria-hidden="true" /> : <Sparkles size={16} aria-hidden="true" />} {busy ? t('cloudTpl.ai.writing') : t('cloudTpl.ai.write')}
        </button>
      </div>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      {result ? (
        <div role="status" data-testid="cloud-tpl-ai-result">
          <p className="field__help">{t('cloudTpl.ai.done')}</p>
          {result.problems.length ? (
            <div className="banner banner--warning">
              <p>{t('cloudTpl.ai.problems')}</p>
              <ul>
                {result.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
