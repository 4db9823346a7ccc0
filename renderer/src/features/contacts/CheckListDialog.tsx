import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api';
import { useErrorText, useNumber, useT } from '../../i18n';
import { useReturnFocus } from '../../components/return-focus';

type Phase = { kind: 'intro' } | { kind: 'running'; checked: number; total: number } | { kind: 'done'; total: number; onWhatsApp: number; notOnWhatsApp: number; note?: string } | { kind: 'failed'; message: string };

/**
 * "Verificar WhatsApp" for one list: asks a connected number which contacts have WhatsApp,
 * showing progress, and reports how many do. Nothing is sent to anyone.
 */
export function CheckListDialog(props: { list: { id: number; name: string; total: number }; onClose(): void }) {
  const t = useT();
  const errorText = useErrorText();
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'intro' });
  const running = phase.kind === 'running';

  useReturnFocus(true);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  useEffect(
    () =>
      api.on('whatsapp.checkProgress', (p) => {
        if (p.listId !== props.list.id) return;
        setPhase((cur) => (cur.kind === 'running' ? { kind: 'running', checked: p.checked, total: p.total } : cur));
      }),
    [props.list.id],
  );

  const start = async () => {
    setPhase({ kind: 'running', checked: 0, total: props.list.total });
    try {
      const r = await api.whatsapp.checkList({ listId: props.list.id });
      setPhase({ kind: 'done', total: r.total, onWhatsApp: r.onWhatsApp, notOnWhatsApp: r.notOnWhatsApp, ...(r.unchecked ? { note: t('contacts.check.limitNote', { n: r.unchecked }) } : r.note ? { note: r.note } : {}) });
    } catch (err) {
      setPhase({ kind: 'failed', message: errorText(err, t('contacts.check.failed')) });
    }
  };

  const n = useNumber();
  const percent = running && phase.total > 0 ? Math.round((phase.checked / phase.total) * 100) : 0;

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-busy={running}
      data-testid="check-list-dialog"
      onCancel={(e) => {
        e.preventDefault();
        // The check runs in the core; closing while it runs would hide its result.
        if (!running) props.onClose();
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {t('contacts.check.title', { name: props.list.name })}
      </h2>
      <div className="confirm-dialog__body" aria-live="polite">
        {phase.kind === 'intro' ? <p>{t('contacts.check.intro', { count: n(props.list.total) })}</p> : null}
        {phase.kind === 'running' ? (
          <>
            <progress max={100} value={percent} aria-label={t('contacts.check.progressLabel')} aria-valuetext={`${percent}%`} />
            <p>{t('contacts.check.progress', { checked: n(phase.checked), total: n(phase.total) })}</p>
          </>
        ) : null}
        {phase.kind === 'done' ? (
          <p data-testid="check-list-result">
            {phase.total === 0 ? t('contacts.check.none') : t('contacts.check.result', { onWhatsApp: n(phase.onWhatsApp), total: n(phase.total), notOnWhatsApp: n(phase.notOnWhatsApp) })}
          </p>
        ) : null}
        {/* The core explains, in pt-BR, why the check stopped early (the daily ceiling per number). */}
        {phase.kind === 'done' && phase.note ? <p className="inline-note">{phase.note}</p> : null}
        {phase.kind === 'failed' ? (
          <p className="inline-error" role="alert">
            {phase.message}
          </p>
        ) : null}
      </div>
      <div className="confirm-dialog__actions">
        {phase.kind === 'intro' ? (
          <>
            <button type="button" className="button button--secondary" onClick={props.onClose}>
              {t('confirm.cancel')}
            </button>
            <button type="button" className="button button--primary" autoFocus onClick={() => void start()}>
              {t('contacts.check.start')}
            </button>
          </>
        ) : (
          <button type="button" className="button button--primary" disabled={running} onClick={props.onClose}>
            {running ? t('contacts.check.running') : t('contacts.check.close')}
          </button>
        )}
      </div>
    </dialog>
  );
}
