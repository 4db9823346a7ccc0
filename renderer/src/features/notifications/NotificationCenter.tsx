import { useEffect, useId, useRef, useState } from 'react';
import { Bell, Download, X } from 'lucide-react';
import { api } from '../../api';
import { useAppStore } from '../../store/app-store';
import { useT } from '../../i18n';
import { useNotifications } from './notifications-store';
import { describeNotification } from '../../i18n/core-errors';
import { useDisplayTime } from '../../lib/use-display-time';

/** The bell with the unread count, its list, and the "Há uma atualização" banner. */
export function NotificationCenter() {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const time = useDisplayTime();
  const reportError = useAppStore((s) => s.reportError);
  const items = useNotifications((s) => s.items);
  const readUpTo = useNotifications((s) => s.readUpTo);
  const update = useNotifications((s) => s.update);
  const markAllRead = useNotifications((s) => s.markAllRead);
  const dismissUpdate = useNotifications((s) => s.dismissUpdate);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const unread = items.filter((n) => n.id > readUpTo).length;

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const toggle = () => {
    if (open) markAllRead();
    setOpen(!open);
  };

  return (
    <>
      {update ? (
        <div className="update-banner" role="status">
          <Download size={16} aria-hidden="true" />
          <span>
            {t('updates.available', { version: update.version })} {update.downloaded ? '' : t('updates.downloading')}
          </span>
          {update.downloaded ? (
            <button type="button" className="button button--primary" onClick={() => void api.updates.install().catch(reportError)}>
              {t('updates.install')}
            </button>
          ) : null}
          <button type="button" className="icon-button" onClick={dismissUpdate} aria-label={t('updates.dismiss')}>
            <X size={16} aria-hidden="true" />
          </button>
        </div>
      ) : null}
      <div className="notification-center">
        <button
          type="button"
          className="notification-center__bell"
          aria-expanded={open}
          aria-controls={panelId}
          aria-label={unread ? t('notifications.openWithCount', { count: unread }) : t('notifications.open')}
          onClick={toggle}
        >
          <Bell size={18} aria-hidden="true" />
          {unread ? (
            <span className="notification-center__badge" aria-hidden="true">
              {unread > 9 ? '9+' : unread}
            </span>
          ) : null}
        </button>
        {open ? (
          <div className="notification-center__panel" id={panelId} role="region" aria-label={t('notifications.title')} tabIndex={-1} ref={panelRef}>
            <div className="notification-center__head">
              <h2>{t('notifications.title')}</h2>
              <button type="button" className="icon-button" onClick={toggle} aria-label={t('common.close')}>
                <X size={16} aria-hidden="true" />
              </button>
            </div>
            {items.length === 0 ? (
              <p className="field__help">{t('notifications.empty')}</p>
            ) : (
              <ul className="notification-center__list">
                {items.map((n) => {
                  const text = describeNotification(language, n);
                  return (
                  <li key={`${n.id}-${n.at}`} className={`notification-center__item notification-center__item--${n.kind.split('.')[0]}${n.id > readUpTo ? ' is-unread' : ''}`}>
                    <p className="notification-center__title">
                      {n.route ? (
                        <a href={n.route} onClick={toggle}>
                          {text.title}
                        </a>
                      ) : (
                        text.title
                      )}
                    </p>
                    <p className="notification-center__body">{text.body}</p>
                    <time className="notification-center__time" dateTime={new Date(n.at).toISOString()}>
                      {time.format(n.at, true)}
                    </time>
                  </li>
                  );
                })}
              </ul>
            )}
          </div>
        ) : null}
      </div>
    </>
  );
}
