import { ExportIncidentsCsv } from '../IncidentsCsv';
import { useEffect, useRef, useState } from 'react';
import { api, options } from '../api';
import { useCan } from '../me';
import { Link, useLocation, useQueryState } from '../router';
import { Badge, Empty, ErrorBox, formatTime, Pager, useLoad } from '../ui';
import { usePriorities } from './IncidentResponse';
import { summaries } from '../refs';

const LIMIT = 25;
const POLL_MS = 5000;
const STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;

/** Acknowledge or resolve one incident (PagerDuty's PUT /incidents/{id}). */
export async function setIncidentStatus(id: string, status: 'acknowledged' | 'resolved'): Promise<void> {
  await api('PUT', '/incidents/{id}', { path: { id }, body: { incident: { type: 'incident_reference', status } } });
}

export function Incidents() {
  const canWrite = useCan('incidents');
  const { search } = useLocation();
  const service = search.get('service') ?? '';
  const [statusText, setStatusText] = useQueryState('statuses', 'triggered,acknowledged');
  const statuses = statusText ? statusText.split(',') : [];
  const setStatuses = (s: string[]) => setStatusText(STATUSES.filter((x) => s.includes(x)).join(','));
  const [urgency, setUrgency] = useQueryState('urgency', '');
  const [priority, setPriority] = useQueryState('priority', '');
  const [sort, setSort] = useQueryState('sort', 'created_at:desc');
  const priorities = usePriorities();
  const [offsetText, setOffsetText] = useQueryState('offset', '0');
  const offset = Number(offsetText) || 0;
  const setOffset = (n: number) => setOffsetText(String(n));
  const [actionError, setActionError] = useState<unknown>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else setOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- back to the first page when a filter changes; setOffset is a new function every render
  }, [statusText, urgency, priority, sort, service]);
  const list = useLoad(
    () =>
      api('GET', '/incidents', { query: {
            statuses: options(['triggered', 'acknowledged', 'resolved'], statuses),
            urgencies: options(['high', 'low'], [urgency]),
            priority_ids: priority ? [priority] : undefined,
            service_ids: service ? [service] : undefined,
            date_range: 'all',
            sort_by: sort === 'created_at:desc' ? sort : `${sort},created_at:desc`,
            limit: LIMIT,
            offset,
            total: true,
          } }),
    [statuses.join(), urgency, priority, sort, service, offset],
  );
  // Live updates: poll while the page is open and visible.
  useEffect(() => {
    const t = setInterval(() => document.visibilityState === 'visible' && list.reload(), POLL_MS);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the interval restarts only when reload changes; `list` is a new object every render
  }, [list.reload]);

  const [selected, setSelected] = useState<string[]>([]);
  useEffect(() => setSelected([]), [statusText, urgency, priority, sort, service, offset]);
  const bulk = async (status: 'acknowledged' | 'resolved') => {
    setActionError(null);
    try {
      await api('PUT', '/incidents', { body: { incidents: selected.map((id) => ({ id, type: 'incident_reference', status })) } });
      setSelected([]);
      list.reload();
    } catch (e) {
      setActionError(e);
    }
  };
  const act = async (id: string, status: 'acknowledged' | 'resolved') => {
    setActionError(null);
    try {
      await setIncidentStatus(id, status);
      list.reload();
    } catch (e) {
      setActionError(e);
    }
  };
  const toggle = (s: string) => setStatuses(statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s]);
  const incidents = list.data?.incidents ?? [];
  const open = incidents.filter((i) => i.status !== 'resolved');
  const toggleOne = (id: string) => setSelected(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  return (
    <section>
      <div className="page-head">
        <h1>Incidents</h1>
        <div className="actions">
          <span className="muted small">Updates every {POLL_MS / 1000} seconds</span>
          <ExportIncidentsCsv filters={{ statuses, urgencies: urgency ? [urgency] : undefined, service_ids: service ? [service] : undefined }} />
          {canWrite && (
            <Link to={`/incidents/new${service ? `?service=${service}` : ''}`} className="button primary">
              + New Incident
            </Link>
          )}
        </div>
      </div>
      <div className="filters">
        <fieldset className="inline-set">
          <legend>Status</legend>
          {STATUSES.map((s) => (
            <label key={s} className="check">
              <input type="checkbox" checked={statuses.includes(s)} onChange={() => toggle(s)} /> {s[0].toUpperCase() + s.slice(1)}
            </label>
          ))}
        </fieldset>
        <div className="field inline">
          <label htmlFor="inc-urgency">Urgency</label>
          <select id="inc-urgency" value={urgency} onChange={(e) => setUrgency(e.target.value)}>
            <option value="">All urgencies</option>
            <option value="high">High</option>
            <option value="low">Low</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="inc-priority">Priority</label>
          <select id="inc-priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">All priorities</option>
            {(priorities.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value="none">No priority</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="inc-sort">Sort by</label>
          <select id="inc-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="created_at:desc">Newest first</option>
            <option value="priority:asc">Priority (highest first)</option>
            <option value="urgency:asc">Urgency (high first)</option>
          </select>
        </div>
        <Link to="/priorities" className="small">
          Priorities
        </Link>
        {service && (
          <p>
            Showing one service. <Link to="/incidents">Show all services</Link>
          </p>
        )}
      </div>
      <ErrorBox error={list.error ?? actionError} />
      {list.data && incidents.length === 0 && (
        <Empty title="No incidents match.">
          {statuses.includes('resolved') ? 'Nothing has happened yet: incidents appear here when your services receive events.' : 'Nothing is open. Tick “Resolved” to see past incidents.'}
        </Empty>
      )}
      {incidents.length > 0 && (
        <>
          {canWrite && open.length > 0 && (
            <div className="actions bulk">
              <button type="button" disabled={!selected.length} onClick={() => bulk('acknowledged')}>
                Acknowledge selected
              </button>
              <button type="button" disabled={!selected.length} onClick={() => bulk('resolved')}>
                Resolve selected
              </button>
              <span className="muted small" aria-live="polite">
                {selected.length} selected
              </span>
            </div>
          )}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  {canWrite && (
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Select all open incidents on this page"
                        checked={open.length > 0 && open.every((i) => selected.includes(i.id))}
                        onChange={(e) => setSelected(e.target.checked ? open.map((i) => i.id) : [])}
                      />
                    </th>
                  )}
                  <th scope="col">Status</th>
                  <th scope="col">Urgency</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Title</th>
                  <th scope="col">Service</th>
                  <th scope="col">Assigned to</th>
                  <th scope="col">Created</th>
                  {canWrite && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {incidents.map((i) => (
                  <tr key={i.id}>
                    {canWrite && (
                      <td data-label="Select">
                        {i.status !== 'resolved' && (
                          <input type="checkbox" aria-label={`Select incident ${i.incident_number}`} checked={selected.includes(i.id)} onChange={() => toggleOne(i.id)} />
                        )}
                      </td>
                    )}
                    <td data-label="Status">
                      <Badge value={i.status} />
                    </td>
                    <td data-label="Urgency">
                      <Badge value={i.urgency} />
                    </td>
                    <td data-label="Priority">{i.priority?.summary ?? '—'}</td>
                    <td data-label="Title">
                      <Link to={`/incidents/${i.id}`}>
                        #{i.incident_number} {i.title}
                      </Link>
                    </td>
                    <td data-label="Service">
                      <Link to={`/services/${i.service?.id}`}>{i.service?.summary}</Link>
                    </td>
                    <td data-label="Assigned to">{summaries((i.assignments ?? []).map((a) => a.assignee)) || '—'}</td>
                    <td data-label="Created">{formatTime(i.created_at)}</td>
                    {canWrite && (
                      <td data-label="Actions" className="row-actions">
                        {i.status === 'triggered' && (
                          <button type="button" onClick={() => act(i.id, 'acknowledged')} aria-label={`Acknowledge incident ${i.incident_number}`}>
                            Acknowledge
                          </button>
                        )}
                        {i.status !== 'resolved' && (
                          <button type="button" onClick={() => act(i.id, 'resolved')} aria-label={`Resolve incident ${i.incident_number}`}>
                            Resolve
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={LIMIT} count={incidents.length} total={list.data?.total ?? null} more={!!list.data?.more} onPage={setOffset} />
        </>
      )}
    </section>
  );
}
