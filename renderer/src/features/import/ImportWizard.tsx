import { useCallback, useEffect, useRef, useState } from 'react';
import { ArrowLeft } from 'lucide-react';
import { api } from '../../api';
import type { ImportPreview, ImportProgressEvent, ImportReportView, ImportSource } from '../../../../shared/api/methods/leads';
import { PageHeader } from '../../components/PageHeader';
import { useErrorText, useT, type MessageKey, type Translate } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { listHash } from '../contacts/contacts-route';
import { DestinationStep, type Destination } from './DestinationStep';
import { MappingStep, type RowFilter } from './MappingStep';
import { rolesFromPreview, toMapping, type ColumnRole } from './mapping';
import { ProgressStep } from './ProgressStep';
import { ReportStep } from './ReportStep';
import { SourceStep } from './SourceStep';
import { uploadFile, UploadTooLargeError } from './upload';
import { downloadText } from '../../lib/downloads';

type Step = 'source' | 'mapping' | 'destination' | 'running' | 'report';
const STEPS: Array<{ id: Step; label: MessageKey }> = [
  { id: 'source', label: 'import.step.source' },
  { id: 'mapping', label: 'import.step.mapping' },
  { id: 'destination', label: 'import.step.destination' },
  { id: 'running', label: 'import.step.running' },
  { id: 'report', label: 'import.step.report' },
];

interface Chosen {
  source: ImportSource;
  fileName: string | null;
}

function listNameFor(fileName: string | null, t: Translate, language: string): string {
  const base = (fileName ?? '').replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ').trim();
  const date = new Date().toLocaleDateString(language);
  return (base ? `${base} (${date})` : t('import.dest.defaultName', { date })).slice(0, 120);
}

