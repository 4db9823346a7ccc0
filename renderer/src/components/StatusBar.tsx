import { useAppStore } from '../store/app-store';
import { useT } from '../i18n';
import { runtimeMode } from '../api';
import { PlanBadge } from '../features/license';

export function StatusBar() {
  const t = useT();
  const connection = useAppStore((s) => s.connection);
  const info = useAppStore((s) => s.info);
  return (
    <footer className="status-bar" role="contentinfo">
      <span className={`status-dot status-dot--${connection}`} aria-hidden="true" />
      <span data-testid="connection-status" role="status" aria-live="polite">
        {t(`status.${connection}`)}
      </span>
      <span className="status-bar__spacer" />
      <PlanBadge />
      <span>{t(runtimeMode === 'desktop' ? 'status.mode.desktop' : 'status.mode.browser')}</span>
      {info ? <span>{t('status.version', { version: info.version })}</span> : null}
    </footer>
  );
}
