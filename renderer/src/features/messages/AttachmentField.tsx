import { useId, useRef, useState } from 'react';
import { FileText, Mic, Paperclip, Trash2, Video } from 'lucide-react';
import { api } from '../../api';
import type { AttachmentRef } from '../../../../shared/campaigns/schema';
import {
  ATTACHMENT_EXTENSIONS,
  TRANSPORT_MAX_ATTACHMENT_BYTES,
  WHATSAPP_ATTACHMENT_LIMITS,
  attachmentKindOf,
  attachmentLimit,
  formatMegabytes,
} from '../../../../shared/api/methods/attachments';
import { useErrorText, useLanguage, useT } from '../../i18n';
import { formatBytes } from './format';
import { useAttachmentInfo } from './use-attachment-info';
import { blobToBase64 } from '../../lib/base64';

const ACCEPT = Object.values(ATTACHMENT_EXTENSIONS)
  .flat()
  .map((e) => `.${e}`)
  .join(',');

/** One variation's attachment: pick a file, see what it is, remove it. The text goes as caption. */
/** WhatsApp plays voice notes only as Opus in an Ogg file; other audio goes as a plain file. */
function isOggOpusFile(a: Pick<AttachmentRef, 'mimeType' | 'fileName'>): boolean {
  return /ogg|opus/i.test(a.mimeType) || /\.(ogg|oga|opus)$/i.test(a.fileName);
}

export function AttachmentField(props: { value: AttachmentRef | null; onChange(next: AttachmentRef | null): void; label: string; disabled?: boolean }) {
  const t = useT();
  const language = useLanguage();
  const errorText = useErrorText();
  const id = useId();
  const voiceHintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const info = useAttachmentInfo(props.value?.kind === 'image' ? props.value.sha256 : null);

  const pick = async (file: File) => {
    setError(null);
    const kind = attachmentKindOf(file.name);
    if (!kind) {
      setError(t('msg.attachment.unsupported'));
      return;
    }
    if (file.size > attachmentLimit(kind)) {
      const wa = WHATSAPP_ATTACHMENT_LIMITS[kind];
      setError(
        wa > TRANSPORT_MAX_ATTACHMENT_BYTES
          ? t('msg.attachment.tooLargeTransport', { size: formatMegabytes(file.size), wa: formatMegabytes(wa), max: formatMegabytes(TRANSPORT_MAX_ATTACHMENT_BYTES) })
          : t('msg.attachment.tooLarge', { size: formatMegabytes(file.size), max: formatMegabytes(wa) }),
      );
      return;
    }
    setBusy(true);
    try {
      const dataBase64 = await blobToBase64(file);
      // A voice note is opt-in (and only for Ogg Opus, the one format WhatsApp plays as one).
      const ref = await api.attachments.add({ fileName: file.name, mimeType: file.type, dataBase64 });
      props.onChange(ref);
    } catch (err) {
      setError(errorText(err, t('msg.attachment.failed')));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const v = props.value;
  const Icon = v?.kind === 'video' ? Video : v?.kind === 'audio' ? Mic : FileText;
  return (
    <div className="attachment-field">
      {v ? (
        <div className="attachment-field__current">
          {v.kind === 'image' && info?.dataUrl ? (
            <img src={info.dataUrl} alt="" className="attachment-field__thumb" />
          ) : (
            <Icon size={20} aria-hidden="true" />
          )}
          <span className="attachment-field__name">
            {v.fileName} · {formatBytes(v.size, language)} · {t(`msg.attachment.kind.${v.kind}`)}
          </span>
          {v.kind === 'audio' ? (
            <label className="attachment-field__voice">
              <input
                type="checkbox"
                checked={Boolean(v.voiceNote) && isOggOpusFile(v)}
                disabled={props.disabled || !isOggOpusFile(v)}
                aria-describedby={isOggOpusFile(v) ? undefined : voiceHintId}
                onChange={(e) => props.onChange({ ...v, voiceNote: e.target.checked || undefined })}
              />
              {t('msg.attachment.voiceNote')}
              {isOggOpusFile(v) ? null : (
                <span id={voiceHintId} className="attachment-field__hint">
                  {t('msg.attachment.voiceNote.oggOnly')}
                </span>
              )}
            </label>
          ) : null}
          <button type="button" className="button button--secondary button--small" disabled={props.disabled} onClick={() => props.onChange(null)}>
            <Trash2 size={14} aria-hidden="true" /> {t('msg.attachment.remove')}
          </button>
        </div>
      ) : (
        <>
          <input
            ref={input}
            id={id}
            type="file"
            accept={ACCEPT}
            className="visually-hidden"
            disabled={props.disabled || busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void pick(file);
            }}
          />
          <label htmlFor={id} className={`button button--secondary button--small${props.disabled || busy ? ' is-disabled' : ''}`}>
            <Paperclip size={14} aria-hidden="true" /> {busy ? t('msg.attachment.uploading') : props.label}
          </label>
          <span className="field__help">{t('msg.attachment.help')}</span>
        </>
      )}
      {v?.kind === 'audio' ? <p className="field__help">{t('msg.attachment.audioNoCaption')}</p> : null}
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
