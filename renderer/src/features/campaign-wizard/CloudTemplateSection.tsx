import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { CloudTemplatePreview, TemplateView } from '../../../../shared/api/methods/cloud';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { DEFAULT_FALLBACK_GRACE_MINUTES, type CampaignTemplate } from '../../../../shared/cloud/campaign-schema';
import type { CampaignAudience } from '../../../../shared/campaigns/schema';
import { chooseTemplate, templateBlock } from '../../../../shared/cloud/template-choice';
import { fillTemplate, headerMediaKind, templateSlots, type SlotSource, type TemplateComponent, type TemplateSlot } from '../../../../shared/cloud/templates';
import { api } from '../../api';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { TemplateSlotField } from '../cloud/TemplateSlotField';
import { CloudCostLine } from './CloudCostFacts';
import { CloudHeaderMediaField } from './CloudHeaderMediaField';
import { useKnownVariableKeys } from './use-review';
import type { StepProps } from './types';

const BUILTIN_FIELDS = ['primeiro_nome', 'nome', 'telefone'] as const;

/**
 * "Como a primeira mensagem sai": on a Cloud number the campaign sends an approved template. Lists
 * the account's templates (only APPROVED ones can be chosen, the others say why), maps each
 * variable to a contact field or a fixed text, and previews the filled template.
 */
export function CloudTemplateSection({ draft, onChange, numbers, campaignId }: Pick<StepProps, 'draft' | 'onChange' | 'numbers' | 'campaignId'>) {
  const t = useT();
  const cloudNumbers = useMemo(() => (numbers ?? []).filter((n) => n.kind === 'cloud'), [numbers]);
  if (cloudNumbers.length === 0) return null;
  const cloud = draft.channel === 'cloud';
  const setChannel = (channel: 'web' | 'cloud') => {
    if (channel === draft.channel) return;
    // A Cloud campaign sends only through its template's number (and has no plan B); a Web one through no Cloud number.
    if (channel === 'cloud') onChange({ channel, numberIds: draft.cloudTemplate ? [draft.cloudTemplate.numberId] : [], fallback: null });
    else onChange({ channel, numberIds: draft.numberIds.filter((id) => !cloudNumbers.some((n) => n.id === id)) });
  };
  return (
    <section className="card form-card" aria-labelledby="cloud-campaign-title" data-testid="cloud-campaign">
        <fieldset className="check-list">
          <legend className="card__title" id="cloud-campaign-title">
            {t('cloudCampaign.channel')}
          </legend>
          <label>
            <input type="radio" name="cloud-campaign-channel" checked={!cloud} onChange={() => setChannel('web')} /> {t('cloudCampaign.channel.web')}
          </label>
          <label>
            <input type="radio" name="cloud-campaign-channel" checked={cloud} onChange={() => setChannel('cloud')} /> {t('cloudCampaign.channel.cloud')}
          </label>
        </fieldset>
        {cloud ? (
          <>
            <p className="field__help">{t('cloudCampaign.channel.help')}</p>
            <TemplatePicker
              idPrefix="cloud"
              value={draft.cloudTemplate}
              onChange={(cloudTemplate) => onChange({ cloudTemplate, numberIds: [cloudTemplate.numberId] })}
              audience={draft.audience}
              cloudNumbers={cloudNumbers}
            />
            {draft.cloudTemplate ? <CloudCostLine draft={draft} campaignId={campaignId} /> : null}
          </>
        ) : null}
    </section>
  );
}

/**
 * "Se o WhatsApp Web parar": a Web campaign may name a Cloud number and an approved template for
 * the contacts still waiting when its Web numbers are restricted, logged out or down past a grace.
 */
export function CloudFallbackSection({ draft, onChange, campaignId, numbers }: Pick<StepProps, 'draft' | 'onChange' | 'campaignId' | 'numbers'>) {
  const cloudNumbers = useMemo(() => (numbers ?? []).filter((n) => n.kind === 'cloud'), [numbers]);
  if (cloudNumbers.length === 0 || draft.channel === 'cloud') return null;
  return <FallbackSection draft={draft} onChange={onChange} campaignId={campaignId} cloudNumbers={cloudNumbers} />;
}