/** The five-step lead import: file → columns → list and consent → progress → report. */
export function ImportWizard(props: { onClose(): void }) {
  const t = useT();
  const messageOf = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const [step, setStep] = useState<Step>('source');
  const [busy, setBusy] = useState(false);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [roles, setRoles] = useState<ColumnRole[]>([]);
  const [filter, setFilter] = useState<RowFilter>({ enabled: false, column: 0, equals: '' });
  const [dest, setDest] = useState<Destination>({ mode: 'new', name: '', listId: null, consentSource: '', onExisting: 'update' });
  const [importId, setImportId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgressEvent | null>(null);
  const [report, setReport] = useState<ImportReportView | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const uploadAbort = useRef<AbortController | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Focus follows the step for keyboard and screen-reader users.
  useEffect(() => {
    headingRef.current?.focus();
  }, [step]);

  // A window reopened while an import runs picks it up again.
  useEffect(() => {
    let alive = true;
    api.leads.currentImport().then(
      (job) => {
        if (!alive || !job || job.state !== 'running') return;
        setImportId(job.importId);
        setProgress(job.progress);
        setStep('running');
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);

  // The core deletes an uploaded file once its import ends, however it ends: after a failure or a
  // cancel, a file must be chosen again (pasted text is still here).
  const pastedSource = chosen !== null && 'text' in chosen.source;
  useEffect(() => {
    if (!importId) return;
    const offs = [
      api.on('leads.importProgress', (p) => {
        if (p.importId === importId) setProgress(p);
      }),
      api.on('leads.importDone', ({ importId: id, report: r }) => {
        if (id !== importId) return;
        setReport(r);
        setCancelling(false);
        setStep('report');
      }),
      api.on('leads.importFailed', ({ importId: id, error: e }) => {
        if (id !== importId) return;
        setCancelling(false);
        setImportId(null);
        setError(messageOf(e, e.message));
        if (e.code === 'import.cancelled') notify('info', messageOf(e, e.message));
        if (pastedSource) setStep('destination');
        else {
          setChosen(null);
          setPreview(null);
          setStep('source');
        }
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [importId, notify, pastedSource, messageOf]);

  const readPreview = useCallback(
    async (c: Chosen, opts: { sheet?: string; headerRow?: number } = {}) => {
      setBusy(true);
      setError(null);
      try {
        const p = await api.leads.preview({ source: c.source, ...opts });
        setChosen(c);
        setPreview(p);
        setRoles(rolesFromPreview(p));
        setFilter((f) => ({ ...f, column: Math.min(f.column, Math.max(0, p.headers.length - 1)) }));
        setDest((d) => (d.name ? d : { ...d, name: listNameFor(c.fileName, t, useAppStore.getState().settings?.language ?? 'pt-BR') }));
        setStep('mapping');
      } catch (err) {
        setError(messageOf(err, t('import.error.preview')));
      } finally {
        setBusy(false);
      }
    },
    [t, messageOf],
  );

  const dropUpload = (c: Chosen | null) => {
    if (c && 'fileId' in c.source) void api.uploads.cancel({ uploadId: c.source.fileId }).catch(() => undefined);
  };

  const onFile = async (file: File) => {
    dropUpload(chosen);
    setChosen(null);
    setError(null);
    setBusy(true);
    setUploadPercent(0);
    const abort = new AbortController();
    uploadAbort.current = abort;
    try {
      const up = await uploadFile(file, setUploadPercent, { signal: abort.signal });
      setUploadPercent(null);
      await readPreview({ source: { fileId: up.fileId }, fileName: up.fileName });
    } catch (err) {
      setUploadPercent(null);
      setBusy(false);
      if ((err as Error).name === 'AbortError') return;
      setError(err instanceof UploadTooLargeError ? t('import.error.tooLarge') : messageOf(err, t('import.error.upload')));
    } finally {
      uploadAbort.current = null;
    }
  };

  const start = async () => {
    if (!chosen || !preview) return;
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      const { importId: id } = await api.leads.import({
        source: chosen.source,
        sheet: preview.sheet,
        headerRow: preview.headerRow,
        encoding: preview.encoding,
        delimiter: preview.delimiter,
        mapping: toMapping(roles),
        filter: filter.enabled && filter.equals.trim() !== '' ? { column: filter.column, equals: filter.equals.trim() } : undefined,
        list: dest.mode === 'existing' && dest.listId !== null ? { id: dest.listId } : { name: dest.name.trim() },
        consentSource: dest.consentSource.trim(),
        onExisting: dest.onExisting,
      });
      setImportId(id);
      setStep('running');
    } catch (err) {
      setError(messageOf(err, t('import.error.start')));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!importId) return;
    setCancelling(true);
    try {
      await api.leads.cancelImport({ importId });
    } catch (err) {
      setCancelling(false);
      setError(messageOf(err, t('import.error.start')));
    }
  };

  const downloadRejected = async () => {
    if (!importId) return;
    try {
      const r = await api.leads.rejectedCsv({ importId });
      downloadText(r.csv, r.fileName);
    } catch (err) {
      setError(messageOf(err, t('import.error.start')));
    }
  };

  const restart = () => {
    dropUpload(chosen);
    setChosen(null);
    setPreview(null);
    setReport(null);
    setImportId(null);
    setProgress(null);
    setError(null);
    setDest((d) => ({ ...d, name: '', listId: null }));
    setStep('source');
  };

  const leave = () => {
    if (step !== 'running' && step !== 'report') dropUpload(chosen);
    props.onClose();
  };

  const current = STEPS.findIndex((s) => s.id === step);

  return (
    <div className="import-wizard">
      <PageHeader
        title={t('import.title')}
        subtitle={t('import.subtitle')}
        actions={
          <button type="button" className="button button--secondary" onClick={leave}>
            <ArrowLeft size={16} aria-hidden="true" /> {step === 'running' ? t('import.backToContactsRunning') : t('import.backToContacts')}
          </button>
        }
      />
      <ol className="stepper" aria-label={t('import.steps')}>
        {STEPS.map((s, i) => (
          <li key={s.id} className={`stepper__item${i === current ? ' is-current' : i < current ? ' is-done' : ''}`} aria-current={i === current ? 'step' : undefined}>
            <span className="stepper__n" aria-hidden="true">
              {i + 1}
            </span>
            {t(s.label)}
          </li>
        ))}
      </ol>
      <section className="card import-card" aria-labelledby="import-step-title">
        <h2 className="card__title" id="import-step-title" ref={headingRef} tabIndex={-1}>
          {t(STEPS[current].label)}
        </h2>
        {error ? (
          <div className="banner banner--error" role="alert" data-testid="import-error">
            {error}
          </div>
        ) : null}
        {step === 'source' ? (
          <SourceStep
            busy={busy}
            uploadPercent={uploadPercent}
            onFile={(f) => void onFile(f)}
            onPaste={(text) => void readPreview({ source: { text }, fileName: null })}
            onCancelUpload={() => uploadAbort.current?.abort()}
          />
        ) : null}
        {step === 'mapping' && preview && chosen ? (
          <MappingStep
            preview={preview}
            roles={roles}
            filter={filter}
            busy={busy}
            onRoles={setRoles}
            onFilter={setFilter}
            onReread={(opts) => void readPreview(chosen, opts)}
            onBack={restart}
            onNext={() => {
              setError(null);
              setStep('destination');
            }}
          />
        ) : null}
        {step === 'destination' ? (
          <DestinationStep
            value={dest}
            rowsEstimate={preview?.totalRowsEstimate}
            busy={busy}
            onChange={setDest}
            onBack={() => {
              setError(null);
              setStep('mapping');
            }}
            onStart={() => void start()}
          />
        ) : null}
        {step === 'running' ? <ProgressStep progress={progress} cancelling={cancelling} onCancel={() => void cancel()} /> : null}
        {step === 'report' && report ? (
          <ReportStep
            report={report}
            onDownloadRejected={() => void downloadRejected()}
            onShowContacts={() => {
              location.hash = listHash(report.listId);
            }}
            onAnother={restart}
          />
        ) : null}
      </section>
    </div>
  );
}
