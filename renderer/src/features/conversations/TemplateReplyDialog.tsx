import { useEffect, useId, useRef, useState } from 'react';
import type { TemplateView } from '../../../../shared/api/methods/cloud';
import type { SlotSource, TemplateComponent } from '../../../../shared/cloud/templates';
import { templateSlots } from '../../../../shared/cloud/templates';
import { chooseTemplate } from '../../../../shared/cloud/template-choice';
import { api } from '../../api';
import { useReturnFocus } from '../../components/return-focus';
import { useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { TemplateSlotField } from '../cloud/TemplateSlotField';
import { replyOutcome } from './reply-outcome';
import { newClientKey } from './who';

const FIELDS = ['primeiro_nome', 'nome', 'telefone'] as const;

/**
 * "Responder com modelo": the approved templates of the Cloud number, each variable filled from
 * the contact (a field, with a text for when it is empty) or a fixed text, the preview as the
 * contact will read it (filled by the core from the real contact), and Enviar modelo.
 */
export function TemplateReplyDialog(props: { conversationId: number; numberId: number; onClose(): void; onSent(): void }) {
  const { conversationId, numberId, onClose, onSent } = props;
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [templates, setTemplates] = useState<TemplateView[] | null>(null);
  const [chosen, setChosen] = useState<TemplateView | null>(null);
  const [mapping, setMapping] = useState<Record<string, SlotSource>>({});
  const [preview, setPreview] = useState<{ text: string; buttons: string[]; problems: string[] } | null>(null);
  const [sending, setSending] = useState(false);
  const key = useRef(newClientKey());
  useReturnFocus(true);

  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
    api.cloud
      .templates({ id: numberId })
      .then((r) => setTemplates(r.templates.filter((x) => x.status.toUpperCase() === 'APPROVED')))
      .catch((err: unknown) => {
        setTemplates([]);
        reportError(err);
      });
  }, [numberId, reportError]);

  useEffect(() => {
    if (!chosen) return;
    let live = true;
    api.conversations
      .templatePreview({ id: conversationId, numberId, templateId: chosen.id, mapping })
      .then((p) => live && setPreview(p))
      .catch(() => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [chosen, mapping, conversationId, numberId]);

  const pick = (tv: TemplateView) => {
    setChosen(tv);
    setMapping(chooseTemplate(numberId, tv).mapping as Record<string, SlotSource>);
  };

  const send = async () => {
    if (!chosen || sending) return;
    setSending(true);
    try {
      const item = await api.conversations.sendTemplate({ id: conversationId, clientKey: key.current, numberId, templateId: chosen.id, mapping });
      key.current = newClientKey();
      const outcome = replyOutcome(item);
      onSent();
      if (outcome === 'notSent') {
        // Nothing left: the dialog stays open on the same template for another try.
        notify('error', t('conv.template.notSent'));
        return;
      }
      notify(outcome === 'uncertain' ? 'error' : 'success', t(outcome === 'uncertain' ? 'conv.reply.uncertain' : 'conv.template.sent'));
      onClose();
    } catch (err) {
      reportError(err);
    } finally {
      setSending(false);
    }
  };

  const slots = chosen ? templateSlots({ components: chosen.components as unknown as TemplateComponent[] }) : [];
  const fieldLabel = (f: string) => t(`cloudCampaign.field.${f}` as MessageKey);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog quick-dialog"
      aria-labelledby={titleId}
      data-testid="template-reply-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">{t('conv.template.title')}</h2>
      {templates === null ? (
        <p className="loading" role="status">
          {t('conv.template.loading')}
        </p>
      ) : templates.length === 0 ? (
        <p className="field__help" role="status" data-testid="template-reply-empty">
          {t('conv.template.empty')}
        </p>
      ) : (
        <fieldset className="check-list">
          <legend className="field__label">{t('conv.template.list')}</legend>
          {templates.map((tv) => {
            const id = `${titleId}-tpl-${tv.id}`;
            return (
              <div key={tv.id} className="number-choice">
                <input type="radio" id={id} name={`${titleId}-tpl`} checked={chosen?.id === tv.id} onChange={() => pick(tv)} />
                <label htmlFor={id} className="number-choice__label">
                  {tv.name} <span className="number-choice__phone">({tv.language}, {tv.category.toLowerCase()})</span>
                </label>
              </div>
            );
          })}
        </fieldset>
      )}
      {chosen
        ? slots.map((slot) => (
            <TemplateSlotField
              key={slot.key}
              slot={slot}
              source={mapping[slot.key]}
              fields={FIELDS}
              fieldLabel={fieldLabel}
              idPrefix={titleId}
              onChange={(next) =>
                setMapping((m) => {
                  const out = { ...m };
                  if (next) out[slot.key] = next;
                  else delete out[slot.key];
                  return out;
                })
              }
            />
          ))
        : null}
      {chosen && preview ? (
        <figure className="cloud-campaign__preview" aria-labelledby={`${titleId}-preview`}>
          <figcaption id={`${titleId}-preview`} className="field__label">
            {t('conv.template.preview')}
          </figcaption>
          <p data-testid="template-reply-preview" style={{ whiteSpace: 'pre-wrap' }}>
            {preview.text}
          </p>
          {preview.buttons.length ? <p className="field__help">{preview.buttons.map((b) => `[${b}]`).join(' ')}</p> : null}
          {preview.problems.map((p) => (
            <p key={p} className="inline-error" role="alert">
              {p}
            </p>
          ))}
        </figure>
      ) : null}
      <div className="confirm-dialog__actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('conv.template.cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={!chosen || sending || !preview || preview.problems.length > 0} onClick={() => void send()}>
          {t(sending ? 'conv.template.sending' : 'conv.template.send')}
        </button>
      </div>
    </dialog>
  );
}
