import { useEffect, useRef } from 'react';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { Toasts } from './components/Toasts';
import { NotificationCenter } from './features/notifications';
import { HomePage } from './pages/HomePage';
import { ContactsPage } from './pages/ContactsPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { RepliesPage } from './pages/RepliesPage';
import { NumbersPage } from './pages/NumbersPage';
import { SettingsPage } from './pages/SettingsPage';
import { MirroringPage } from './features/mirroring';
import { useAppStore, type RouteId } from './store/app-store';
import { useT } from './i18n';
import { FirstRunScreen, useFirstRun } from './features/license';

const pages: Record<RouteId, () => React.JSX.Element> = {
  home: HomePage,
  contacts: ContactsPage,
  campaigns: CampaignsPage,
  replies: RepliesPage,
  numbers: NumbersPage,
  mirroring: MirroringPage,
  settings: SettingsPage,
};

function Splash() {
  const t = useT();
  const connection = useAppStore((s) => s.connection);
  return (
    <div className="splash" role="status" aria-live="polite">
      <img src="./favicon.svg" alt="" width={56} height={56} />
      <p className="splash__name">Recado</p>
      <p className="splash__state">{connection === 'connected' ? t('common.loading') : t(`status.${connection}`)}</p>
    </div>
  );
}

/** Shown while the core restarts to finish a restore; the page reloads when it is back. */
function RestartNotice() {
  const t = useT();
  const restarting = useAppStore((s) => s.restarting);
  if (!restarting) return null;
  return (
    <div className="restart-notice" role="alert" data-testid="restart-notice">
      <span className="restart-notice__spinner" aria-hidden="true" />
      {t('app.restarting')}
    </div>
  );
}

export function App() {
  const route = useAppStore((s) => s.route);
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const load = useAppStore((s) => s.load);
  const t = useT();
  const mainRef = useRef<HTMLElement>(null);
  const firstRun = useFirstRun();

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${t(`nav.${route}`)} · Recado`;
    // Move focus to the new page so keyboard and screen-reader users land on its content.
    mainRef.current?.focus({ preventScroll: true });
  }, [route, language, firstRun]);

  // Until the core says whether this is a first run, show a neutral splash rather than flashing
  // the shell; until a license is activated or trial mode chosen, the activation screen replaces it.
  if (firstRun === null) return <Splash />;
  if (firstRun) return <FirstRunScreen />;
  const Page = pages[route];
  return (
    <div className="app">
      <RestartNotice />
      <Sidebar />
      <main className="main" ref={mainRef} tabIndex={-1} data-testid={`page-${route}`}>
        <Page />
      </main>
      <StatusBar />
      <Toasts />
      <NotificationCenter />
    </div>
  );
}
