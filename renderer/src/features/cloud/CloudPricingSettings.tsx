import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Receipt } from 'lucide-react';
import { PRICING_CATEGORIES, formatBrl, rateTableProblems, type PricingCategory, type RateTable } from '../../../../shared/cloud/pricing';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { useConfirm } from '../../components/ConfirmDialog';
import { apiKey, useApiQuery, useReportedError } from '../../data';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import './cloud.css';
import { CloudSpendingText } from './CloudSpending';

interface FormState {
  effectiveFrom: string;
  /** As typed ("0,3375"): parsed on save. */
  rates: Record<PricingCategory, string>;
  source: string;
  graphVersion: string;
}

const toText = (n: number) => String(n).replace('.', ',');
const toNumber = (s: string) => Number(s.trim().replace(/\./g, '').replace(',', '.'));

function formOf(table: RateTable, graphVersion: string): FormState {
  return {
    effectiveFrom: table.effectiveFrom,
    rates: Object.fromEntries(PRICING_CATEGORIES.map((c) => [c, toText(table.rates[c])])) as Record<PricingCategory, string>,
    source: table.source,
    graphVersion,
  };
}

/**
 * Configurações → API oficial: the dated price table every Cloud cost estimate and billed figure
 * uses (Meta publishes rates in US$ and changes them; the user keeps them in step with the
 * invoice), and the Graph API version. Shown once there is an official-API number.
 */
export function CloudPricingSettings() {
  const t = useT();
  const errorText = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const queryClient = useQueryClient();
  const [confirm, confirmDialog] = useConfirm();
  const settings = useApiQuery('cloud.settings', undefined);
  useReportedError(settings.error);
  const data = settings.data;
  const [form, setForm] = useState<FormState | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (data) setForm(formOf(data.rateTable, data.graphVersion));
  }, [data]);

  if (!data || !form) {
    return (
      <section className="card form-card" aria-labelledby="settings-cloud-pricing">
        <h2 className="card__title" id="settings-cloud-pricing">
          <Receipt size={18} aria-hidden="true" /> {t('cloud.pricing.title')}
        </h2>
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      </section>
    );
  }

  const apply = async (patch: { rateTable: RateTable | null; graphVersion: string | null }, done: MessageKey) => {
    setBusy(true);
    try {
      const out = await api.cloud.updateSettings(patch);
      queryClient.setQueryData(apiKey('cloud.settings'), out);
      // Estimates and billed figures are computed with the table: read them again.
      void queryClient.invalidateQueries();
      setProblems([]);
      notify('success', t(done));
    } catch (err) {
      setProblems([errorText(err, t('common.error'))]);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const table: RateTable = {
      effectiveFrom: form.effectiveFrom,
      currency: 'BRL',
      rates: Object.fromEntries(PRICING_CATEGORIES.map((c) => [c, toNumber(form.rates[c])])) as Record<PricingCategory, number>,
      source: form.source.trim() || data.rateTable.source,
      editedAt: Date.now(),
    };
    const found = rateTableProblems(table);
    if (found.length) {
      setProblems(found);
      return;
    }
    await apply({ rateTable: table, graphVersion: form.graphVersion.trim() === data.defaultGraphVersion ? null : form.graphVersion.trim() }, 'cloud.pricing.saved');
  };

  const restore = async () => {
    const ok = await confirm({
      title: t('cloud.pricing.restore.title'),
      body: t('cloud.pricing.restore.body', { date: data.defaultRateTable.effectiveFrom.split('-').reverse().join('/') }),
      confirmLabel: t('cloud.pricing.restore.confirm'),
    });
    if (ok) await apply({ rateTable: null, graphVersion: null }, 'cloud.pricing.restored');
  };

  const set = (patch: Partial<FormState>) => setForm({ ...form, ...patch });
  const edited = data.rateTable.editedAt !== null;

  return (
    <section className="card form-card" aria-labelledby="settings-cloud-pricing" data-testid="cloud-pricing">
      <h2 className="card__title" id="settings-cloud-pricing">
        <Receipt size={18} aria-hidden="true" /> {t('cloud.pricing.title')}
      </h2>
      <p className="field__help">{t('cloud.pricing.intro')}</p>
      <p data-testid="cloud-spending">
        <CloudSpendingText />
      </p>
      <p className="field__help" data-testid="cloud-pricing-origin">
        {edited ? t('cloud.pricing.edited', { date: new Date(data.rateTable.editedAt!).toLocaleDateString('pt-BR') }) : t('cloud.pricing.default')}
      </p>
      <form
        className="cloud-pricing__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label={t('cloud.pricing.effectiveFrom')}>
          <input type="date" required value={form.effectiveFrom} onChange={(e) => set({ effectiveFrom: e.target.value })} />
        </Field>
        <div className="cloud-pricing__rates">
          {PRICING_CATEGORIES.map((c) => (
            <Field key={c} label={t(`cloud.pricing.rate.${c}` as MessageKey)} help={t('cloud.pricing.rate.help', { value: formatBrl(toNumber(form.rates[c]) || 0, { perMessage: true }) })}>
              <input inputMode="decimal" value={form.rates[c]} onChange={(e) => set({ rates: { ...form.rates, [c]: e.target.value } })} />
            </Field>
          ))}
        </div>
        <Field label={t('cloud.pricing.source')}>
          <textarea rows={3} maxLength={500} value={form.source} onChange={(e) => set({ source: e.target.value })} />
        </Field>
        <Field label={t('cloud.pricing.graphVersion')} help={t('cloud.pricing.graphVersion.help', { version: data.defaultGraphVersion })}>
          <input value={form.graphVersion} maxLength={8} onChange={(e) => set({ graphVersion: e.target.value })} />
        </Field>
        {problems.length ? (
          <ul className="inline-error" role="alert" data-testid="cloud-pricing-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('cloud.pricing.save')}
          </button>
          <button type="button" className="button button--secondary" disabled={busy || (!edited && data.graphVersion === data.defaultGraphVersion)} onClick={() => void restore()}>
            {t('cloud.pricing.restore')}
          </button>
        </div>
      </form>
      {confirmDialog}
    </section>
  );
}
