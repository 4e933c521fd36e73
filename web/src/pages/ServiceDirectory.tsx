import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { useCan } from '../me';
import { Link, useQueryState } from '../router';
import { Badge, Empty, ErrorBox, Pager, useLoad } from '../ui';
import { BusinessServiceImpacts } from './BusinessServiceImpacts';

const LIMIT = 25;

interface Ref {
  id: string;
  summary: string | null;
}
interface ServiceRow {
  id: string;
  name: string;
  description: string | null;
  status: string;
  escalation_policy: Ref;
  teams: Ref[];
}

/** Open incident counts for the services on this page: one request, whatever the page size. */
async function openCounts(ids: string[]): Promise<Record<string, number> | null> {
  if (!ids.length) return {};
  try {
    const r = await api('GET', '/incidents', { query: { 'service_ids': ids, 'statuses': ['triggered', 'acknowledged'], limit: 100, date_range: 'all' } });
    const out: Record<string, number> = {};
    for (const inc of r.incidents ?? []) if (inc.service) out[inc.service.id] = (out[inc.service.id] ?? 0) + 1;
    if (r.more) {
      // More than one page of open incidents: count exactly for the services that have any.
      await Promise.all(
        Object.keys(out).map(async (id) => {
          const t = await api('GET', '/incidents', { query: { service_ids: [id], statuses: ['triggered', 'acknowledged'], limit: 1, total: true, date_range: 'all' } });
          out[id] = t.total ?? out[id];
        }),
      );
    }
    return out;
  } catch {
    return null;
  }
}

export function ServiceDirectory() {
  const canCreate = useCan('services');
  const [debounced, setDebounced] = useQueryState('query', '');
  const [query, setQuery] = useState(debounced);
  const [team, setTeam] = useQueryState('team', '');
  const [sort, setSort] = useQueryState('sort', 'asc');
  const desc = sort === 'desc';
  const setDesc = (d: boolean) => setSort(d ? 'desc' : 'asc');
  const [offsetText, setOffsetText] = useQueryState('offset', '0');
  const offset = Number(offsetText) || 0;
  const setOffset = (n: number) => setOffsetText(String(n));
  useEffect(() => {
    const t = setTimeout(() => setDebounced(query.trim()), 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- debounces typing; the setter is a new function every render
  }, [query]);
  // A new search, filter or order starts at the first page (but not on the first render: keep ?offset).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else setOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- back to the first page when the query changes; setOffset is a new function every render
  }, [debounced, team, desc]);

  const teams = useLoad(() => api('GET', '/teams', { query: { limit: 100 } }).then((r) => r.teams).catch(() => []), []);
  const page = useLoad(async () => {
    const r = await api('GET', '/services', { query: { query: debounced, team_ids: team ? [team] : undefined, sort_by: desc ? 'name:desc' : 'name:asc', limit: LIMIT, offset, total: true } });
    const services = r.services as ServiceRow[];
    return { ...r, services, counts: await openCounts(services.map((s) => s.id)) };
  }, [debounced, team, desc, offset]);

  const data = page.data;
  return (
    <section>
      <div className="page-head">
        <h1>Service Directory</h1>
        {canCreate && (
          <Link to="/services/new" className="button primary">
            + New Service
          </Link>
        )}
      </div>
      <div className="filters" role="search">
        <div className="field inline">
          <label htmlFor="svc-search">Search by name</label>
          <input id="svc-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Service name" />
        </div>
        <div className="field inline">
          <label htmlFor="svc-team">Team</label>
          <select id="svc-team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {(teams.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name ?? t.summary}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorBox error={page.error} />
      {data && data.services.length === 0 && !page.loading && (
        <Empty title={debounced || team ? 'No services match.' : 'No services yet.'}>
          {debounced || team ? (
            'Try another name or team.'
          ) : canCreate ? (
            <>
              Create your first service with <Link to="/services/new">+ New Service</Link>, then send it events.
            </>
          ) : (
            'Ask an administrator to create a service.'
          )}
        </Empty>
      )}
      {data && data.services.length > 0 && (
        <>
          <div className="table-wrap">
            <table aria-busy={page.loading}>
              <thead>
                <tr>
                  <th scope="col" aria-sort={desc ? 'descending' : 'ascending'}>
                    <button type="button" className="sort" onClick={() => setDesc(!desc)}>
                      Name <span aria-hidden="true">{desc ? '▼' : '▲'}</span>
                      <span className="sr-only">{desc ? ', sorted Z to A; sort A to Z' : ', sorted A to Z; sort Z to A'}</span>
                    </button>
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Escalation policy</th>
                  <th scope="col">Teams</th>
                  <th scope="col">Open incidents</th>
                </tr>
              </thead>
              <tbody>
                {data.services.map((s: ServiceRow) => (
                  <tr key={s.id}>
                    <td data-label="Name">
                      <Link to={`/services/${s.id}`}>{s.name}</Link>
                      {s.description && <div className="muted small">{s.description}</div>}
                    </td>
                    <td data-label="Status">
                      <Badge value={s.status} />
                    </td>
                    <td data-label="Escalation policy">
                      {s.escalation_policy ? <Link to={`/escalation_policies/${s.escalation_policy.id}`}>{s.escalation_policy.summary}</Link> : '—'}
                    </td>
                    <td data-label="Teams">{s.teams?.length ? s.teams.map((t: Ref) => t.summary).join(', ') : '—'}</td>
                    <td data-label="Open incidents">
                      {data.counts === null ? '—' : data.counts[s.id] ? <Link to={`/incidents?service=${s.id}`}>{data.counts[s.id]}</Link> : '0'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={LIMIT} count={data.services.length} total={data.total ?? null} more={data.more} onPage={setOffset} />
        </>
      )}
      <BusinessServiceImpacts />
    </section>
  );
}
