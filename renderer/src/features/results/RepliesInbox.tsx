import { useCallback, useMemo, useState } from 'react';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { ExternalLink, Handshake, Inbox, MessageCircleReply, RefreshCw, UserX } from 'lucide-react';
import type { ReplyRow } from '../../../../shared/api/methods/results';
import type { MethodOutput } from '../../../../shared/api/contract';
import { formatPhone } from '../../../../shared/phone';
import { api } from '../../api';
import { apiKey, useApiQuery } from '../../data';
import { Field } from '../../components/Field';
import { EmptyState } from '../../components/EmptyState';
import { useErrorText, useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatCount } from './format';
import { useDisplayTime } from '../../lib/use-display-time';
import { SimulatedBadge } from './SimulatedBadge';
import { formatReais } from '../../../../shared/results/money';
import { useDealValue } from './DealValueDialog';

const PAGE = 25;

type ReplyPage = MethodOutput<'replies.list'>;

interface Option {
  id: number;
  label: string;
  simulated?: boolean;
}

/** Every reply, newest first, filterable by campaign and number; "negócio fechado" and a WhatsApp link on each. */
export function RepliesInbox() {
  const t = useT();
  const errorText = useErrorText();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const [askValue, valueDialog] = useDealValue();
  const time = useDisplayTime();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [campaignId, setCampaignId] = useState<number | null>(null);
  const [numberId, setNumberId] = useState<number | null>(null);
  const [offset, setOffset] = useState(0);
  const [busy, setBusy] = useState<number | null>(null);
  const client = useQueryClient();

  // New replies and deals show up at once: the event table reads the page again on results
  // (not delivery) and opt-out changes. The last page stays shown while another is read.
  const input = useMemo(() => ({ ...(campaignId ? { campaignId } : {}), ...(numberId ? { numberId } : {}), offset, limit: PAGE }), [campaignId, numberId, offset]);
  const query = useApiQuery('replies.list', input, { placeholderData: keepPreviousData });
  const page = query.data ?? null;
  const error = query.error;
  const { refetch } = query;
  const load = useCallback(async () => void (await refetch()), [refetch]);
  const setPage = (update: (p: ReplyPage) => ReplyPage) => client.setQueryData(apiKey('replies.list', input), (p: ReplyPage | undefined) => (p ? update(p) : p));

  // The filters follow new campaigns and numbers (campaigns.changed, numbers.changed); a failed read keeps the last ones.
  const campaignList = useApiQuery('campaigns.list', undefined).data;
  const numberList = useApiQuery('numbers.list', undefined).data;
  const campaigns = useMemo<Option[]>(() => (campaignList ?? []).filter((c) => c.status !== 'draft').map((c) => ({ id: c.id, label: c.name })), [campaignList]);
  const numbers = useMemo<Option[]>(() => (numberList ?? []).map((n) => ({ id: n.id, label: n.label, simulated: n.simulated })), [numberList]);

  const toggleDeal = async (row: ReplyRow) => {
    // Closing asks the value first (optional); undoing does not.
    let valueCents: number | null = null;
    if (!row.dealClosed) {
      const answer = await askValue();
      if (!answer) return;
      valueCents = answer.valueCents;
    }
    setBusy(row.id);
    try {
      const out = row.dealClosed ? await api.deals.remove({ inboundId: row.id }) : await api.deals.add({ inboundId: row.id, ...(valueCents !== null ? { valueCents } : {}) });
      setPage((p) => ({ ...p, rows: p.rows.map((r) => (r.id === row.id ? { ...r, dealClosed: out.dealClosed, dealValueCents: out.dealClosed ? valueCents : null } : r)) }));
      notify('success', out.dealClosed && valueCents !== null ? t('deals.addedValue', { value: formatReais(valueCents, language) }) : t(out.dealClosed ? 'deals.added' : 'deals.removed'));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(null);
    }
  };

  const filtered = campaignId !== null || numberId !== null;
  const from = page && page.total ? offset + 1 : 0;
  const to = page ? Math.min(offset + PAGE, page.total) : 0;

  return (
    <div className="replies" data-testid="replies-inbox">
      <div className="replies__filters" role="group" aria-label={t('replies.filters')}>
        <Field label={t('replies.filter.campaign')}>
          <select
            value={campaignId ?? ''}
            onChange={(e) => {
              setCampaignId(e.target.value ? Number(e.target.value) : null);
              setOffset(0);
            }}
          >
            <option value="">{t('replies.filter.allCampaigns')}</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('replies.filter.number')}>
          <select
            value={numberId ?? ''}
            onChange={(e) => {
              setNumberId(e.target.value ? Number(e.target.value) : null);
              setOffset(0);
            }}
          >
            <option value="">{t('replies.filter.allNumbers')}</option>
            {numbers.map((n) => (
              <option key={n.id} value={n.id}>
                {n.simulated ? `${n.label} (${t('results.simulated')})` : n.label}
              </option>
            ))}
          </select>
        </Field>
      </div>

      {error && !page ? (
        <div className="banner banner--error" role="alert">
          <span>{errorText(error, t('results.loadError'))}</span>
          <button type="button" className="button button--secondary button--small" onClick={() => void load()}>
            <RefreshCw size={14} aria-hidden="true" /> {t('results.retry')}
          </button>
        </div>
      ) : !page ? (
        <p className="loading" role="status">
          {t('results.loading')}
        </p>
      ) : page.total === 0 ? (
        <EmptyState icon={Inbox} testId="replies-empty" title={t(filtered ? 'replies.empty.filtered.title' : 'replies.empty.title')} body={t(filtered ? 'replies.empty.filtered.body' : 'replies.empty.body')} />
      ) : (
        <>
          <p className="replies__count" role="status">
            {t('replies.showing', { from: formatCount(from, language), to: formatCount(to, language), total: formatCount(page.total, language) })}
            {time.note ? ` · ${time.note}` : ''}
          </p>
          <ol className="replies__list" aria-label={t('replies.list')}>
            {page.rows.map((r) => {
              const who = r.name ?? (r.phone ? formatPhone(r.phone) : t('replies.unknown'));
              return (
                <li key={r.id} className={`reply${r.dealClosed ? ' reply--deal' : ''}${r.optOut ? ' reply--optout' : ''}`} data-testid="reply" data-reply-id={r.id}>
                  <div className="reply__head">
                    <strong className="reply__who">{who}</strong>
                    {r.name && r.phone ? <span className="reply__phone">{formatPhone(r.phone)}</span> : null}
                    <time className="reply__time" dateTime={new Date(r.at).toISOString()}>
                      {time.format(r.at)}
                    </time>
                  </div>
                  <p className="reply__text">
                    <MessageCircleReply size={15} aria-hidden="true" /> {r.text}
                  </p>
                  {r.prompt ? (
                    <blockquote className="reply__prompt">
                      <span className="reply__prompt-label">{t('replies.prompt')}</span> {r.prompt}
                    </blockquote>
                  ) : null}
                  <div className="reply__meta">
                    {r.campaignName ? <span className="results-badge">{r.campaignName}</span> : <span className="results-badge results-badge--muted">{t('replies.noCampaign')}</span>}
                    {r.numberLabel ? <span className="results-badge results-badge--muted">{r.numberLabel}</span> : null}
                    {r.simulated ? <SimulatedBadge /> : null}
                    {r.optOut ? (
                      <span className="results-badge results-badge--optout">
                        <UserX size={13} aria-hidden="true" /> {t('replies.optOut')}
                      </span>
                    ) : null}
                    {r.dealClosed ? (
                      <span className="results-badge results-badge--deal">
                        <Handshake size={13} aria-hidden="true" />{' '}
                        {r.dealValueCents !== null ? t('deals.valueBadge', { value: formatReais(r.dealValueCents, language) }) : t('replies.dealClosed')}
                      </span>
                    ) : null}
                  </div>
                  <div className="reply__actions">
                    <button type="button" className={`button button--small ${r.dealClosed ? 'button--secondary' : 'button--primary'}`} aria-pressed={r.dealClosed} disabled={busy === r.id} onClick={() => void toggleDeal(r)}>
                      <Handshake size={14} aria-hidden="true" /> {t(r.dealClosed ? 'replies.undoDeal' : 'replies.markDeal')}
                    </button>
                    {r.waLink ? (
                      <a className="button button--secondary button--small results-link-button" href={r.waLink} target="_blank" rel="noopener noreferrer">
                        <ExternalLink size={14} aria-hidden="true" /> {t('replies.openWhatsApp')}
                        <span className="visually-hidden"> {t('replies.with', { who })}</span>
                      </a>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ol>
          {page.total > PAGE ? (
            <nav className="replies__pager" aria-label={t('replies.pages')}>
              <button type="button" className="button button--secondary button--small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('replies.prev')}
              </button>
              <button type="button" className="button button--secondary button--small" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
                {t('replies.next')}
              </button>
            </nav>
          ) : null}
        </>
      )}
      {valueDialog}
    </div>
  );
}