function FallbackSection({ draft, onChange, campaignId, cloudNumbers }: Pick<StepProps, 'draft' | 'onChange' | 'campaignId'> & { cloudNumbers: NumberView[] }) {
  const t = useT();
  const graceId = useId();
  const fallback = draft.fallback;
  // The picker holds the choice until a template is picked (the draft stores only a complete fallback).
  const [open, setOpen] = useState(fallback !== null);
  const grace = fallback?.graceMinutes ?? DEFAULT_FALLBACK_GRACE_MINUTES;
  return (
    <section className="card form-card" aria-labelledby="cloud-fallback-title" data-testid="cloud-fallback">
      <h3 className="card__title" id="cloud-fallback-title">
        {t('cloudFallback.title')}
      </h3>
      <label className="check-list">
        <span>
          <input
            type="checkbox"
            checked={open}
            onChange={(e) => {
              setOpen(e.target.checked);
              if (!e.target.checked) onChange({ fallback: null });
            }}
          />{' '}
          {t('cloudFallback.enable')}
        </span>
      </label>
      {open ? (
        <>
          <p className="field__help">{t('cloudFallback.help')}</p>
          <TemplatePicker
            idPrefix="cloud-fallback"
            value={fallback?.template ?? null}
            onChange={(template) => onChange({ fallback: { template, graceMinutes: grace } })}
            audience={draft.audience}
            cloudNumbers={cloudNumbers}
          />
          <div className="field">
            <label className="field__label" htmlFor={graceId}>
              {t('cloudFallback.grace')}
            </label>
            <input
              id={graceId}
              type="number"
              min={0}
              max={1440}
              value={grace}
              disabled={!fallback}
              aria-describedby={`${graceId}-help`}
              onChange={(e) => {
                const n = Math.max(0, Math.min(1440, Math.round(Number(e.target.value) || 0)));
                if (fallback) onChange({ fallback: { ...fallback, graceMinutes: n } });
              }}
            />
            <p className="field__help" id={`${graceId}-help`}>
              {t('cloudFallback.grace.help')}
            </p>
          </div>
          {fallback ? <CloudCostLine draft={draft} campaignId={campaignId} fallback /> : null}
        </>
      ) : null}
    </section>
  );
}

