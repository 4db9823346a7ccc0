import { useEffect, useRef } from 'react';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { Toasts } from './components/Toasts';
import { HomePage } from './pages/HomePage';
import { ContactsPage } from './pages/ContactsPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { NumbersPage } from './pages/NumbersPage';
import { SettingsPage } from './pages/SettingsPage';
import { useAppStore, type RouteId } from './store/app-store';
import { useT } from './i18n';

const pages: Record<RouteId, () => React.JSX.Element> = {
  home: HomePage,
  contacts: ContactsPage,
  campaigns: CampaignsPage,
  numbers: NumbersPage,
  settings: SettingsPage,
};

export function App() {
  const route = useAppStore((s) => s.route);
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const load = useAppStore((s) => s.load);
  const t = useT();
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${t(`nav.${route}`)} · Recado`;
    // Move focus to the new page so keyboard and screen-reader users land on its content.
    mainRef.current?.focus({ preventScroll: true });
  }, [route, language]);

  const Page = pages[route];
  return (
    <div className="app">
      <Sidebar />
      <main className="main" ref={mainRef} tabIndex={-1} data-testid={`page-${route}`}>
        <Page />
      </main>
      <StatusBar />
      <Toasts />
    </div>
  );
}
