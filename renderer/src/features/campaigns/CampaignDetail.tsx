import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Copy, Pause, Pencil, Play, RotateCcw, Send, XCircle } from 'lucide-react';
import type { CampaignRunState } from '../../../../shared/api/methods/campaign-run';
import { api } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { pauseText, useNumber, useT, waitText, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { apiKey, useApiQuery, useReportedError } from '../../data';
import { CampaignFacts, editCampaignHash, useAudiencePreview } from '../campaign-wizard';
import { useNumbers } from '../numbers/use-numbers';
import { DeliveriesTable } from './DeliveriesTable';
import { startQuestion } from './start-question';
import { CampaignResultsPanel } from '../results';
import { CampaignStatusBadge } from './StatusBadge';
import { TestSendDialog } from './TestSendDialog';
import { funnelOf, progressOf } from '../../../../shared/results';
import { useDisplayTime } from '../../lib/use-display-time';

type Counters = CampaignRunState['counters'];

const isNotFound = (err: unknown) => (err as { code?: string } | null)?.code === 'campaigns.not_found';

/** The Resumo figures, as every screen counts them (Enviadas/Entregues/Lidas are cumulative). */
const TOTALS: Array<{ key: string; label: MessageKey; value: (c: Counters) => number }> = [
  { key: 'total', label: 'campaigns.totals.total', value: (c) => c.total },
  { key: 'queued', label: 'campaigns.totals.queued', value: (c) => c.queued + c.sending },
  { key: 'sent', label: 'campaigns.totals.sent', value: (c) => funnelOf(c).sent },
  { key: 'delivered', label: 'campaigns.totals.delivered', value: (c) => funnelOf(c).delivered },
  { key: 'read', label: 'campaigns.totals.read', value: (c) => funnelOf(c).read },
  { key: 'replied', label: 'campaigns.totals.replied', value: (c) => c.replied },
  { key: 'failed', label: 'campaigns.totals.failed', value: (c) => c.failed },
  { key: 'invalid', label: 'campaigns.totals.invalid', value: (c) => c.invalid },
  { key: 'skipped', label: 'campaigns.totals.skipped', value: (c) => c.skipped },
  { key: 'cancelled', label: 'campaigns.totals.cancelled', value: (c) => c.cancelled },
  { key: 'uncertain', label: 'campaigns.totals.uncertain', value: (c) => c.uncertain },
];

/** `#/campanhas/<id>`: start, pause, resume, cancel, clone, resend failures, test send, totals and deliveries. */
export function CampaignDetail(props: { id: number }) {
  const t = useT();
  const num = useNumber();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [confirm, confirmDialog] = useConfirm();
  const time = useDisplayTime();
  const [busy, setBusy] = useState(false);
  const [testing, setTesting] = useState(false);
  const { id } = props;
  const queryClient = useQueryClient();
  // Both kept live by the event table (campaigns.changed, campaigns.progress).
  const runState = useApiQuery('campaigns.runState', { id });
  const campaign = useApiQuery('campaigns.get', { id });
  const missing = isNotFound(runState.error) || isNotFound(campaign.error);
  useReportedError(runState.error, isNotFound);
  useReportedError(campaign.error, isNotFound);
  const state = runState.data && campaign.data ? runState.data : null;
  const draft = campaign.data?.draft ?? null;
  const numberIds = draft?.numberIds ?? [];
  const toGroups = !!draft?.audience.groups;
  const isDraft = runState.data?.status === 'draft';
  const { numbers } = useNumbers();
  // Who a draft reaches: its summary and the question before starting say it.
  const reach = useAudiencePreview(isDraft ? draft?.audience : null);
  // The answer to start/pause/… is the new state: shown at once; the event then reads the rest.
  const show = (s: CampaignRunState) => queryClient.setQueryData(apiKey('campaigns.runState', { id }), s);

  const run = async (fn: () => Promise<CampaignRunState | void>, toast: MessageKey | null) => {
    setBusy(true);
    try {
      const next = await fn();
      if (next) show(next);
      if (toast) notify('success', t(toast), { subject: `campaign.${id}` });
    } catch (err) {
      reportError(err, { subject: `campaign.${id}` });
    } finally {
      setBusy(false);
    }
  };

  if (missing) return <p role="alert">{t('campaigns.detail.notFound')}</p>;
  if (!state) {
    return (
      <p className="loading" role="status">
        {t('campaigns.detail.loading')}
      </p>
    );
  }

  const c = state.counters;
  const active = state.status === 'running' || state.status === 'scheduled';
  const resendable = c.failed + c.uncertain;
  const cancel = async () => {
    const ok = await confirm({ title: t('campaigns.confirm.cancel.title'), body: t('campaigns.confirm.cancel.body'), confirmLabel: t('campaigns.confirm.cancel.ok'), cancelLabel: t('campaigns.confirm.cancel.keep'), danger: true });
    if (ok) await run(() => api.campaigns.cancel({ id }), 'campaigns.toast.cancelled');
  };
  const resend = async () => {
    const ok = await confirm({ title: t('campaigns.confirm.resend.title', { n: resendable }), body: t('campaigns.confirm.resend.body'), confirmLabel: t('campaigns.confirm.resend.ok') });
    if (!ok) return;
    setBusy(true);
    try {
      const r = await api.campaigns.resendFailed({ id });
      show(r.state);
      notify('success', t('campaigns.toast.resent', { n: r.requeued }), { subject: `campaign.${id}` });
    } catch (err) {
      reportError(err, { subject: `campaign.${id}` });
    } finally {
      setBusy(false);
    }
  };
  const start = async () => {
    if (draft) {
      // Clicked before the summary's count arrived: ask for it, the question must say it.
      const r = reach ?? (draft.audience.groups ? null : await api.campaigns.audiencePreview({ draft: { audience: draft.audience } }).catch(() => null));
      const { lines, later } = startQuestion(draft, numbers, r, { t, num, when: (ms) => time.format(ms, true) });
      const ok = await confirm({
        title: t('campaigns.confirm.start.title', { name: state.name }),
        body: (
          <div data-testid="start-confirm">
            {lines.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
        ),
        confirmLabel: t(later ? 'campaigns.confirm.start.schedule' : 'campaigns.confirm.start.ok'),
        cancelLabel: t('campaigns.confirm.start.back'),
      });
      if (!ok) return;
    }
    await run(() => api.campaigns.start({ id }), 'campaigns.toast.started');
  };
  const clone = () =>
    run(async () => {
      const copy = await api.campaigns.clone({ id });
      // The copy is a draft: it opens in the wizard to be reviewed.
      location.hash = editCampaignHash(copy.id);
    }, 'campaigns.toast.cloned');

  return (
    <div className="campaign-detail">
      <a href="#/campanhas" className="wizard__back">
        <ArrowLeft size={16} aria-hidden="true" /> {t('campaigns.detail.back')}
      </a>
      <PageHeader title={state.name} actions={<CampaignStatusBadge state={state} />} />
      {state.waiting ? (
        <p className="campaign-detail__wait" role="status">
          {waitText(language, state.waiting, (ms) => time.format(ms, true))}
        </p>
      ) : null}
      {state.status === 'paused' && state.pauseReason ? (
        <div className="banner banner--warning" role="alert">
          <div>
            <strong>
              {t(state.pauseCode === 'restored' ? 'campaigns.detail.pausedRestored' : state.pauseCode === 'journal_ahead' ? 'campaigns.detail.pausedJournal' : 'campaigns.detail.pausedAuto')}
            </strong>
            <p>{pauseText(language, state)}</p>
          </div>
        </div>
      ) : null}
      <div className="campaign-detail__actions" role="group" aria-label={t('campaigns.detail.actions')}>
        {state.status === 'draft' ? (
          <>
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void start()}>
              <Play size={16} aria-hidden="true" /> {t('campaigns.action.start')}
            </button>
            <a className="button button--secondary" href={editCampaignHash(id)}>
              <Pencil size={16} aria-hidden="true" /> {t('campaigns.action.edit')}
            </a>
          </>
        ) : null}
        {active ? (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void run(() => api.campaigns.pause({ id }), 'campaigns.toast.paused')}>
            <Pause size={16} aria-hidden="true" /> {t('campaigns.action.pause')}
          </button>
        ) : null}
        {state.status === 'paused' ? (
          <>
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void run(() => api.campaigns.resume({ id }), 'campaigns.toast.resumed')}>
              <Play size={16} aria-hidden="true" /> {t('campaigns.action.resume')}
            </button>
            <a className="button button--secondary" href={editCampaignHash(id)}>
              <Pencil size={16} aria-hidden="true" /> {t('campaigns.action.edit')}
            </a>
          </>
        ) : null}
        {resendable > 0 && state.status !== 'draft' && state.status !== 'cancelled' ? (
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void resend()}>
            <RotateCcw size={16} aria-hidden="true" /> {t('campaigns.action.resend')}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => setTesting(true)}>
          <Send size={16} aria-hidden="true" /> {t('campaigns.action.testSend')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void clone()}>
          <Copy size={16} aria-hidden="true" /> {t('campaigns.action.clone')}
        </button>
        {active || state.status === 'paused' ? (
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void cancel()}>
            <XCircle size={16} aria-hidden="true" /> {t('campaigns.action.cancel')}
          </button>
        ) : null}
      </div>
      {state.status === 'draft' && draft ? (
        <section className="card" aria-labelledby="campaign-facts-title" data-testid="campaign-draft-facts">
          <h2 className="card__title" id="campaign-facts-title">
            {t('campaigns.detail.draftFacts')}
          </h2>
          <CampaignFacts draft={draft} numbers={numbers} campaignId={id} reach={reach} />
        </section>
      ) : null}
      {c.total > 0 ? (
        <section className="card" aria-labelledby="campaign-totals-title">
          <h2 className="card__title" id="campaign-totals-title">
            {t('campaigns.totals.title')}
          </h2>
          <progress className="campaign-progress" max={c.total} value={progressOf(c).done} aria-label={t('campaigns.progress.label', { name: state.name })} />
          <dl className="campaign-totals">
            {TOTALS.map((m) => (
              <div key={m.key} className="campaign-totals__item" data-testid={`total-${m.key}`}>
                <dt>{m.key === 'total' && toGroups ? t('groupCampaign.totals.total') : t(m.label)}</dt>
                <dd>{m.value(c).toLocaleString(language)}</dd>
              </div>
            ))}
          </dl>
          {state.startedAt ? (
            <p className="field__help" data-testid="campaign-when">
              {t('campaigns.detail.startedAt', { when: time.format(state.startedAt) })}
              {state.finishedAt && (state.status === 'finished' || state.status === 'cancelled')
                ? ` · ${t(`campaigns.detail.finishedAt.${state.status}`, { when: time.format(state.finishedAt) })}`
                : ''}
              {time.note ? ` (${time.note})` : ''}
            </p>
          ) : null}
        </section>
      ) : null}
      {c.total > 0 ? <CampaignResultsPanel campaignId={id} compact /> : null}
      {c.total > 0 ? <DeliveriesTable campaignId={id} /> : null}
      <TestSendDialog open={testing} campaignId={id} numberIds={numberIds} onClose={() => setTesting(false)} />
      {confirmDialog}
    </div>
  );
}
