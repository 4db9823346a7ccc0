import { useEffect, useState } from 'react';
import { AlertTriangle } from 'lucide-react';
import { PageHeader } from '../components/PageHeader';
import { Field } from '../components/Field';
import { useAppStore } from '../store/app-store';
import { translate, useT, type MessageKey } from '../i18n';
import { languages, type Language } from '../../../shared/settings/schema';
import { LicenseSection } from '../features/license';
import { AiSettings } from '../features/ai/AiSettings';
import { DataSection } from '../features/data';
import { WebhooksSection } from '../features/webhooks/WebhooksSection';
import { AssistantSettings } from '../features/assistant/AssistantSettings';
import { CloudPricingSettings } from '../features/cloud/CloudPricingSettings';
import { useNumbers } from '../features/numbers/use-numbers';

const TIME_ZONES = [
  'America/Sao_Paulo', 'America/Bahia', 'America/Fortaleza', 'America/Recife', 'America/Belem', 'America/Manaus',
  'America/Cuiaba', 'America/Campo_Grande', 'America/Porto_Velho', 'America/Boa_Vista', 'America/Rio_Branco', 'America/Noronha',
  'Europe/Lisbon', 'America/New_York', 'UTC',
];
const COUNTRIES = ['BR', 'PT', 'US', 'AR', 'PY', 'UY'];

export function SettingsPage() {
  const t = useT();
  const settings = useAppStore((s) => s.settings);
  const info = useAppStore((s) => s.info);
  const update = useAppStore((s) => s.updateSettings);
  const notify = useAppStore((s) => s.notify);
  const [businessName, setBusinessName] = useState('');
  const { numbers } = useNumbers();
  const hasCloud = (numbers ?? []).some((n) => n.kind === 'cloud');

  useEffect(() => {
    if (settings) setBusinessName(settings.businessName);
  }, [settings?.businessName]);

  if (!settings) return <p className="loading">{t('common.loading')}</p>;

  const save = async (patch: Parameters<typeof update>[0]) => {
    // A new language confirms in that language, not in the one being left.
    if (await update(patch)) notify('success', patch.language ? translate(patch.language, 'settings.saved') : t('settings.saved'), { subject: 'settings' });
  };

  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      {info?.secretStorage.warning ? (
        <div className="banner banner--warning" role="alert">
          <AlertTriangle size={18} aria-hidden="true" />
          <span>{info.secretStorage.warning}</span>
        </div>
      ) : null}
      <section className="card form-card" aria-labelledby="settings-general">
        <h2 className="card__title" id="settings-general">
          {t('settings.general')}
        </h2>
        <Field label={t('settings.language')} help={t('settings.language.help')}>
          <select data-testid="settings-language" value={settings.language} onChange={(e) => void save({ language: e.target.value as Language })}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('settings.businessName')} help={t('settings.businessName.help')}>
          <input
            data-testid="settings-business-name"
            value={businessName}
            maxLength={120}
            placeholder={t('settings.businessName.placeholder')}
            onChange={(e) => setBusinessName(e.target.value)}
            onBlur={() => businessName !== settings.businessName && void save({ businessName })}
            onKeyDown={(e) => e.key === 'Enter' && businessName !== settings.businessName && void save({ businessName })}
          />
        </Field>
        <Field label={t('settings.timeZone')} help={t('settings.timeZone.help')}>
          <select data-testid="settings-timezone" value={settings.timeZone} onChange={(e) => void save({ timeZone: e.target.value })}>
            {(TIME_ZONES.includes(settings.timeZone) ? TIME_ZONES : [settings.timeZone, ...TIME_ZONES]).map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('settings.defaultCountry')} help={t('settings.defaultCountry.help')}>
          <select value={settings.defaultCountry} onChange={(e) => void save({ defaultCountry: e.target.value })}>
            {COUNTRIES.map((c) => (
              <option key={c} value={c}>
                {new Intl.DisplayNames([settings.language], { type: 'region' }).of(c) ?? c}
              </option>
            ))}
          </select>
        </Field>
      </section>
      <LicenseSection />
      <section className="card form-card" aria-labelledby="settings-privacy">
        <h2 className="card__title" id="settings-privacy">
          {t('settings.privacy')}
        </h2>
        <div className="toggle-row">
          <input
            type="checkbox"
            id="settings-diagnostics"
            checked={settings.diagnostics}
            onChange={(e) => void save({ diagnostics: e.target.checked })}
            aria-describedby="settings-diagnostics-help"
          />
          <div>
            <label htmlFor="settings-diagnostics" className="field__label">
              {t('settings.diagnostics')}
            </label>
            <p className="field__help" id="settings-diagnostics-help">
              {t('settings.diagnostics.help')}
            </p>
          </div>
        </div>
      </section>
      <AiSettings />
      <AssistantSettings />
      {hasCloud ? <CloudPricingSettings /> : null}
      <WebhooksSection />
      <DataSection />
      {info ? (
        <section className="card form-card" aria-labelledby="settings-about">
          <h2 className="card__title" id="settings-about">
            {t('settings.about')}
          </h2>
          <dl className="facts">
            <dt>{t('settings.version')}</dt>
            <dd>{info.version}</dd>
            <dt>{t('settings.dataDir')}</dt>
            <dd>
              <code>{info.dataDir}</code>
            </dd>
            <dt>{t('settings.secretStorage')}</dt>
            <dd>{t(`settings.secretStorage.${info.secretStorage.kind}` as MessageKey)}</dd>
          </dl>
        </section>
      ) : null}
    </>
  );
}
