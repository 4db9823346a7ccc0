import { useState } from 'react';
import { FlaskConical, Plus, Smartphone } from 'lucide-react';
import { api } from '../api';
import { PageHeader } from '../components/PageHeader';
import { EmptyState } from '../components/EmptyState';
import { useT } from '../i18n';
import { useAppStore } from '../store/app-store';
import { AddWhatsAppDialog } from '../features/whatsapp';
import { NumberList, useNumbers } from '../features/numbers';

export function NumbersPage() {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const { numbers, reload } = useNumbers();

  const addSimulator = async () => {
    setBusy(true);
    try {
      // Named in the UI language; the core's default name is Portuguese.
      const label = t('numbers.simulatedLabel', { n: (numbers?.filter((n) => n.simulated).length ?? 0) + 1 });
      await api.numbers.addSimulator({ label });
      notify('success', t('numbers.addSimulator.done'));
      reload();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const actions = (
    <>
      <button type="button" className="button button--primary" onClick={() => setAdding(true)}>
        <Plus size={16} aria-hidden="true" /> {t('numbers.add')}
      </button>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void addSimulator()}>
        <FlaskConical size={16} aria-hidden="true" /> {t('numbers.addSimulator')}
      </button>
    </>
  );

  return (
    <>
      <PageHeader title={t('numbers.title')} subtitle={t('numbers.subtitle')} actions={numbers?.length ? actions : undefined} />
      {numbers === null ? null : numbers.length === 0 ? (
        <EmptyState icon={Smartphone} testId="numbers-empty" title={t('numbers.empty.title')} body={t('numbers.empty.body')} actions={actions} />
      ) : (
        <NumberList numbers={numbers} onChanged={reload} />
      )}
      <AddWhatsAppDialog
        open={adding}
        onClose={() => {
          setAdding(false);
          reload();
        }}
      />
    </>
  );
}
