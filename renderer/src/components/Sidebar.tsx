import { Home, Megaphone, MessageCircleReply, Repeat2, Settings, Smartphone, Users, type LucideIcon } from 'lucide-react';
import { routes, useAppStore, type RouteId } from '../store/app-store';
import { useT, type MessageKey } from '../i18n';
import { useUnreadConversations } from '../features/conversations';

const items: Record<RouteId, { icon: LucideIcon; label: MessageKey }> = {
  home: { icon: Home, label: 'nav.home' },
  contacts: { icon: Users, label: 'nav.contacts' },
  campaigns: { icon: Megaphone, label: 'nav.campaigns' },
  replies: { icon: MessageCircleReply, label: 'nav.replies' },
  numbers: { icon: Smartphone, label: 'nav.numbers' },
  mirroring: { icon: Repeat2, label: 'nav.mirroring' },
  settings: { icon: Settings, label: 'nav.settings' },
};

export function Sidebar() {
  const t = useT();
  const route = useAppStore((s) => s.route);
  const unread = useUnreadConversations();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="sidebar__brand">
        <img src="./favicon.svg" alt="" width={32} height={32} />
        <div>
          <div className="sidebar__name">{t('app.name')}</div>
          <div className="sidebar__tagline">{t('app.tagline')}</div>
        </div>
      </div>
      <ul className="sidebar__list">
        {routes.map((r) => {
          const { icon: Icon, label } = items[r.id];
          const active = route === r.id;
          return (
            <li key={r.id}>
              <a href={r.hash} className={`sidebar__link${active ? ' is-active' : ''}`} aria-current={active ? 'page' : undefined}>
                <Icon size={18} aria-hidden="true" />
                <span>{t(label)}</span>
                {r.id === 'replies' && unread > 0 ? (
                  <span className="nav-badge" data-testid="nav-unread" aria-label={t('nav.unread', { n: unread })}>
                    {unread > 99 ? '99+' : unread}
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