function TemplatePicker({ idPrefix, value, onChange, audience, cloudNumbers }: { idPrefix: string; value: CampaignTemplate | null; onChange(v: CampaignTemplate): void; audience: CampaignAudience; cloudNumbers: NumberView[] }) {
  const t = useT();
  const errorText = useErrorText();
  const chosen = value;
  const [numberId, setNumberId] = useState<number>(chosen?.numberId ?? cloudNumbers[0].id);
  const [state, setState] = useState<{ loading: boolean; templates: TemplateView[]; offline: boolean; error: string | null }>({ loading: true, templates: [], offline: false, error: null });
  const load = useCallback(
    (refresh: boolean) => {
      setState((s) => ({ ...s, loading: true, error: null }));
      api.cloud
        .templates({ id: numberId, ...(refresh ? { refresh: true } : {}) })
        .then((r) => setState({ loading: false, templates: r.templates, offline: r.offline, error: null }))
        .catch((err: unknown) => setState({ loading: false, templates: [], offline: false, error: errorText(err, t('cloudCampaign.loading')) }));
    },
    [numberId, errorText, t],
  );
  useEffect(() => load(false), [load]);

  const pick = (tv: TemplateView) => onChange(chooseTemplate(numberId, tv, chosen?.template.id === tv.id ? (chosen.mapping as Record<string, SlotSource>) : undefined));
  const stateId = `${idPrefix}-templates-state`;

  return (
    <div className="cloud-campaign__picker">
      {cloudNumbers.length > 1 ? (
        <label className="field">
          <span className="field__label">{t('cloudCampaign.number')}</span>
          <select value={numberId} onChange={(e) => setNumberId(Number(e.target.value))}>
            {cloudNumbers.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <fieldset className="check-list" aria-describedby={stateId}>
        <legend className="field__label">{t('cloudCampaign.templates')}</legend>
        <div id={stateId}>
          {state.loading ? (
            <p className="loading" role="status">
              {t('cloudCampaign.loading')}
            </p>
          ) : state.error ? (
            <p className="inline-error" role="alert">
              {t('cloudCampaign.error', { message: state.error })}
            </p>
          ) : state.templates.length === 0 ? (
            <p className="field__help">{t('cloudCampaign.empty')}</p>
          ) : state.offline ? (
            <p className="banner banner--warning" role="status">
              {t('cloudCampaign.offline')}
            </p>
          ) : null}
        </div>
        {state.templates.map((tv) => {
          const block = templateBlock(tv.status);
          const id = `${idPrefix}-template-${tv.id}`;
          return (
            <div key={tv.id} className="number-choice" data-testid={id}>
              <input type="radio" id={id} name={`${idPrefix}-template`} disabled={block !== null} checked={chosen?.template.id === tv.id} onChange={() => pick(tv)} aria-describedby={`${id}-info`} />
              <label htmlFor={id} className="number-choice__label">
                {tv.name} <span className="number-choice__phone">({tv.language}, {tv.category.toLowerCase()})</span>
              </label>
              <span className="number-choice__info" id={`${id}-info`}>
                {block ? t(`cloudCampaign.block.${block}` as MessageKey, { status: tv.status }) : bodyOf(tv.components as TemplateComponent[])}
              </span>
            </div>
          );
        })}
        <button type="button" className="button button--secondary" onClick={() => load(true)} disabled={state.loading}>
          {t('cloudCampaign.refresh')}
        </button>
      </fieldset>
      {chosen && chosen.numberId === numberId ? <MappingEditor idPrefix={idPrefix} value={chosen} audience={audience} onChange={onChange} /> : null}
    </div>
  );
}

function bodyOf(components: TemplateComponent[]): string {
  return components.find((c) => String(c.type).toUpperCase() === 'BODY')?.text ?? '';
}

function MappingEditor({ idPrefix, value, audience, onChange }: { idPrefix: string; value: CampaignTemplate; audience: CampaignAudience; onChange(v: CampaignTemplate): void }) {
  const t = useT();
  const known = useKnownVariableKeys(audience.listIds);
  const leads = useLeadPreview(value, audience);
  const fields = useMemo(() => [...new Set<string>([...BUILTIN_FIELDS, ...(known ?? [])])], [known]);
  const spec = { components: value.template.components as unknown as TemplateComponent[] };
  const slots = templateSlots(spec);
  const mediaKind = headerMediaKind(spec);
  const mapping = value.mapping as Record<string, SlotSource>;
  const set = (key: string, src: SlotSource | null) => {
    const next = { ...mapping };
    if (src) next[key] = src;
    else delete next[key];
    onChange({ ...value, mapping: next as CampaignTemplate['mapping'] });
  };
  const fieldLabel = (f: string) => ((BUILTIN_FIELDS as readonly string[]).includes(f) ? t(`cloudCampaign.field.${f}` as MessageKey) : f);
  const previewValues = Object.fromEntries(slots.map((s) => [s.key, previewValue(s, mapping[s.key], fieldLabel)]));
  const filled = fillTemplate(spec, previewValues);
  const unmapped = slots.some((s) => !mapping[s.key] || (mapping[s.key].kind === 'text' && !(mapping[s.key] as { value: string }).value.trim()));
  return (
    <div className="cloud-campaign__mapping">
      <h4 className="field__label">{t('cloudCampaign.mapping')}</h4>
      {slots.length === 0 ? <p className="field__help">{t('cloudCampaign.mapping.none')}</p> : null}
      {slots.map((slot) => (
        <TemplateSlotField key={slot.key} slot={slot} source={mapping[slot.key]} fields={fields} fieldLabel={fieldLabel} idPrefix={idPrefix} onChange={(src) => set(slot.key, src)} />
      ))}
      {unmapped ? (
        <p className="inline-error" role="alert">
          {t('cloudCampaign.unmapped')}
        </p>
      ) : null}
      {mediaKind ? <CloudHeaderMediaField kind={mediaKind} value={value.headerMedia} onChange={(headerMedia) => onChange({ ...value, headerMedia })} /> : null}
      <figure className="cloud-campaign__preview" aria-labelledby={`${idPrefix}-preview-title`}>
        <figcaption id={`${idPrefix}-preview-title`} className="field__label">
          {t('cloudCampaign.preview')}
        </figcaption>
        {leads ? (
          <>
            {leads.contacts.map((c, i) => (
              <div key={`${c.phone}-${i}`} className="cloud-campaign__lead" data-testid={i === 0 ? `${idPrefix}-template-preview` : `${idPrefix}-template-preview-${i}`}>
                <p className="field__label">{t('cloudCampaign.preview.for', { name: c.name })}</p>
                <p style={{ whiteSpace: 'pre-wrap' }}>{c.text}</p>
                {c.buttons.length ? <p className="field__help">{c.buttons.map((b) => `[${b}]`).join(' ')}</p> : null}
                {c.problems.map((p) => (
                  <p key={p} className="inline-error">
                    {p}
                  </p>
                ))}
              </div>
            ))}
            <p className="field__help">{leads.sample ? t('cloudCampaign.preview.sample') : t('cloudCampaign.preview.help')}</p>
          </>
        ) : (
          <>
            <p data-testid={`${idPrefix}-template-preview`} style={{ whiteSpace: 'pre-wrap' }}>
              {filled.previewText}
            </p>
            {filled.buttons.length ? <p className="field__help">{filled.buttons.map((b) => `[${b.text}]`).join(' ')}</p> : null}
          </>
        )}
      </figure>
    </div>
  );
}

/** The template filled with the first contacts of the audience (refreshed as the mapping changes). */
function useLeadPreview(value: CampaignTemplate, audience: CampaignAudience): CloudTemplatePreview | null {
  const [preview, setPreview] = useState<CloudTemplatePreview | null>(null);
  const key = JSON.stringify([value.template.id, value.mapping, audience.listIds, audience.tagIds ?? [], audience.frequencyCapDays]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.cloud
        .previewTemplate({ template: value, audience, limit: 3 })
        .then((r) => live && setPreview(r))
        .catch(() => live && setPreview(null));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` is the content of value and audience: objects rebuilt on each render must not refetch.
  }, [key]);
  return preview;
}

function previewValue(slot: TemplateSlot, src: SlotSource | undefined, fieldLabel: (f: string) => string): string {
  if (!src) return `{{${slot.name}}}`;
  if (src.kind === 'text') return src.value || `{{${slot.name}}}`;
  return `[${fieldLabel(src.field)}]`;
}
