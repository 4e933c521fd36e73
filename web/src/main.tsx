import { ChannelBanner } from './ChannelBanner';
import { lazy, StrictMode, Suspense, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { api, session, setUnauthorizedHandler } from './api';
import { MeContext, zoneOf, type Me } from './me';
import { showTimesIn } from './ui';
import { Link, match, navigate, useLocation } from './router';
import { Login, Setup } from './pages/SignIn';
import { ServiceDirectory } from './pages/ServiceDirectory';
import { NewService } from './pages/NewService';
import { ServicePage } from './pages/ServicePage';
import { IntegrationPage } from './pages/IntegrationPage';
import { Incidents } from './pages/Incidents';
import { IncidentPage } from './pages/IncidentPage';
import { NewIncident } from './pages/NewIncident';
import { Priorities } from './pages/Priorities';
import { EscalationPolicies, EscalationPolicyPage } from './pages/EscalationPolicies';
import { Users } from './pages/Users';
import { UserPage } from './pages/UserPage';
import { MaintenanceWindowPage } from './pages/MaintenanceWindowPage';
import { Account } from './pages/Account';
import { Teams, TeamPage } from './pages/Teams';
import { Backlog } from './pages/Backlog';
import './styles.css';

// The charts library is big: load the analytics page (issue 8) only when it is opened.
const Analytics = lazy(() => import('./pages/Analytics').then((m) => ({ default: m.Analytics })));
// The schedule pages (issue 11) are their own chunk too: most visits never open them.
const Schedules = lazy(() => import('./pages/Schedules').then((m) => ({ default: m.Schedules })));
const SchedulePage = lazy(() => import('./pages/SchedulePage').then((m) => ({ default: m.SchedulePage })));
const ScheduleForm = lazy(() => import('./pages/ScheduleForm').then((m) => ({ default: m.ScheduleForm })));
const later = (page: ReactNode) => <Suspense fallback={<p className="loading">Loading…</p>}>{page}</Suspense>;

const NAV = [
  { to: '/incidents', label: 'Incidents' },
  { to: '/services', label: 'Service Directory' },
  { to: '/escalation_policies', label: 'Escalation Policies' },
  { to: '/schedules', label: 'Schedules' },
  { to: '/users', label: 'Users' },
  { to: '/teams', label: 'Teams' },
  { to: '/analytics', label: 'Analytics' },
];

function Routes({ path }: { path: string }) {
  let m: Record<string, string> | null;
  if (path === '/' || path === '/services') return <ServiceDirectory />;
  if (path === '/services/new') return <NewService />;
  if ((m = match('/services/:id/integrations/:iid', path))) return <IntegrationPage serviceId={m.id} integrationId={m.iid} />;
  if ((m = match('/services/:id/:tab', path))) return <ServicePage id={m.id} tab={m.tab} />;
  if ((m = match('/services/:id', path))) return <ServicePage id={m.id} tab="settings" />;
  // PagerDuty's service html_url is /service-directory/{id}; the API returns the same.
  if ((m = match('/service-directory/:id', path))) return <ServicePage id={m.id} tab="settings" />;
  if (path === '/incidents') return <Incidents />;
  if (path === '/incidents/new') return <NewIncident />;
  if ((m = match('/incidents/:id', path))) return <IncidentPage id={m.id} />;
  if ((m = match('/incidents/:id/alerts/:aid', path))) return <IncidentPage id={m.id} focus={{ alert: m.aid }} />;
  if ((m = match('/incidents/:id/log_entries/:lid', path))) return <IncidentPage id={m.id} focus={{ log: m.lid }} />;
  if ((m = match('/maintenance_windows/:id', path))) return <MaintenanceWindowPage id={m.id} />;
  if (path === '/priorities') return <Priorities />;
  if (path === '/escalation_policies') return <EscalationPolicies />;
  if ((m = match('/escalation_policies/:id', path))) return <EscalationPolicyPage id={m.id} />;
  if (path === '/schedules') return later(<Schedules />);
  if (path === '/schedules/new') return later(<ScheduleForm id={null} />);
  if ((m = match('/schedules/:id/edit', path))) return later(<ScheduleForm id={m.id} />);
  if ((m = match('/schedules/:id', path))) return later(<SchedulePage id={m.id} />);
  if (path === '/users') return <Users />;
  if ((m = match('/users/:id', path))) return <UserPage id={m.id} />;
  if (path === '/account') return <Account />;
  if (path === '/teams') return <Teams />;
  if (path === '/backlog') return <Backlog />;
  if ((m = match('/teams/:id', path))) return <TeamPage id={m.id} />;
  if (path === '/analytics') {
    return (
      <Suspense fallback={<p className="loading">Loading…</p>}>
        <Analytics />
      </Suspense>
    );
  }
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Go to the <Link to="/services">Service Directory</Link>.
      </p>
    </section>
  );
}

function App() {
  const { path } = useLocation();
  const [me, setMeState] = useState<Me | null | undefined>(undefined);
  const setMe = (u: Me | null) => {
    if (u) showTimesIn(zoneOf(u));
    setMeState(u);
  };
  const [navOpen, setNavOpen] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    api('GET', '/users/me').then(
      (r) => setMe(r.user),
      () => setMe(null),
    );
  }, []);
  useEffect(() => setNavOpen(false), [path]);

  if (me === undefined) return <p className="loading">Loading…</p>;
  if (me === null) {
    if (path === '/setup') return <Setup onSignedIn={setMe} />;
    return <Login onSignedIn={setMe} />;
  }
  if (path === '/login' || path === '/setup') {
    navigate('/services', true);
    return null;
  }
  const signOut = async () => {
    await session.signOut().catch(() => undefined);
    setMe(null);
    navigate('/login', true);
  };
  return (
    <MeContext.Provider value={me}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/services" className="brand">
          Tocsin
        </Link>
        <button type="button" className="nav-toggle" aria-expanded={navOpen} aria-controls="mainnav" onClick={() => setNavOpen(!navOpen)}>
          Menu
        </button>
        <nav id="mainnav" aria-label="Main" className={navOpen ? 'open' : ''}>
          {[...NAV, ...(['owner', 'admin'].includes(me.role) ? [{ to: '/backlog', label: 'Backlog' }] : [])].map((n) => (
            <Link key={n.to} to={n.to} aria-current={path.startsWith(n.to) || (n.to === '/services' && path === '/') ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <Link to="/account" title={`${me.email}: your account`}>
            {me.name} <span className="muted">({me.role.replace(/_/g, ' ')})</span>
          </Link>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ChannelBanner />
        <Routes path={path} />
      </main>
    </MeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
