import { useEffect, useMemo, useRef, useState } from 'react';
import { AlertTriangle, Plus } from 'lucide-react';
import { MAX_VARIATIONS, type AiBrief, type AttachmentRef, type CampaignMessages, type Variation } from '../../../../shared/campaigns/schema';
import { templateMetrics, variationsSimilarity } from '../../../../shared/template/metrics';
import { DEFAULT_OPT_OUT_TEXT, optOutLength } from '../../../../shared/template/opt-out';
import { useConfirm } from '../../components/ConfirmDialog';
import { useAppStore } from '../../store/app-store';
import { rawErrorMessage, useErrorText, useT } from '../../i18n';
import { AiPanel } from '../ai/AiPanel';
import { generateVariations, regenerateVariation, toSpintax, type AiJob } from '../ai/ai-jobs';
import { gapNote, gapSummary, type AiGapInfo } from '../ai/ai-gaps';
import { VariationEditor } from './VariationEditor';
import { WhatsAppPreview } from './WhatsAppPreview';
import { formatCount, newVariationId } from './format';
import { useKnownVariables } from './use-known-variables';
import { usePreview } from './use-preview';
import { useLinkPreview } from './use-link-preview';
import { useVariableCoverage } from './use-variable-coverage';
import { applyFallback, coverageWarnings } from './variable-coverage';

export interface MessageEditorProps {
  value: CampaignMessages;
  onChange(next: CampaignMessages): void;
  /** The campaign's lists: the preview contact and the extra variables come from them. */
  listIds: number[];
  timeZone: string;
  aiBrief: AiBrief | null;
  onAiBriefChange(brief: AiBrief): void;
  campaignId?: number;
  /** The campaign goes to WhatsApp groups: no opt-out footer there (issue 19). */
  toGroups?: boolean;
}

type Busy = { kind: 'generate' | 'regenerate' | 'spintax'; indices: number[] } | null;

const STRATEGIES = ['even', 'random', 'round_robin'] as const;
const NO_OPT_OUT = { enabled: false, text: '' };

/**
 * The campaign's messages: up to 10 variations with live lint, metrics and attachments, AI
 * copy, distribution strategy, opt-out footer, and a WhatsApp-like preview with a real contact.
 */
