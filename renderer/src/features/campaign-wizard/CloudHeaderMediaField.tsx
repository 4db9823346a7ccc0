import { useId, useRef, useState } from 'react';
import { FileText, ImageIcon, Paperclip, Trash2, Video } from 'lucide-react';
import type { HeaderMedia } from '../../../../shared/cloud/campaign-schema';
import { CLOUD_HEADER_MEDIA, headerMediaProblem, type HeaderMediaKind } from '../../../../shared/cloud/header-media';
import { formatMegabytes } from '../../../../shared/api/methods/attachments';
import { api } from '../../api';
import { useErrorText, useLanguage, useT, type MessageKey } from '../../i18n';
import { formatBytes } from '../messages/format';
import { blobToBase64 } from '../../lib/base64';

/**
 * The header image, video or document of a template with a media header. The file is stored in
 * the data dir like any attachment; the Cloud channel uploads it to Meta once (on the first send)
 * and reuses its media id. Only the formats and sizes the Cloud API takes for headers are accepted.
 */
export function CloudHeaderMediaField({ kind, value, onChange }: { kind: HeaderMediaKind; value: HeaderMedia | null; onChange(next: HeaderMedia | null): void }) {
  const t = useT();
  const language = useLanguage();
  const errorText = useErrorText();
  const id = useId();
  const helpId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rules = CLOUD_HEADER_MEDIA[kind];
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
      // The core sniffs the content: a renamed file is caught here, before the campaign starts.
      const problem = headerMediaProblem(kind, ref);
      if (problem) setError(problemText(problem));
      else onChange({ sha256: ref.sha256, kind, fileName: ref.fileName, mimeType: ref.mimeType, size: ref.size });
    } catch (err) {
      setError(errorText(err, t('cloudMedia.failed')));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const Icon = kind === 'video' ? Video : kind === 'image' ? ImageIcon : FileText;
  const current = value && !headerMediaProblem(kind, value) ? value : null;
  return (
    <div className="field attachment-field" data-testid="cloud-header-media">
      <span className="field__label" id={`${id}-label`}>
        {t('cloudMedia.label', { kind: kindText })}
      </span>
      {current ? (
        <div className="attachment-field__current">
          <Icon size={20} aria-hidden="true" />
          <span className="attachment-field__name" data-testid="cloud-header-media-name">
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
          {!error ? (
            <p className="inline-error" role="alert">
              {value ? problemText(headerMediaProblem(kind, value)!) : t('cloudMedia.missing', { kind: kindText })}
            </p>
          ) : null}
        </>
      )}
      <p className="field__help" id={helpId}>
        {t('cloudMedia.help', { types, max })}
      </p>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
