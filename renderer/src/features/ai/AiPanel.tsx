import { useEffect, useId, useState } from 'react';
import { AlertTriangle, Loader2, Sparkles, Square } from 'lucide-react';
import { api } from '../../api';
import type { AiSettings } from '../../../../shared/api/methods/ai';
import type { AiBrief } from '../../../../shared/campaigns/schema';
import { Field } from '../../components/Field';
import { useT } from '../../i18n';

export interface AiPanelProps {
  brief: AiBrief;
  onBriefChange(brief: AiBrief): void;
  count: number;
  onCountChange(count: number): void;
  running: boolean;
  /** Messages received so far while generating. */
  received: number;
  error: string | null;
  /** What the last answer left out (which variations are empty and why), or null. */
  notice?: string | null;
  onGenerate(): void;
  onCancel(): void;
}

const TONES = ['amigável', 'profissional', 'descontraído', 'animado', 'acolhedor'];

/** "Criar com IA": the brief (remembered per campaign) and the generate/cancel controls. */
export function AiPanel(props: AiPanelProps) {
  const t = useT();
  const id = useId();
  const [open, setOpen] = useState(true);
  const [settings, setSettings] = useState<AiSettings | null>(null);

  useEffect(() => {
    api.ai
      .getConfig()
      .then(setSettings)
      .catch(() => setSettings(null));
  }, [props.running]);

  const set = (patch: Partial<AiBrief>) => props.onBriefChange({ ...props.brief, ...patch });
  const preset = settings?.presets.find((p) => p.id === settings.config.provider);
  const canGenerate = Boolean(props.brief.business.trim() || props.brief.offer.trim());

  return (
    <section className="ai-panel card" aria-labelledby={`${id}-title`}>
      <div className="ai-panel__header">
        <h3 className="ai-panel__title" id={`${id}-title`}>
          <Sparkles size={18} aria-hidden="true" /> {t('ai.panel.title')}
        </h3>
        <button type="button" className="button button--secondary button--small" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
          {open ? t('ai.panel.hide') : t('ai.panel.show')}
        </button>
      </div>
      <div id={`${id}-body`} hidden={!open} className="ai-panel__body">
        <p className="field__help">
          {settings && preset
            ? t('ai.panel.using', { provider: preset.label, model: settings.resolved.model || '—' })
            : t('ai.panel.intro')}{' '}
          <a href="#/configuracoes">{t('ai.panel.settingsLink')}</a>
        </p>
        <div className="ai-panel__grid">
          <Field label={t('ai.brief.business')} help={t('ai.brief.business.help')}>
            <input value={props.brief.business} maxLength={2000} disabled={props.running} placeholder={t('ai.brief.business.placeholder')} onChange={(e) => set({ business: e.target.value })} />
          </Field>
          <Field label={t('ai.brief.offer')} help={t('ai.brief.offer.help')}>
            <textarea rows={2} value={props.brief.offer} maxLength={2000} disabled={props.running} placeholder={t('ai.brief.offer.placeholder')} onChange={(e) => set({ offer: e.target.value })} />
          </Field>
          <Field label={t('ai.brief.tone')}>
            <input list={`${id}-tones`} value={props.brief.tone} maxLength={200} disabled={props.running} onChange={(e) => set({ tone: e.target.value })} />
          </Field>
          <datalist id={`${id}-tones`}>
            {TONES.map((tone) => (
              <option key={tone} value={tone} />
            ))}
          </datalist>
          <Field label={t('ai.brief.goal')} help={t('ai.brief.goal.help')}>
            <input value={props.brief.goal} maxLength={500} disabled={props.running} placeholder={t('ai.brief.goal.placeholder')} onChange={(e) => set({ goal: e.target.value })} />
          </Field>
          <Field label={t('ai.brief.count')}>
            <input
              type="number"
              min={1}
              max={10}
              value={props.count}
              disabled={props.running}
              onChange={(e) => props.onCountChange(Math.max(1, Math.min(10, Math.floor(Number(e.target.value) || 1))))}
            />
          </Field>
        </div>
        <div className="ai-panel__actions">
          {props.running ? (
            <>
              <span className="ai-panel__progress" role="status">
                <Loader2 size={16} className="spin" aria-hidden="true" />{' '}
                {props.received > 0 ? t('ai.panel.progress', { n: Math.min(props.received, props.count), total: props.count }) : t('ai.panel.waiting')}
              </span>
              <button type="button" className="button button--secondary" onClick={props.onCancel}>
                <Square size={14} aria-hidden="true" /> {t('ai.panel.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="button button--primary" disabled={!canGenerate} onClick={props.onGenerate}>
              <Sparkles size={16} aria-hidden="true" /> {t('ai.panel.generate')}
            </button>
          )}
          {!canGenerate && !props.running ? <span className="field__help">{t('ai.panel.needBrief')}</span> : null}
        </div>
        {props.notice && !props.running ? (
          <p className="banner banner--warning" role="status" data-testid="ai-gaps">
            <AlertTriangle size={16} aria-hidden="true" /> <span>{props.notice}</span>
          </p>
        ) : null}
        {props.error ? (
          <div className="banner banner--error" role="alert">
            <span>{props.error}</span>
          </div>
        ) : null}
      </div>
    </section>
  );
}
