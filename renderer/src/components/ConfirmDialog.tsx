import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n';
import { useReturnFocus } from './return-focus';

export interface ConfirmOptions {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Red confirm button for destructive actions. */
  danger?: boolean;
}

/** A modal yes/no question on the native <dialog> (focus trap, Esc to cancel, top layer for free). */
export function ConfirmDialog(props: ConfirmOptions & { open: boolean; onClose(confirmed: boolean): void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { open, onClose } = props;
  useReturnFocus(open);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose(false);
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {props.title}
      </h2>
      {props.body ? <div className="confirm-dialog__body">{props.body}</div> : null}
      <div className="confirm-dialog__actions">
        <button type="button" className="button button--secondary" onClick={() => onClose(false)} autoFocus>
          {props.cancelLabel ?? t('confirm.cancel')}
        </button>
        <button type="button" className={`button ${props.danger ? 'button--danger' : 'button--primary'}`} onClick={() => onClose(true)}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** `const [confirm, dialog] = useConfirm()`; render `dialog`, then `if (await confirm({...}))`. */
export function useConfirm(): [(options: ConfirmOptions) => Promise<boolean>, ReactNode] {
  const [state, setState] = useState<(ConfirmOptions & { resolve(ok: boolean): void }) | null>(null);
  const confirm = useCallback(
    (options: ConfirmOptions) => new Promise<boolean>((resolve) => setState({ ...options, resolve })),
    [],
  );
  const element = state ? (
    <ConfirmDialog
      {...state}
      open
      onClose={(ok) => {
        state.resolve(ok);
        setState(null);
      }}
    />
  ) : null;
  return [confirm, element];
}
