import { useId, useRef, useState } from 'react';
import { FileText, ImageIcon, Paperclip, Trash2, Video } from 'lucide-react';
import type { HeaderMedia } from '../../../../shared/cloud/campaign-schema';
import { headerMediaProblem, type HeaderMediaKind, type HeaderMediaRules } from '../../../../shared/cloud/header-media';
import { formatMegabytes } from '../../../../shared/api/methods/attachments';
import { api } from '../../api';
import { useErrorText, useLanguage, useT, type MessageKey } from '../../i18n';
import { formatBytes } from '../messages/format';
import { blobToBase64 } from '../../lib/base64';

export interface HeaderMediaPickerProps {
  kind: HeaderMediaKind;
  value: HeaderMedia | null;
  onChange(next: HeaderMedia | null): void;
  /** The formats and sizes this field takes. */
  rules: HeaderMediaRules;
  /** Label and help messages; the label gets {kind}, the help {types} and {max}. */
  labelKey: MessageKey;
  helpKey: MessageKey;
  testId: string;
  /**
   * What to say while there is no usable file and no error from a pick: gets the reason the
   * stored file does not fit (null when there is none) and the kind's name.
   */
  notice(invalid: string | null, kindText: string): string | null | undefined;
}

/**
 * Picks the image, video or document of a Cloud API header: checked by extension and size here,
 * stored like any attachment (`attachments.add`, where the core sniffs its type), and checked
 * again against `rules` by what the core found. Shows the file once picked, with a remove button.
 */
export function HeaderMediaPicker({ kind, value, onChange, rules: table, labelKey, helpKey, testId, notice }: HeaderMediaPickerProps) {
  const t = useT();
  const language = useLanguage();
  const errorText = useErrorText();
  const id = useId();
  const helpId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rules = table[kind];
  const types = rules.extensions.map((e) => e.toUpperCase()).join(', ');
  const max = formatMegabytes(rules.maxBytes);
  const kindText = t(`cloudMedia.kind.${kind}` as MessageKey);
  const problemText = (p: 'kind' | 'type' | 'size') => t(`cloudMedia.problem.${p}` as MessageKey, { kind: kindText, types, max });

  const pick = async (file: File) => {
    setError(null);
    const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
    if (!rules.extensions.includes(ext)) return setError(problemText('type'));
    if (file.size > rules.maxBytes) return setError(problemText('size'));
    setBusy(true);
    try {
      const ref = await api.attachments.add({ fileName: file.name, mimeType: file.type, dataBase64: await blobToBase64(file) });
      // The core sniffs the content: a renamed file is caught here, before anything goes to Meta.
      const found = headerMediaProblem(kind, ref, table);
      if (found) setError(problemText(found));
      else onChange({ sha256: ref.sha256, kind, fileName: ref.fileName, mimeType: ref.mimeType, size: ref.size });
    } catch (err) {
      setError(errorText(err, t('cloudMedia.failed')));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const Icon = kind === 'video' ? Video : kind === 'image' ? ImageIcon : FileText;
  const invalid = value ? headerMediaProblem(kind, value, table) : null;
  const current = value && !invalid ? value : null;
  const shown = error ?? (current ? null : notice(invalid ? problemText(invalid) : null, kindText));
  return (
    <div className="field attachment-field" data-testid={testId}>
      <span className="field__label" id={`${id}-label`}>
        {t(labelKey, { kind: kindText })}
      </span>
      {current ? (
        <div className="attachment-field__current">
          <Icon size={20} aria-hidden="true" />
          <span className="attachment-field__name" data-testid={`${testId}-name`}>
            {current.fileName} · {formatBytes(current.size, language)}
          </span>
          <button type="button" className="button button--secondary button--small" onClick={() => onChange(null)}>
            <Trash2 size={14} aria-hidden="true" /> {t('cloudMedia.remove')}
          </button>
        </div>
      ) : (
        <>
          <input
            ref={input}
            id={id}
            type="file"
            accept={rules.extensions.map((e) => `.${e}`).join(',')}
            className="visually-hidden"
            aria-labelledby={`${id}-label`}
            aria-describedby={helpId}
            disabled={busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void pick(file);
            }}
          />
          <label htmlFor={id} className={`button button--secondary button--small${busy ? ' is-disabled' : ''}`}>
            <Paperclip size={14} aria-hidden="true" /> {busy ? t('cloudMedia.uploading') : t('cloudMedia.pick')}
          </label>
        </>
      )}
      <p className="field__help" id={helpId}>
        {t(helpKey, { types, max })}
      </p>
      {shown ? (
        <p className="inline-error" role="alert">
          {shown}
        </p>
      ) : null}
    </div>
  );
}
