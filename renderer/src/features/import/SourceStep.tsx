import { useRef, useState, type DragEvent } from 'react';
import { ClipboardPaste, Download, FileSpreadsheet, Upload } from 'lucide-react';
import { Field } from '../../components/Field';
import { useT } from '../../i18n';
import { SPREADSHEET_MAX_UNCOMPRESSED_BYTES } from '../../../../shared/api/methods/leads';
import { downloadText } from '../../lib/downloads';
import { modelSheet } from './model-sheet';

export const ACCEPTED_FILES = '.csv,.txt,.tsv,.xlsx,.xlsm,.xls,.ods';

/** Step 1: pick a spreadsheet (or drop it), or paste cells copied from Excel/Sheets. */
export function SourceStep(props: { busy: boolean; uploadPercent: number | null; onFile(file: File): void; onPaste(text: string): void; onCancelUpload(): void }) {
  const t = useT();
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files?.[0];
    if (file && !props.busy) props.onFile(file);
  };

  return (
    <div className="import-step">
      <div className="segmented" role="radiogroup" aria-label={t('import.source.how')}>
        <label className={`segmented__item${mode === 'file' ? ' is-active' : ''}`}>
          <input type="radio" name="import-source" checked={mode === 'file'} onChange={() => setMode('file')} className="visually-hidden" />
          <FileSpreadsheet size={16} aria-hidden="true" /> {t('import.source.file')}
        </label>
        <label className={`segmented__item${mode === 'paste' ? ' is-active' : ''}`}>
          <input type="radio" name="import-source" checked={mode === 'paste'} onChange={() => setMode('paste')} className="visually-hidden" />
          <ClipboardPaste size={16} aria-hidden="true" /> {t('import.source.paste')}
        </label>
      </div>

      {mode === 'file' ? (
        <div
          className={`dropzone${dragging ? ' is-dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Upload size={28} aria-hidden="true" />
          <p className="dropzone__title">{t('import.source.drop')}</p>
          <p className="dropzone__help">{t('import.source.formats', { mb: SPREADSHEET_MAX_UNCOMPRESSED_BYTES / (1024 * 1024) })}</p>
          <input
            ref={inputRef}
            id="import-file"
            type="file"
            accept={ACCEPTED_FILES}
            className="visually-hidden"
            disabled={props.busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) props.onFile(file);
            }}
          />
          <label htmlFor="import-file" className={`button button--primary${props.busy ? ' is-disabled' : ''}`}>
            {t('import.source.choose')}
          </label>
          <p className="dropzone__help">
            {t('import.model.hint')}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                const model = modelSheet(t);
                downloadText(model.text, model.fileName);
              }}
            >
              <Download size={14} aria-hidden="true" /> {t('import.model.download')}
            </button>
          </p>
          {props.uploadPercent !== null ? (
            <div className="import-upload" aria-live="polite">
              <progress max={100} value={props.uploadPercent} aria-label={t('import.source.uploading')} />
              <span>{t('import.source.uploadingPercent', { percent: props.uploadPercent })}</span>
              <button type="button" className="button button--secondary button--small" onClick={props.onCancelUpload}>
                {t('confirm.cancel')}
              </button>
            </div>
          ) : props.busy ? (
            <p className="loading" aria-live="polite">
              {t('import.source.reading')}
            </p>
          ) : null}
        </div>
      ) : (
        <div className="import-paste">
          <Field label={t('import.paste.label')} help={t('import.paste.help')}>
            <textarea className="import-paste__text" rows={10} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('import.paste.placeholder')} />
          </Field>
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={props.busy || text.trim() === ''} onClick={() => props.onPaste(text)}>
              {props.busy ? t('import.source.reading') : t('import.next')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
