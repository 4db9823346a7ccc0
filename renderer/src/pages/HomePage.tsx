import { useState } from 'react';
import { Megaphone, Plus, Smartphone, Upload } from 'lucide-react';
import { PageHeader } from '../components/PageHeader';
import { useAppStore, type RouteId } from '../store/app-store';
import { useT, type MessageKey } from '../i18n';
import { Dashboard, useDashboard, type RangeChoice } from '../features/results';

const steps: { n: number; icon: typeof Upload; title: MessageKey; body: MessageKey; route: RouteId }[] = [
  { n: 1, icon: Upload, title: 'home.step1.title', body: 'home.step1.body', route: 'contacts' },
  { n: 2, icon: Smartphone, title: 'home.step2.title', body: 'home.step2.body', route: 'numbers' },
  { n: 3, icon: Megaphone, title: 'home.step3.title', body: 'home.step3.body', route: 'campaigns' },
];

function Welcome() {
  const t = useT();
  const navigate = useAppStore((s) => s.navigate);
  return (
    <section className="card welcome" data-testid="home-empty" aria-labelledby="welcome-title">
      <h2 id="welcome-title" className="welcome__title">
        {t('home.welcome')}
      </h2>
      <p className="welcome__body">{t('home.welcome.body')}</p>
      <ol className="steps">
        {steps.map((s) => (
          <li key={s.n} className="step">
            <div className="step__icon" aria-hidden="true">
              <s.icon size={22} />
            </div>
            <div className="step__text">
              <h3 className="step__title">
                <span className="step__n">{s.n}.</span> {t(s.title)}
              </h3>
              <p className="step__body">{t(s.body)}</p>
            </div>
            <button type="button" className="button button--secondary" onClick={() => navigate(s.route)}>
              {t('home.step.go')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Início: the welcome checklist on a fresh install, then the live dashboard. */
export function HomePage() {
  const t = useT();
  const [choice, setChoice] = useState<RangeChoice>({ range: '7d' });
  const dashboard = useDashboard(choice);
  const data = dashboard.data;
  const fresh = data !== null && data.contacts.total === 0 && data.campaigns.total === 0;
  return (
    <>
      <PageHeader
        title={t('home.title')}
        subtitle={t('home.subtitle')}
        actions={
          <>
            <a className="button button--secondary results-link-button" href="#/contatos">
              <Upload size={16} aria-hidden="true" /> {t('dashboard.action.import')}
            </a>
            <a className="button button--primary results-link-button" href="#/campanhas/nova">
              <Plus size={16} aria-hidden="true" /> {t('dashboard.action.newCampaign')}
            </a>
          </>
        }
      />
      {data === null && !dashboard.error ? (
        <p className="loading" role="status">
          {t('results.loading')}
        </p>
      ) : fresh ? (
        <Welcome />
      ) : (
        <Dashboard choice={choice} onChoice={setChoice} dashboard={dashboard} />
      )}
    </>
  );
}
