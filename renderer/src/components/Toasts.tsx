import { useEffect, useRef, useState } from 'react';
import { X } from 'lucide-react';
import { useAppStore, type Toast } from '../store/app-store';
import { useT } from '../i18n';

/**
 * Toasts close by themselves, errors included (they just stay longer). The clock stops while
 * the pointer is over a toast or focus is inside it, so nobody loses a message mid-read
 * (WCAG 2.2.1), and starts again from where it stopped.
 */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const t = useT();
  const dismiss = useAppStore((s) => s.dismiss);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const left = useRef(toast.durationMs);
  const paused = hovered || focused;

  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(() => dismiss(toast.id), left.current);
    return () => {
      clearTimeout(timer);
      left.current = Math.max(1000, left.current - (Date.now() - started));
    };
  }, [paused, dismiss, toast.id]);

  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      data-paused={paused ? 'true' : undefined}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <span>{toast.message}</span>
      <button type="button" className="icon-button" onClick={() => dismiss(toast.id)} aria-label={t('common.close')}>
        <X size={16} aria-hidden="true" />
      </button>
    </div>
  );
}
