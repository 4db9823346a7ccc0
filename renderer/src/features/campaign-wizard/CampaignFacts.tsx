import { useMemo } from 'react';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import type { AudiencePreview } from '../../../../shared/api/methods/campaign-run';
import { templateMetrics } from '../../../../shared/template/metrics';
import { optOutFooter } from '../../../../shared/template/opt-out';
import { useNumber, useT, type MessageKey } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import { CloudCostFacts } from './CloudCostFacts';
import { batchPauseSummary } from './batch-pause';
import { ReviewGroups } from './ReviewGroups';
import { useAudiencePreview } from './use-audience-preview';
import { windowSummary } from './window-summary';

/**
 * A campaign at a glance: who receives it (after opt-outs and the other exclusions), the
 * messages, the numbers, when and at what pace. The wizard's review shows it, and so does a draft's
 * page before "Iniciar campanha".
 */
export function CampaignFacts(props: {
  draft: CampaignDraft;
  numbers: NumberView[] | null;
  campaignId: number;
  /** The audience preview when the caller already has it (null while loading); else read here. */
  reach?: AudiencePreview | null;
}) {
  const { draft, numbers, campaignId } = props;
  const t = useT();
  const num = useNumber();
  const time = useDisplayTime();
  const own = useAudiencePreview(props.reach === undefined ? draft.audience : null);
  const reach = props.reach === undefined ? own : props.reach;
  const m = draft.messages;
  const filled = m.variations.filter((v) => v.text.trim() || v.attachment || v.location);
  const combinations = useMemo(() => filled.reduce((n, v) => n + (v.text.trim() ? templateMetrics(v.text).combinations : 0), 0), [filled]);
  const s = draft.schedule;
  const chosen = (numbers ?? []).filter((n) => draft.numberIds.includes(n.id));
  const leftOut = reach ? leftOutParts(reach, draft.audience.frequencyCapDays, t, num) : [];

  return (
    <dl className="facts">
      <dt>{t('wizard.review.name')}</dt>
      <dd>{draft.name}</dd>
      <dt>{t('wizard.review.audience')}</dt>
      {draft.audience.groups ? (
        <dd data-testid="review-groups">
          <ReviewGroups draft={draft} numbers={numbers} />
        </dd>
      ) : (
        <dd data-testid="review-audience">
          {reach ? <strong data-testid="review-reach">{t('wizard.review.reach', { n: num(reach.final) })}</strong> : null}
          {reach ? ' · ' : ''}
          {draft.audience.listIds.length ? t('wizard.review.lists', { n: draft.audience.listIds.length }) : t('wizard.review.noLists')}
          {draft.audience.tagIds?.length ? ` + ${t('wizard.review.tags', { n: draft.audience.tagIds.length })}` : ''}
          {leftOut.length ? <span className="facts__note">{t('wizard.review.leftOut', { parts: leftOut.join(', ') })}</span> : null}
        </dd>
      )}
      <dt>{t('wizard.review.messages')}</dt>
      <dd>{t('wizard.review.variations', { n: filled.length, combos: num(combinations) })}</dd>
      <dt>{t('wizard.review.attachments')}</dt>
      <dd>{m.variations.filter((v) => v.attachment || v.location).length}</dd>
      <dt>{t('wizard.review.optOut')}</dt>
      <dd>{draft.audience.groups ? t('groupCampaign.review.optOut') : optOutFooter(m.optOut) || t('wizard.review.off')}</dd>
      <dt>{t('wizard.review.numbers')}</dt>
      <dd data-testid="review-numbers">
        {chosen.length ? (
          <ul className="facts__list">
            {chosen.map((n) => (
              <li key={n.id}>
                {n.label}{' '}
                {n.simulated ? <span className="badge number-badge--simulated">{t('numbers.simulated')}</span> : null}{' '}
                <span className={`badge number-state number-state--${n.status}`}>{t(`whatsapp.state.${n.status}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        ) : (
          t('wizard.review.noNumbers')
        )}
      </dd>
      <dt>{t('wizard.review.window')}</dt>
      <dd>{windowSummary(s, t)}</dd>
      <dt>{t('wizard.review.start')}</dt>
      <dd>{s.startAt === null ? t('wizard.schedule.now') : time.format(s.startAt, true)}</dd>
      <dt>{t('wizard.review.pacing')}</dt>
      <dd>{t('wizard.review.pacingValue', { min: draft.pacing.minDelaySec, max: draft.pacing.maxDelaySec })}</dd>
      <dt>{t('wizard.review.batch')}</dt>
      <dd data-testid="review-batch">{batchPauseSummary(draft.pacing, t)}</dd>
      {draft.channel !== 'cloud' && draft.fallback ? (
        <>
          <dt>{t('wizard.review.fallback')}</dt>
          <dd data-testid="review-fallback">
            {t('wizard.review.fallback.value', { name: draft.fallback.template.template.name, number: (numbers ?? []).find((n) => n.id === draft.fallback!.template.numberId)?.label ?? '?', minutes: draft.fallback.graceMinutes })}
          </dd>
        </>
      ) : null}
      <CloudCostFacts draft={draft} campaignId={campaignId} />
  </dl>
  );
}

/** "1 descadastrado, 2 números inválidos…": who the lists hold but the campaign leaves out. */
function leftOutParts(p: AudiencePreview, days: number, t: ReturnType<typeof useT>, num: ReturnType<typeof useNumber>): string[] {
  const parts: string[] = [];
  if (p.optedOut > 0) parts.push(t('wizard.review.leftOut.optedOut', { n: num(p.optedOut) }));
  if (p.invalid > 0) parts.push(t('wizard.review.leftOut.invalid', { n: num(p.invalid) }));
  if (p.recentlyMessaged > 0) parts.push(t('wizard.review.leftOut.recent', { n: num(p.recentlyMessaged), days }));
  return parts;
}
