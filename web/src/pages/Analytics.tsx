import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, option } from '../api';
import { Link, useLocation } from '../router';
import { Empty, ErrorBox, Field, useLoad } from '../ui';
import { everyDay, localDays } from '../every-day';
import { useMyZone } from '../me';
import { dateText, dayStart } from '../zoned';
import { download, toCsv } from '../csv';

// Service-level reporting (issue 8): incidents per day, MTTA and MTTR over time, the noisiest
// integrations, with filters and CSV export. Reads PagerDuty's analytics endpoints.

type Row = Record<string, number | string | null>;
const RANGES = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
];

const minutes = (s: unknown) => (typeof s === 'number' ? Math.round((s / 60) * 10) / 10 : null);

/** The chart's figures as a table (for screen readers, and to read exact values): one row per day. */
function DailyTable({ series }: { series: Array<{ day: string; incidents: unknown; mtta: number | null; mttr: number | null }> }) {
  return (
    <details className="chart-table">
      <summary>Incidents per day as a table</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Incidents</th>
            <th scope="col">MTTA (min)</th>
            <th scope="col">MTTR (min)</th>
          </tr>
        </thead>
        <tbody>
          {series.map((r) => (
            <tr key={r.day}>
              <th scope="row">{r.day}</th>
              <td>{String(r.incidents)}</td>
              <td>{r.mtta ?? '—'}</td>
              <td>{r.mttr ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function Analytics() {
  const { search } = useLocation();
  const serviceId = search.get('service') ?? '';
  const [days, setDays] = useState(30);
  const [teamId, setTeamId] = useState('');
  const [urgency, setUrgency] = useState<'' | 'high' | 'low'>('');
  const teams = useLoad(() => api('GET', '/teams', { query: { limit: 100 } }), []);
  const service = useLoad(() => (serviceId ? api('GET', '/services/{id}', { path: { id: serviceId } }) : Promise.resolve(null)), [serviceId]);

  // Days are the user's local days (their profile's zone, as the schedule pages), not the browser's.
  const timeZone = useMyZone();
  const range = () => {
    const today = dateText(Date.now(), timeZone);
    return { start: dayStart(today, 1 - days, timeZone), end: dayStart(today, 1, timeZone) };
  };
  const body = () => {
    const { start, end } = range();
    return {
      filters: {
        created_at_start: new Date(start).toISOString(),
        created_at_end: new Date(end).toISOString(),
        ...(serviceId ? { service_ids: [serviceId] } : {}),
        ...(teamId ? { team_ids: [teamId] } : {}),
        ...(urgency ? { urgency } : {}),
      },
      time_zone: timeZone,
    };
  };
  const daily = useLoad(() => api('POST', '/analytics/metrics/incidents/all', { body: { ...body(), aggregate_unit: 'day' } }), [days, teamId, urgency, serviceId]);
  const perService = useLoad(() => api('POST', '/analytics/metrics/incidents/services', { body: body() }), [days, teamId, urgency, serviceId]);
  const perIntegration = useLoad(() => api('POST', '/analytics/metrics/incidents/integrations', { body: { ...body(), order_by: 'total_incident_count', order: 'desc' } }), [days, teamId, urgency, serviceId]);

  const dailyRows = (daily.data?.data ?? []) as Row[];
  const allDays = dailyRows.length ? localDays(range().start, range().end, timeZone) : [];
  const series = everyDay(dailyRows, allDays, (d) => ({ range_start: d, total_incident_count: 0, mean_seconds_to_first_ack: null, mean_seconds_to_resolve: null }) as Row).map((r) => ({
    day: String(r.range_start).slice(5, 10),
    incidents: r.total_incident_count,
    mtta: minutes(r.mean_seconds_to_first_ack),
    mttr: minutes(r.mean_seconds_to_resolve),
  }));
  const services = (perService.data?.data ?? []) as Row[];
  const integrations = ((perIntegration.data?.data ?? []) as Row[]).slice(0, 10);
  const title = serviceId ? `Analytics: ${service.data?.service?.name ?? serviceId}` : 'Analytics';

  return (
    <section>
      <div className="page-head">
        <h1>{title}</h1>
        <div className="actions">
          <button type="button" onClick={() => download('incidents-per-day.csv', toCsv((daily.data?.data ?? []) as Row[]))} disabled={!series.length}>
            Export daily CSV
          </button>
          <button type="button" onClick={() => download('services.csv', toCsv(services))} disabled={!services.length}>
            Export services CSV
          </button>
        </div>
      </div>
      <div className="filters">
        <Field label="Time range">
          {(id) => (
            <select id={id} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {RANGES.map((r) => (
                <option key={r.days} value={r.days}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Team">
          {(id) => (
            <select id={id} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">All teams</option>
              {(teams.data?.teams ?? []).map((t: { id: string; name: string }) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Urgency">
          {(id) => (
            <select id={id} value={urgency} onChange={(e) => setUrgency(option(['', 'high', 'low'] as const, e.target.value))}>
              <option value="">High and low</option>
              <option value="high">High</option>
              <option value="low">Low</option>
            </select>
          )}
        </Field>
      </div>
      <ErrorBox error={daily.error || perService.error || perIntegration.error} />
      {!daily.loading && series.length === 0 ? (
        <Empty title="No incidents in this range">Widen the time range, or clear the team and urgency filters.</Empty>
      ) : (
        <>
          <h2>Incidents per day</h2>
          <div className="chart" role="img" aria-label="Bar chart of incidents per day">
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={series}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="incidents" name="Incidents" fill="#2a5bd7" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <DailyTable series={series} />
          <h2>Mean time to acknowledge and to resolve (minutes)</h2>
          <div className="chart" role="img" aria-label="Line chart of mean minutes to acknowledge and to resolve per day">
            <ResponsiveContainer width="100%" height={220}>
              <LineChart data={series}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Line type="monotone" dataKey="mtta" name="MTTA" stroke="#b35c00" connectNulls />
                <Line type="monotone" dataKey="mttr" name="MTTR" stroke="#1f7a3d" connectNulls />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
      <h2>Noisiest integrations</h2>
      {integrations.length === 0 ? (
        <p className="muted">No incidents came from integrations in this range.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Integration</th>
                <th scope="col">Incidents</th>
                <th scope="col">Alerts per incident</th>
                <th scope="col">Auto-resolved</th>
                <th scope="col">Events deduplicated</th>
              </tr>
            </thead>
            <tbody>
              {integrations.map((r) => (
                <tr key={String(r.integration_id)}>
                  <td>{r.integration_name ?? (r.integration_id ? r.integration_id : 'Manual (no integration)')}</td>
                  <td>{r.total_incident_count}</td>
                  <td>{r.mean_alerts_per_incident ?? '—'}</td>
                  <td>{typeof r.share_auto_resolved === 'number' ? `${Math.round(r.share_auto_resolved * 100)}%` : '—'}</td>
                  <td>{typeof r.share_events_deduplicated === 'number' ? `${Math.round(r.share_events_deduplicated * 100)}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!serviceId && (
        <>
          <h2>Services</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Incidents</th>
                  <th scope="col">MTTA (min)</th>
                  <th scope="col">MTTR (min)</th>
                  <th scope="col">Escalated on timeout</th>
                </tr>
              </thead>
              <tbody>
                {services.map((r) => (
                  <tr key={String(r.service_id)}>
                    <td>
                      <Link to={`/analytics?service=${r.service_id}`}>{r.service_name ?? r.service_id}</Link>
                    </td>
                    <td>{r.total_incident_count}</td>
                    <td>{minutes(r.mean_seconds_to_first_ack) ?? '—'}</td>
                    <td>{minutes(r.mean_seconds_to_resolve) ?? '—'}</td>
                    <td>{r.total_incidents_timeout_escalated}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
