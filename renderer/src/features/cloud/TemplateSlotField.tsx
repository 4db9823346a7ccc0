import type { SlotSource, TemplateSlot } from '../../../../shared/cloud/templates';
import { useT, type MessageKey } from '../../i18n';

/**
 * One template variable and where its value comes from: a contact field (with a text for when
 * it is empty) or a fixed text. Shared by the campaign wizard and the inbox's template reply.
 */
export function TemplateSlotField(props: {
  slot: TemplateSlot;
  source: SlotSource | undefined;
  fields: readonly string[];
  fieldLabel(field: string): string;
  idPrefix: string;
  onChange(source: SlotSource | null): void;
}) {
  const { slot, source: src, fields, fieldLabel, idPrefix, onChange: set } = props;
  const t = useT();
  const label = `{{${slot.name}}}`;
  const sel = src?.kind === 'field' ? `field:${src.field}` : src?.kind === 'text' ? 'text' : '';
  return (
    <div className="field" data-testid={`${idPrefix}-slot-${slot.key}`}>
      <label className="field__label" htmlFor={`${idPrefix}-slot-${slot.key}`}>
        {t('cloudCampaign.slot', { label, component: t(`cloudCampaign.component.${slot.component}` as MessageKey) })}
      </label>
      <select
        id={`${idPrefix}-slot-${slot.key}`}
        value={sel}
        onChange={(e) => {
          const v = e.target.value;
          if (!v) set(null);
          else if (v === 'text') set({ kind: 'text', value: slot.example ?? '' });
          else set({ kind: 'field', field: v.slice(6) });
        }}
      >
        <option value="">{t('cloudCampaign.source.choose')}</option>
        {fields.map((f) => (
          <option key={f} value={`field:${f}`}>
            {fieldLabel(f)}
          </option>
        ))}
        <option value="text">{t('cloudCampaign.source.text')}</option>
      </select>
      {src?.kind === 'text' ? (
        <input type="text" aria-label={t('cloudCampaign.fixedText', { label })} value={src.value} maxLength={1000} onChange={(e) => set({ kind: 'text', value: e.target.value })} />
      ) : src?.kind === 'field' ? (
        <input
          type="text"
          aria-label={`${t('cloudCampaign.fallback')} (${label})`}
          placeholder={t('cloudCampaign.fallback')}
          value={src.fallback ?? ''}
          maxLength={200}
          onChange={(e) => set({ ...src, fallback: e.target.value || undefined })}
        />
      ) : null}
    </div>
  );
}
