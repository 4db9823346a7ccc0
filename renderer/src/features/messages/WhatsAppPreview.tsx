import { CheckCheck, FileText, MapPin, Mic, Shuffle, Video } from 'lucide-react';
import { formatCoordinates, type LocationPin } from '../../../../shared/messages/location';
import type { LinkPreviewState } from './use-link-preview';
import type { AttachmentRef } from '../../../../shared/campaigns/schema';
import type { PreviewContact } from '../../../../shared/api/methods/messages';
import { useLanguage, useT } from '../../i18n';
import { FormattedText } from './FormattedText';
import { useAttachmentInfo } from './use-attachment-info';
import { formatBytes } from './format';

function AttachmentPreview({ attachment }: { attachment: AttachmentRef }) {
  const language = useLanguage();
  const info = useAttachmentInfo(attachment.kind === 'image' ? attachment.sha256 : null);
  if (attachment.kind === 'image') {
    return info?.dataUrl ? (
      <img className="wa-bubble__image" src={info.dataUrl} alt={attachment.fileName} />
    ) : (
      <div className="wa-bubble__image wa-bubble__image--loading" aria-hidden="true" />
    );
  }
  const Icon = attachment.kind === 'video' ? Video : attachment.kind === 'audio' ? Mic : FileText;
  return (
    <div className="wa-bubble__file">
      <Icon size={20} aria-hidden="true" />
      <span className="wa-bubble__file-name">{attachment.fileName}</span>
      <span className="wa-bubble__file-size">{formatBytes(attachment.size, language)}</span>
    </div>
  );
}

function LocationPreview({ location }: { location: LocationPin }) {
  const t = useT();
  return (
    <div className="wa-bubble__location" data-testid="preview-location" aria-label={t('msg.preview.location', { name: location.name ?? formatCoordinates(location) })}>
      <MapPin size={28} aria-hidden="true" className="wa-bubble__pin" />
      <span className="wa-bubble__location-text">
        {location.name ? <strong>{location.name}</strong> : null}
        {location.address ? <span>{location.address}</span> : null}
        <span className="wa-bubble__coords">{formatCoordinates(location)}</span>
      </span>
    </div>
  );
}

function LinkCard({ state }: { state: LinkPreviewState }) {
  const t = useT();
  if (state.loading) return <p className="wa-link-card wa-link-card--loading">{t('msg.linkPreview.loading')}</p>;
  if (state.result.status !== 'ok') return null;
  const r = state.result;
  let host = r.url;
  try {
    host = new URL(/^https?:\/\//i.test(r.url) ? r.url : `https://${r.url}`).host;
  } catch {
    // Keep the link as typed.
  }
  return (
    <div className="wa-link-card" data-testid="preview-link-card" aria-label={t('msg.linkPreview.card', { title: r.title })}>
      {r.thumbnail ? <img className="wa-link-card__thumb" src={r.thumbnail} alt="" /> : null}
      <span className="wa-link-card__text">
        <strong>{r.title}</strong>
        {r.description ? <span>{r.description}</span> : null}
        <span className="wa-link-card__host">{host}</span>
      </span>
    </div>
  );
}

export interface WhatsAppPreviewProps {
  text: string;
  attachment: AttachmentRef | null;
  location?: LocationPin | null;
  linkPreview?: LinkPreviewState | null;
  contact: PreviewContact | null;
  sample: boolean;
  loading: boolean;
  timeZone: string;
  variationLabel: string;
  onShuffle(): void;
}

/** A WhatsApp-like chat bubble showing one rendered message as a contact would see it. */
export function WhatsAppPreview(props: WhatsAppPreviewProps) {
  const t = useT();
  let time = '';
  try {
    time = new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit', timeZone: props.timeZone }).format(new Date());
  } catch {
    time = new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit' }).format(new Date());
  }
  // Audio has no caption on WhatsApp: the text goes as its own message.
  const separateText = props.attachment?.kind === 'audio' || Boolean(props.location);
  const empty = !props.text.trim();
  return (
    <section className="wa-preview card" aria-labelledby="wa-preview-title" data-testid="message-preview">
      <div className="wa-preview__header">
        <h3 id="wa-preview-title" className="wa-preview__title">
          {t('msg.preview.title')}
        </h3>
        <button type="button" className="button button--secondary button--small" onClick={props.onShuffle}>
          <Shuffle size={14} aria-hidden="true" /> {t('msg.preview.shuffle')}
        </button>
      </div>
      <p className="wa-preview__contact" data-testid="preview-contact">
        {props.contact
          ? props.sample
            ? t('msg.preview.sample', { name: props.contact.name })
            : t('msg.preview.for', { name: props.contact.name || props.contact.phone, phone: props.contact.phone })
          : t('common.loading')}
      </p>
      <div className="wa-chat" aria-busy={props.loading} aria-label={t('msg.preview.chat', { variation: props.variationLabel })} role="group">
        {props.attachment ? (
          <div className="wa-bubble">
            <AttachmentPreview attachment={props.attachment} />
            {!separateText && !empty ? (
              <div className="wa-bubble__text" data-testid="preview-text">
                <FormattedText text={props.text} />
              </div>
            ) : null}
            <span className="wa-bubble__meta">
              {time} <CheckCheck size={14} aria-label={t('msg.preview.read')} className="wa-bubble__check" />
            </span>
          </div>
        ) : null}
        {props.location && !props.attachment ? (
          <div className="wa-bubble">
            <LocationPreview location={props.location} />
            <span className="wa-bubble__meta">
              {time} <CheckCheck size={14} aria-label={t('msg.preview.read')} className="wa-bubble__check" />
            </span>
          </div>
        ) : null}
        {(!props.attachment || separateText) && !empty ? (
          <div className="wa-bubble">
            {props.linkPreview ? <LinkCard state={props.linkPreview} /> : null}
            <div className="wa-bubble__text" data-testid="preview-text">
              <FormattedText text={props.text} />
            </div>
            <span className="wa-bubble__meta">
              {time} <CheckCheck size={14} aria-label={t('msg.preview.read')} className="wa-bubble__check" />
            </span>
          </div>
        ) : null}
        {empty && !props.attachment && !props.location ? <p className="wa-chat__empty">{t('msg.preview.empty')}</p> : null}
      </div>
      {props.linkPreview && !props.linkPreview.loading && props.linkPreview.result.status === 'unavailable' ? (
        <p className="field__help" role="status" data-testid="preview-link-unavailable">
          {t('msg.linkPreview.unavailable')}
        </p>
      ) : null}
    </section>
  );
}
