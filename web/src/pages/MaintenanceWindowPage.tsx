import { api } from '../api';
import { Link } from '../router';
import { ErrorBox, formatTime, useLoad } from '../ui';

/** One maintenance window (its html_url lands here): when it runs and the services it covers. */
export function MaintenanceWindowPage({ id }: { id: string }) {
  const data = useLoad(() => api('GET', '/maintenance_windows/{id}', { path: { id } }).then((r) => r.maintenance_window), [id]);
  if (data.error && !data.data) return <ErrorBox error={data.error} />;
  if (!data.data) return <p className="loading">Loading…</p>;
  const w = data.data;
  return (
    <section>
      <h1>Maintenance window: {w.description || 'no description'}</h1>
      <p>
        {formatTime(w.start_time)} – {formatTime(w.end_time)}
      </p>
      <h2>Services</h2>
      <ul>
        {(w.services).map((s) => (
          <li key={s.id}>
            <Link to={`/services/${s.id}/maintenance`}>{s.summary}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