export function MessageEditor(props: MessageEditorProps) {
  const t = useT();
  const errorText = useErrorText();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const businessName = useAppStore((s) => s.settings?.businessName ?? '');
  const notify = useAppStore((s) => s.notify);
  const [confirm, confirmDialog] = useConfirm();
  const { value, onChange } = props;
  const latest = useRef(value);
  latest.current = value;

  const [selected, setSelected] = useState(0);
  const [busy, setBusy] = useState<Busy>(null);
  const [received, setReceived] = useState(0);
  const [aiError, setAiError] = useState<string | null>(null);
  const [count, setCount] = useState(3);
  const [undo, setUndo] = useState<Record<string, string>>({});
  /** Variations the last AI answer left empty, by variation id, with the reason (shown until filled). */
  const [gaps, setGaps] = useState<Record<string, AiGapInfo>>({});
  /** AI text still arriving, by slot; `slots` new variations may be shown beyond the current ones. */
  const [overlay, setOverlay] = useState<{ texts: Record<number, string>; slots: number } | null>(null);
  const job = useRef<AiJob<unknown> | null>(null);

  // Stop a running job if the editor goes away (the user left the step).
  useEffect(() => () => job.current?.cancel(), []);

  const fields = useKnownVariables(props.listIds);
  const brief: AiBrief = props.aiBrief ?? { business: businessName, offer: '', tone: 'amigável', goal: '' };
  const stored = value.variations.length ? value.variations : [{ id: 'v1', text: '', attachment: null }];
  const variations: Variation[] = overlay
    ? Array.from({ length: Math.max(stored.length, overlay.slots) }, (_, k) => {
        const v = stored[k] ?? { id: `ai-${k}`, text: '', attachment: null };
        const streamed = overlay.texts[k] ?? (k < overlay.slots ? '' : undefined);
        return streamed === undefined ? v : { ...v, text: streamed };
      })
    : stored;
  const current = variations[Math.min(selected, variations.length - 1)];
  const optOut = props.toGroups ? NO_OPT_OUT : value.optOut;
  const reserved = optOutLength(optOut);

  const preview = usePreview({ template: current.text, listIds: props.listIds, timeZone: props.timeZone, optOut });
  // Of the rendered text: spintax may pick the link.
  const linkPreview = useLinkPreview(preview.preview?.text ?? '', value.linkPreview);

  const texts = variations.map((v) => v.text);
  const textsKey = texts.join('\u0000');
  const coverage = useVariableCoverage(props.listIds, texts);
  const summary = useMemo(() => {
    const filled = texts.map((text, i) => ({ text, i })).filter((x) => x.text.trim());
    const total = filled.reduce((s, x) => Math.min(Number.MAX_SAFE_INTEGER, s + templateMetrics(x.text).combinations), 0);
    const sim = variationsSimilarity(filled.map((x) => x.text));
    const alike = sim.tooSimilar.map((p) => ({ a: filled[p.a].i + 1, b: filled[p.b].i + 1, pct: Math.round(p.similarity * 100) }));
    return { total, alike, filled: filled.length };
  }, [textsKey]);

  const setVariations = (next: Variation[]) => onChange({ ...latest.current, variations: next });
  // An empty list still shows one blank variation; typing into it creates it.
  const currentVariations = () => (latest.current.variations.length ? latest.current.variations : stored);
  const updateAt = (i: number, patch: Partial<Variation>) => setVariations(currentVariations().map((v, k) => (k === i ? { ...v, ...patch } : v)));

  const addVariation = () => {
    if (variations.length >= MAX_VARIATIONS) return;
    setVariations([...variations, { id: newVariationId(), text: '', attachment: null }]);
    setSelected(variations.length);
  };

  const removeVariation = async (i: number) => {
    const v = variations[i];
    if (v.text.trim() || v.attachment || v.location) {
      const ok = await confirm({ title: t('msg.variation.removeConfirm', { n: i + 1 }), body: t('msg.variation.removeConfirm.body'), confirmLabel: t('msg.variation.removeConfirm.ok'), danger: true });
      if (!ok) return;
    }
    setVariations(currentVariations().filter((_, k) => k !== i));
    setSelected((s) => Math.max(0, Math.min(s, variations.length - 2)));
    notify('success', t('msg.variation.removed', { n: i + 1 }));
  };

  // --- AI -------------------------------------------------------------------------------------

  const target = { campaignId: props.campaignId, listIds: props.listIds };

  /** Commits `texts` into the first slots, keeping ids, attachments and any later variations. */
  const fillSlots = (base: CampaignMessages, texts: string[], n: number): CampaignMessages => {
    const slots: Variation[] = Array.from({ length: n }, (_, i) => ({
      id: base.variations[i]?.id ?? newVariationId(),
      text: texts[i] ?? '',
      attachment: base.variations[i]?.attachment ?? null,
    }));
    return { ...base, variations: [...slots, ...base.variations.slice(n)].slice(0, MAX_VARIATIONS) };
  };

  const endJob = (err: unknown) => {
    const code = (err as { code?: string }).code;
    if (code === 'ai.cancelled') notify('info', t('ai.cancelled'));
    else return errorText(err, rawErrorMessage(err));
    return null;
  };

  // Streamed text is shown as an overlay and only committed when the job succeeds: a cancel, an
  // error or leaving the page never saves half an answer, and what the user wrote stays intact.
  const generate = async () => {
    const n = Math.max(1, Math.min(MAX_VARIATIONS, count));
    const replacing = latest.current.variations.slice(0, n).filter((v) => v.text.trim()).length;
    if (replacing > 0) {
      const ok = await confirm({ title: t('ai.replace.title'), body: t('ai.replace.body', { n: replacing }), confirmLabel: t('ai.replace.ok') });
      if (!ok) return;
    }
    setAiError(null);
    setGaps({});
    setReceived(0);
    setOverlay({ texts: {}, slots: n });
    setBusy({ kind: 'generate', indices: Array.from({ length: n }, (_, i) => i) });
    const running = generateVariations({ ...target, brief, count: n }, (partial) => {
      setReceived(partial.length);
      setOverlay({ texts: { ...partial }, slots: n });
    });
    job.current = running;
    try {
      const done = await running.result;
      const next = fillSlots(latest.current, done.variations.map((v) => v.text), n);
      onChange(next);
      setSelected(0);
      const missing = (done.gaps ?? []).filter((g) => next.variations[g.index]);
      // Say which slots stayed empty and why, next to each one; nothing is left blank silently.
      setGaps(Object.fromEntries(missing.map((g) => [next.variations[g.index].id, { ...g, got: done.variations.length, requested: done.requested }])));
      if (missing.length === 0) notify('success', t('ai.done', { n: done.variations.length }));
    } catch (err) {
      setAiError(endJob(err));
    } finally {
      job.current = null;
      setOverlay(null);
      setBusy(null);
    }
  };

  const rewriteOne = async (i: number, kind: 'regenerate' | 'spintax') => {
    const before = currentVariations()[i];
    if (!before) return;
    setAiError(null);
    setBusy({ kind, indices: [i] });
    setSelected(i);
    const onPartial = (partial: string[]) => partial[0] && setOverlay({ texts: { [i]: partial[0] }, slots: 0 });
    const running =
      kind === 'regenerate'
        ? regenerateVariation({ ...target, brief, others: currentVariations().map((v) => v.text), index: i }, onPartial)
        : toSpintax({ ...target, text: before.text }, onPartial);
    job.current = running as AiJob<unknown>;
    try {
      const result = await running.result;
      const text = 'template' in result ? result.template : result.text;
      updateAt(i, { text });
      setUndo((u) => ({ ...u, [before.id]: before.text }));
      if ('combinations' in result) notify('success', t('ai.spintax.done', { n: formatCount(result.combinations, language) }));
    } catch (err) {
      // The panel may be scrolled away from this variation: a toast is seen wherever the user is.
      const message = endJob(err);
      if (message) notify('error', message);
    } finally {
      job.current = null;
      setOverlay(null);
      setBusy(null);
    }
  };

  const regenerate = async (i: number) => {
    if (!brief.business.trim() && !brief.offer.trim()) {
      notify('error', t('ai.panel.needBrief'));
      return;
    }
    await rewriteOne(i, 'regenerate');
  };

  const restore = (i: number) => {
    const v = variations[i];
    if (!(v.id in undo)) return;
    updateAt(i, { text: undo[v.id] });
    setUndo(({ [v.id]: _gone, ...rest }) => rest);
  };

  // --- render ---------------------------------------------------------------------------------

  const aiRunning = busy !== null;
  return (
    <div className="message-editor">
      <div className="message-editor__main">
        <AiPanel
          brief={brief}
          onBriefChange={props.onAiBriefChange}
          count={count}
          onCountChange={setCount}
          running={busy?.kind === 'generate'}
          received={received}
          error={aiError}
          notice={gapSummary(t, language, variations, gaps)}
          onGenerate={() => void generate()}
          onCancel={() => job.current?.cancel()}
        />

        <section className="message-editor__variations" aria-labelledby="msg-variations-title">
          <div className="message-editor__section-head">
            <h3 id="msg-variations-title" className="section-title">
              {t('msg.variations.title')}
            </h3>
            <p className="field__help">{t('msg.variations.help')}</p>
            <p className="message-editor__summary" data-testid="messages-summary">
              {summary.filled === 0
                ? t('msg.summary.empty')
                : t('msg.summary.total', { n: formatCount(summary.total, language), v: summary.filled })}
            </p>
            {summary.alike.map((p) => (
              <p key={`${p.a}-${p.b}`} className="banner banner--warning" role="status">
                <AlertTriangle size={16} aria-hidden="true" /> {t('msg.summary.alike', { a: p.a, b: p.b, pct: p.pct })}
              </p>
            ))}
          </div>
          {variations.map((v, i) => (
            <VariationEditor
              key={v.id}
              index={i}
              variation={v}
              fields={fields}
              reservedLength={reserved}
              busy={busy?.indices.includes(i) ? busy.kind : null}
              aiRunning={aiRunning}
              canRemove={variations.length > 1}
              canUndo={v.id in undo}
              aiNote={gaps[v.id] && !v.text.trim() ? gapNote(t, gaps[v.id]) : null}
              coverage={busy?.indices.includes(i) ? [] : coverageWarnings(v.text, coverage)}
              onApplyFallback={(key, fallback) => updateAt(i, { text: applyFallback(currentVariations()[i]?.text ?? v.text, key, fallback) })}
              selected={i === selected}
              onText={(text) => updateAt(i, { text })}
              onAttachment={(attachment: AttachmentRef | null) => updateAt(i, { attachment })}
              onLocation={(location) => updateAt(i, { location })}
              onFocus={() => setSelected(i)}
              onRegenerate={() => void regenerate(i)}
              onSpintax={() => void rewriteOne(i, 'spintax')}
              onUndo={() => restore(i)}
              onRemove={() => void removeVariation(i)}
            />
          ))}
          {variations.length < MAX_VARIATIONS ? (
            <button type="button" className="button button--secondary" onClick={addVariation} disabled={aiRunning}>
              <Plus size={16} aria-hidden="true" /> {t('msg.variation.add')}
            </button>
          ) : (
            <p className="field__help">{t('msg.variation.max', { n: MAX_VARIATIONS })}</p>
          )}
        </section>

        <section className="card form-card message-editor__options" aria-labelledby="msg-options-title">
          <h3 id="msg-options-title" className="card__title">
            {t('msg.options.title')}
          </h3>
          <fieldset className="radio-group">
            <legend className="field__label">{t('msg.strategy.label')}</legend>
            {STRATEGIES.map((s) => (
              <label key={s} className="radio-group__item">
                <input type="radio" name="msg-strategy" value={s} checked={value.strategy === s} onChange={() => onChange({ ...value, strategy: s })} />
                <span>
                  <strong>{t(`msg.strategy.${s}`)}</strong> <span className="field__help">{t(`msg.strategy.${s}.help`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {props.toGroups ? (
            <p className="field__help" data-testid="msg-optout-groups">
              {t('groupCampaign.optOut.none')}
            </p>
          ) : (
            <div className="toggle-row">
              <input
                type="checkbox"
                id="msg-optout"
                checked={value.optOut.enabled}
                onChange={(e) => onChange({ ...value, optOut: { ...value.optOut, enabled: e.target.checked } })}
                aria-describedby="msg-optout-help"
              />
              <div>
                <label htmlFor="msg-optout" className="field__label">
                  {t('msg.optOut.label')}
                </label>
                <p className="field__help" id="msg-optout-help">
                  {t('msg.optOut.help')}
                </p>
                {value.optOut.enabled ? (
                  <input
                    aria-label={t('msg.optOut.text')}
                    value={value.optOut.text}
                    maxLength={300}
                    placeholder={DEFAULT_OPT_OUT_TEXT}
                    onChange={(e) => onChange({ ...value, optOut: { ...value.optOut, text: e.target.value } })}
                  />
                ) : (
                  <p className="inline-warning">{t('msg.optOut.offWarning')}</p>
                )}
              </div>
            </div>
          )}
          <div className="toggle-row">
            <input
              type="checkbox"
              id="msg-link-preview"
              checked={value.linkPreview}
              onChange={(e) => onChange({ ...value, linkPreview: e.target.checked })}
              aria-describedby="msg-link-preview-help"
            />
            <div>
              <label htmlFor="msg-link-preview" className="field__label">
                {t('msg.linkPreview.label')}
              </label>
              <p className="field__help" id="msg-link-preview-help">
                {t('msg.linkPreview.help')}
              </p>
            </div>
          </div>
        </section>
      </div>

      <aside className="message-editor__side">
        <WhatsAppPreview
          text={preview.preview?.text ?? ''}
          attachment={current.attachment}
          location={current.location ?? null}
          linkPreview={linkPreview}
          contact={preview.preview?.contact ?? null}
          sample={preview.preview?.sample ?? false}
          loading={preview.loading}
          timeZone={props.timeZone}
          variationLabel={t('msg.variation.title', { n: Math.min(selected, variations.length - 1) + 1 })}
          onShuffle={preview.shuffle}
        />
        {preview.error ? (
          <p className="inline-error" role="alert">
            {preview.error}
          </p>
        ) : null}
        <p className="field__help">{t('msg.preview.help', { n: Math.min(selected, variations.length - 1) + 1 })}</p>
      </aside>
      {confirmDialog}
    </div>
  );
}
