import { useId, useMemo, useRef } from 'react';
import { AlertCircle, AlertTriangle, Loader2, Shuffle, Sparkles, Trash2, Undo2, Wand2 } from 'lucide-react';
import type { AttachmentRef, Variation } from '../../../../shared/campaigns/schema';
import type { KnownVariable } from '../../../../shared/api/methods/messages';
import { lintTemplate } from '../../../../shared/template/lint';
import { templateMetrics } from '../../../../shared/template/metrics';
import { useAppStore } from '../../store/app-store';
import { useT } from '../../i18n';
import { AttachmentField } from './AttachmentField';
import { LocationField } from './LocationField';
import type { LocationPin } from '../../../../shared/messages/location';
import { VariablePicker, insertAt } from './VariablePicker';
import { formatCount } from './format';
import type { CoverageWarning } from './variable-coverage';
import { describeLintIssue } from '../../i18n/lint-issues';

export interface VariationEditorProps {
  index: number;
  variation: Variation;
  fields: KnownVariable[];
  /** Characters the opt-out footer adds (for the length check). */
  reservedLength: number;
  /** The AI is writing this one: read-only, with a spinner. */
  busy: 'generate' | 'regenerate' | 'spintax' | null;
  /** Any AI work in progress anywhere in the editor. */
  aiRunning: boolean;
  canRemove: boolean;
  canUndo: boolean;
  /** Why the AI left this variation empty, shown until it gets a text. */
  aiNote?: string | null;
  /** Variables of this text that are empty for part of the audience. */
  coverage?: CoverageWarning[];
  /** Gives the bare uses of `key` the fallback text. */
  onApplyFallback?(key: string, fallback: string): void;
  selected: boolean;
  onText(text: string): void;
  onAttachment(attachment: AttachmentRef | null): void;
  onLocation(location: LocationPin | null): void;
  onFocus(): void;
  onRegenerate(): void;
  onSpintax(): void;
  onUndo(): void;
  onRemove(): void;
}

