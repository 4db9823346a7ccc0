import { useEffect, useId, useRef, useState } from 'react';
import QRCode from 'qrcode';
import { CheckCircle2, Loader2, QrCode, RefreshCw, Smartphone } from 'lucide-react';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { useLanguage, useT, whatsappStatusText, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import type { WhatsAppStatus } from '../../../../shared/api/methods/whatsapp';
import { useReturnFocus } from '../../components/return-focus';

type Method = 'qr' | 'pairing';

interface Live {
  status: WhatsAppStatus | null;
  qr: { qr: string; expiresAt: number } | null;
  code: string | null;
}

const EMPTY: Live = { status: null, qr: null, code: null };

/** Reasons a new link ends before any QR: "Tentar de novo", never "QR expirou" or "a conexão caiu". */
const NO_LINK_REASONS = new Set(['no_network', 'link_failed', 'qr_unavailable']);

/** pt-BR/en label of a number's state; "qr" while pairing reads as waiting for the code. */
export function whatsappStateKey(status: Pick<WhatsAppStatus, 'state' | 'reason'>): MessageKey {
  if (status.state === 'qr' && status.reason === 'pairing_code') return 'whatsapp.state.pairing';
  return `whatsapp.state.${status.state}` as MessageKey;
}

/** "ABCD1234" → "ABCD-1234", the way WhatsApp shows it. */
function formatCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/**
 * "Adicionar número": links a WhatsApp number by QR code (refreshing as new codes arrive, with a
 * countdown and "Gerar novo" when they run out) or by pairing code, with the live status.
 */
export function AddWhatsAppDialog(props: { open: boolean; onClose(numberId: number | null): void }) {
  const t = useT();
  const language = useLanguage();
  const reportError = useAppStore((s) => s.reportError);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [label, setLabel] = useState('');
  const [method, setMethod] = useState<Method>('qr');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [numberId, setNumberId] = useState<number | null>(null);
  const [live, setLive] = useState<Live>(EMPTY);
  const [qrImage, setQrImage] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // Events may arrive before link() returns the id: keep them per number until we know ours.
  const pending = useRef(new Map<number, Live>());
  const idRef = useRef<number | null>(null);

  const { open } = props;
  useReturnFocus(open);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    if (open) {
      setLabel(t('whatsapp.add.label.default'));
      setMethod('qr');
      setPhone('');
      setNumberId(null);
      idRef.current = null;
      pending.current.clear();
      setLive(EMPTY);
    }
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const apply = (id: number, patch: (l: Live) => Live) => {
      if (idRef.current === id) setLive((l) => patch(l));
      else pending.current.set(id, patch(pending.current.get(id) ?? EMPTY));
    };
    const offs = [
      api.on('whatsapp.status', (s) => apply(s.numberId, (l) => ({ ...l, status: s, ...(s.state === 'qr' ? {} : { qr: null }) }))),
      api.on('whatsapp.qr', (q) => apply(q.numberId, (l) => ({ ...l, qr: { qr: q.qr, expiresAt: q.expiresAt } }))),
      api.on('whatsapp.pairingCode', (c) => apply(c.numberId, (l) => ({ ...l, code: c.code }))),
    ];
    return () => offs.forEach((off) => off());
  }, [open]);

  // Draw each new QR in the renderer.
  useEffect(() => {
    const qr = live.qr?.qr;
    if (!qr) {
      setQrImage(null);
      return;
    }
    let cancelled = false;
    QRCode.toDataURL(qr, { margin: 1, width: 264, errorCorrectionLevel: 'M' })
      .then((url) => !cancelled && setQrImage(url))
      .catch(reportError);
    return () => {
      cancelled = true;
    };
  }, [live.qr?.qr, reportError]);

  // Countdown while a QR is on screen.
  useEffect(() => {
    if (!live.qr) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live.qr]);

  const adopt = async (id: number) => {
    idRef.current = id;
    setNumberId(id);
    setLive(pending.current.get(id) ?? EMPTY);
    pending.current.clear();
    try {
      // Fills in only what no event has told us yet (events are at least as fresh).
      const { qr, ...status } = await api.whatsapp.status({ numberId: id });
      setLive((l) => ({ status: l.status ?? status, qr: l.qr ?? (qr ? { qr: qr.qr, expiresAt: qr.expiresAt } : null), code: l.code }));
    } catch (err) {
      reportError(err);
    }
  };

  const start = async () => {
    setBusy(true);
    try {
      const res = await api.whatsapp.link({ label: label.trim() || t('whatsapp.add.label.default'), method, ...(method === 'pairing' ? { phone } : {}) });
      await adopt(res.numberId);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const regenerate = async () => {
    if (numberId === null) return;
    setLive((l) => ({ ...l, qr: null, code: null }));
    try {
      if (method === 'pairing') await api.whatsapp.requestPairingCode({ numberId, phone });
      else await api.whatsapp.regenerateQr({ numberId });
    } catch (err) {
      reportError(err);
    }
  };

  const status = live.status;
  const connected = status?.state === 'connected';

  const close = async () => {
    const id = numberId;
    // A number that never finished linking is not kept around.
    if (id !== null && !connected) {
      try {
        await api.whatsapp.remove({ numberId: id });
      } catch (err) {
        reportError(err);
      }
    }
    props.onClose(connected ? id : null);
  };

  const secondsLeft = live.qr ? Math.max(0, Math.ceil((live.qr.expiresAt - now) / 1000)) : 0;
  const ended = status !== null && ['disconnected', 'logged_out', 'error'].includes(status.state);
  // The link stopped before any QR or code arrived (no internet, no answer): the status says why.
  const failedEarly = ended && !live.qr && !live.code && NO_LINK_REASONS.has(status?.reason ?? '');
  const canRegenerate = numberId !== null && !connected && (ended || (method === 'qr' && live.qr !== null && secondsLeft === 0));
  const tabs: Array<{ id: Method; label: string; icon: typeof QrCode }> = [
    { id: 'qr', label: t('whatsapp.add.tab.qr'), icon: QrCode },
    { id: 'pairing', label: t('whatsapp.add.tab.pairing'), icon: Smartphone },
  ];

  return (
    <dialog
      ref={ref}
      className="wa-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        void close();
      }}
    >
      <h2 id={titleId} className="wa-dialog__title">
        {t('whatsapp.add.title')}
      </h2>

      {numberId === null ? (
        <form
          className="wa-dialog__form"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <p className="wa-dialog__intro">{t('whatsapp.add.intro')}</p>
          <Field label={t('whatsapp.add.label')} help={t('whatsapp.add.label.help')}>
            <input value={label} maxLength={60} onChange={(e) => setLabel(e.target.value)} />
          </Field>
          <div role="tablist" aria-label={t('whatsapp.add.method')} className="wa-tabs">
            {tabs.map((tab) => (
              <button
                key={tab.id}
                type="button"
                role="tab"
                aria-selected={method === tab.id}
                className={`wa-tabs__tab${method === tab.id ? ' is-active' : ''}`}
                onClick={() => setMethod(tab.id)}
              >
                <tab.icon size={16} aria-hidden="true" /> {tab.label}
              </button>
            ))}
          </div>
          {method === 'pairing' ? (
            <Field label={t('whatsapp.add.phone')} help={t('whatsapp.add.phone.help')}>
              <input value={phone} inputMode="tel" autoComplete="tel" required onChange={(e) => setPhone(e.target.value)} />
            </Field>
          ) : null}
          <div className="wa-dialog__actions">
            <button type="button" className="button button--secondary" onClick={() => props.onClose(null)}>
              {t('whatsapp.add.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy || (method === 'pairing' && phone.trim().length < 8)}>
              {busy ? <Loader2 size={16} className="wa-spin" aria-hidden="true" /> : null}
              {method === 'qr' ? t('whatsapp.add.start.qr') : t('whatsapp.add.start.pairing')}
            </button>
          </div>
        </form>
      ) : (
        <div className="wa-dialog__link">
          {connected ? (
            <p className="wa-dialog__success">
              <CheckCircle2 size={20} aria-hidden="true" /> {t('whatsapp.add.connected')}
            </p>
          ) : method === 'qr' ? (
            <div className="wa-qr">
              {qrImage && !ended && secondsLeft > 0 ? (
                <img className="wa-qr__image" src={qrImage} alt={t('whatsapp.add.qr.alt')} width={264} height={264} />
              ) : (
                <div className="wa-qr__placeholder" aria-hidden="true">
                  <QrCode size={48} />
                </div>
              )}
              <div className="wa-qr__side">
                <p>{t('whatsapp.add.qr.steps')}</p>
                {live.qr && secondsLeft > 0 && !ended ? (
                  <p className="wa-qr__countdown">{t('whatsapp.add.qr.expiresIn', { s: secondsLeft })}</p>
                ) : failedEarly ? null : live.qr || ended ? (
                  <p className="wa-qr__countdown">{t('whatsapp.add.qr.expired')}</p>
                ) : (
                  <p className="wa-qr__countdown">{t('whatsapp.add.qr.waiting')}</p>
                )}
              </div>
            </div>
          ) : (
            <div className="wa-pairing">
              <p className="wa-pairing__label">{t('whatsapp.add.pairing.code')}</p>
              {live.code && !ended ? (
                <p className="wa-pairing__code" data-testid="pairing-code">
                  {formatCode(live.code)}
                </p>
              ) : (
                <p className="wa-pairing__waiting">{t('whatsapp.add.pairing.waiting')}</p>
              )}
              <p>{t('whatsapp.add.pairing.steps')}</p>
            </div>
          )}

          <div className={`wa-status wa-status--${status?.state ?? 'connecting'}`} role="status" aria-live="polite" data-testid="whatsapp-status">
            <strong className="wa-status__state">{t(whatsappStateKey(status ?? { state: 'connecting', reason: null }))}</strong>
            {status && !['connected', 'connecting', 'qr'].includes(status.state) ? <span className="wa-status__message">{whatsappStatusText(language, status)}</span> : null}
          </div>

          <div className="wa-dialog__actions">
            {connected ? (
              <button type="button" className="button button--primary" onClick={() => props.onClose(numberId)}>
                {t('whatsapp.add.done')}
              </button>
            ) : (
              <>
                <button type="button" className="button button--secondary" onClick={() => void close()}>
                  {t('whatsapp.add.cancel')}
                </button>
                {canRegenerate ? (
                  <button type="button" className="button button--primary" onClick={() => void regenerate()}>
                    <RefreshCw size={16} aria-hidden="true" /> {method === 'qr' && !failedEarly ? t('whatsapp.add.regenerate') : t('whatsapp.add.retry')}
                  </button>
                ) : null}
              </>
            )}
          </div>
        </div>
      )}
    </dialog>
  );
}
