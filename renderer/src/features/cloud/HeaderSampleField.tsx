import { useId, useRef, useState } from 'react';
import { FileText, ImageIcon, Paperclip, Trash2, Video } from 'lucide-react';
import type { HeaderMedia } from '../../../../shared/cloud/campaign-schema';
import { TEMPLATE_SAMPLE_MEDIA, headerMediaProblem, type HeaderMediaKind } from '../../../../shared/cloud/header-media';
import { formatMegabytes } from '../../../../shared/api/methods/attachments';
import { api } from '../../api';
import { useErrorText, useLanguage, useT, type MessageKey } from '../../i18n';
import { formatBytes } from '../messages/format';
import { blobToBase64 } from '../../lib/base64';

/**
 * The sample file of a template's image, video or document header, shown to Meta's reviewers.
 * Stored like any attachment (`attachments.add`, the core sniffs its type); on submit the core
 * uploads it to Meta and sends its handle with the template. Same formats and sizes as the
 * campaign header media.
 */
export function HeaderSampleField({ kind, value, problem, onChange }: { kind: HeaderMediaKind; value: HeaderMedia | null; problem?: string; onChange(next: HeaderMedia | null): void }) {
  const t = useT();
  const language = useLanguage();
  const errorText = useErrorText();
  const id = useId();
  const helpId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rules = TEMPLATE_SAMPLE_MEDIA[kind];
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
      // The core sniffs the content: a renamed file is caught here.
      const found = headerMediaProblem(kind, ref, TEMPLATE_SAMPLE_MEDIA);
      if (found || ref.kind === 'audio') setError(problemText(found ?? 'kind'));
      else onChange({ sha256: ref.sha256, kind: ref.kind, fileName: ref.fileName, mimeType: ref.mimeType, size: ref.size });
    } catch (err) {
      setError(errorText(err, t('cloudMedia.failed')));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const Icon = kind === 'video' ? Video : kind === 'image' ? ImageIcon : FileText;
  const current = value && !headerMediaProblem(kind, value, TEMPLATE_SAMPLE_MEDIA) ? value : null;
  const shown = error ?? (current ? null : problem);
  return (
    <div className="field attachment-field" data-testid="cloud-tpl-header-sample">
      <span className="field__label" id={`${id}-label`}>
        {t('cloudTpl.form.sample', { kind: kindText })}
      </span>
      {current ? (
        <div className="attachment-field__current">
          <Icon size={20} aria-hidden="true" />
          <span className="attachment-field__name" data-testid="cloud-tpl-header-sample-name">
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
        {t('cloudTpl.form.sample.help', { types, max })}
      </p>
      {shown ? (
        <p className="inline-error" role="alert">
          {shown}
        </p>
      ) : null}
    </div>
  );
}