export function VariationEditor(props: VariationEditorProps) {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const n = props.index + 1;
  const text = props.variation.text;
  const knownKeys = useMemo(() => props.fields.map((f) => f.key), [props.fields]);
  const issues = useMemo(
    () => (text.trim() ? lintTemplate(text, { knownVariables: knownKeys, reservedLength: props.reservedLength }) : []),
    [text, knownKeys, props.reservedLength],
  );
  const metrics = useMemo(() => (text.trim() ? templateMetrics(text) : null), [text]);
  const readOnly = props.busy !== null;

  const insert = (token: string) => {
    const el = area.current;
    const { text: next, caret } = insertAt(text, el?.selectionStart ?? text.length, el?.selectionEnd ?? text.length, token);
    props.onText(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const errors = issues.filter((i) => i.severity === 'error').length;
  return (
    <article
      className={`variation card${props.selected ? ' is-selected' : ''}`}
      aria-labelledby={`${id}-title`}
      data-testid={`variation-${n}`}
    >
      <header className="variation__header">
        <h3 className="variation__title" id={`${id}-title`}>
          {t('msg.variation.title', { n })}
          {props.busy ? <Loader2 size={16} className="spin" aria-label={t('msg.variation.aiWriting')} /> : null}
        </h3>
        <div className="variation__tools">
          <VariablePicker id={`${id}-vars`} fields={props.fields} onPick={insert} disabled={readOnly} />
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={props.onRegenerate}
            disabled={props.aiRunning}
            aria-label={t('msg.variation.regenerate.aria', { n })}
            title={t('msg.variation.regenerate.title')}
          >
            <Sparkles size={14} aria-hidden="true" /> {t('msg.variation.regenerate')}
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={props.onSpintax}
            disabled={props.aiRunning || !text.trim()}
            aria-label={t('msg.variation.spintax.aria', { n })}
          >
            <Wand2 size={14} aria-hidden="true" /> {t('msg.variation.spintax')}
          </button>
          {props.canUndo ? (
            <button type="button" className="button button--secondary button--small" onClick={props.onUndo} disabled={props.aiRunning}>
              <Undo2 size={14} aria-hidden="true" /> {t('msg.variation.undo')}
            </button>
          ) : null}
          {props.canRemove ? (
            <button
              type="button"
              className="icon-button variation__remove"
              onClick={props.onRemove}
              disabled={props.aiRunning}
              aria-label={t('msg.variation.remove', { n })}
            >
              <Trash2 size={16} aria-hidden="true" />
            </button>
          ) : null}
        </div>
      </header>
      {props.aiNote ? (
        <p className="banner banner--warning variation__ai-note" role="status" id={`${id}-ai-note`}>
          <AlertTriangle size={16} aria-hidden="true" /> <span>{props.aiNote}</span>
        </p>
      ) : null}
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {t('msg.variation.label', { n })}
      </label>
      <textarea
        ref={area}
        id={`${id}-text`}
        className="variation__text"
        rows={5}
        value={text}
        readOnly={readOnly}
        aria-busy={readOnly}
        aria-invalid={errors > 0}
        aria-describedby={`${props.aiNote ? `${id}-ai-note ` : ''}${id}-issues ${id}-coverage ${id}-metrics`}
        placeholder={t('msg.variation.placeholder')}
        onFocus={props.onFocus}
        onChange={(e) => props.onText(e.target.value)}
      />
      <div id={`${id}-metrics`} className="variation__metrics">
        {metrics ? (
          <span>
            <Shuffle size={13} aria-hidden="true" />{' '}
            {metrics.combinations === 1 ? t('msg.metrics.one') : t('msg.metrics.many', { n: formatCount(metrics.combinations, language) })}
          </span>
        ) : null}
        {metrics && metrics.combinations > 1 && metrics.tooSimilar ? <span className="variation__warn">{t('msg.metrics.optionsAlike')}</span> : null}
        <span className="variation__length">{t('msg.metrics.length', { n: text.length.toLocaleString(language) })}</span>
      </div>
      <ul id={`${id}-issues`} className="lint-list" aria-label={t('msg.lint.label', { n })}>
        {issues.map((issue, k) => (
          <li key={`${issue.code}-${issue.start}-${k}`} className={`lint-list__item lint-list__item--${issue.severity}`}>
            {issue.severity === 'error' ? <AlertCircle size={14} aria-hidden="true" /> : <AlertTriangle size={14} aria-hidden="true" />}
            <span>
              <strong>{issue.severity === 'error' ? t('msg.lint.error') : t('msg.lint.warning')}:</strong> {describeLintIssue(language, issue, text, knownKeys)}
            </span>
          </li>
        ))}
      </ul>
      <ul id={`${id}-coverage`} className="lint-list" aria-label={t('msg.coverage.label', { n })}>
        {(props.coverage ?? []).map((w) => {
          const variable = `{${w.name}}`;
          const fix = w.fallback ? `{${w.name}:${w.fallback}}` : null;
          return (
            <li key={w.key} className="lint-list__item lint-list__item--warning lint-list__item--coverage">
              <AlertTriangle size={14} aria-hidden="true" />
              <span>
                {w.total === 1 ? t('msg.coverage.emptyOne', { variable }) : t('msg.coverage.empty', { variable, empty: w.empty.toLocaleString(language), total: w.total.toLocaleString(language) })}{' '}
                {fix ? t('msg.coverage.suggest', { fix }) : t('msg.coverage.suggestGeneric', { example: `{${w.name}:…}` })}
              </span>
              {fix && props.onApplyFallback ? (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={readOnly}
                  aria-label={t('msg.coverage.fix.aria', { fix, n })}
                  onClick={() => props.onApplyFallback?.(w.key, w.fallback!)}
                >
                  {t('msg.coverage.fix', { fix })}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {/* A variation carries a file or a map pin, never both (the schema refuses both). */}
      {props.variation.location ? null : (
        <AttachmentField value={props.variation.attachment} onChange={props.onAttachment} label={t('msg.attachment.add')} disabled={readOnly} />
      )}
      {props.variation.attachment ? null : <LocationField value={props.variation.location ?? null} onChange={props.onLocation} disabled={readOnly} />}
    </article>
  );
}
