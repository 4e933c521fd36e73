import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { useCan } from '../me';
import { Link, useQueryState } from '../router';
import { userColour } from '../Timeline';
import { Empty, ErrorBox, Pager, useLoad } from '../ui';
import { shortTime } from '../zoned';

const LIMIT = 25;
const DAY_MS = 86_400_000;

interface Ref {
  id: string;
  summary: string | null;
}
interface Entry {
  start: string;
  end: string;
  user: Ref;
}
interface ScheduleRow {
  id: string;
  name: string;
  description: string | null;
  time_zone: string;
  teams: Ref[];
  escalation_policies: Ref[];
  final_schedule?: { rendered_schedule_entries: Entry[] };
}

/** Who is on call now and until when, and who is next, from the final schedule of the next two weeks. */
export function OnCallCell({ entries, now, until, tz }: { entries: Entry[]; now: number; until: number; tz: string }) {
  const current = entries.find((e) => Date.parse(e.start) <= now && Date.parse(e.end) > now);
  const next = entries.find((e) => Date.parse(e.start) > now);
  return (
    <>
      {current ? (
        <span>
          <span className="swatch" style={userColour(current.user.id)} aria-hidden="true" />
          <strong>{current.user.summary}</strong>{' '}
          <span className="muted small">{Date.parse(current.end) >= until - 1000 ? 'for the next two weeks at least' : `until ${shortTime(Date.parse(current.end), tz)}`}</span>
        </span>
      ) : (
        <span className="muted">Nobody</span>
      )}
      {next && (
        <div className="muted small">
          Next: {next.user.summary} from {shortTime(Date.parse(next.start), tz)}
        </div>
      )}
    </>
  );
}

export function Schedules() {
  const canCreate = useCan('schedules');
  const [debounced, setDebounced] = useQueryState('query', '');
  const [query, setQuery] = useState(debounced);
  const [offsetText, setOffsetText] = useQueryState('offset', '0');
  const offset = Number(offsetText) || 0;
  useEffect(() => {
    const t = setTimeout(() => setDebounced(query.trim()), 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- debounces typing; the setter is a new function every render
  }, [query]);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else setOffsetText('0');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- back to the first page when the query changes; the setter is a new function every render
  }, [debounced]);

  // One request: the page of schedules with each one's final schedule over the next two weeks.
  const page = useLoad(async () => {
    const now = Date.now();
    const r = await api('GET', '/schedules', { query: { query: debounced, limit: LIMIT, offset, total: true, 'include[]': ['final_schedule'], since: new Date(now).toISOString(), until: new Date(now + 14 * DAY_MS).toISOString() } });
    return { now, until: now + 14 * DAY_MS, schedules: r.schedules as ScheduleRow[], total: (r.total ?? null) as number | null, more: !!r.more };
  }, [debounced, offset]);
  const data = page.data;

  return (
    <section>
      <div className="page-head">
        <h1>Schedules</h1>
        {canCreate && (
          <Link to="/schedules/new" className="button primary">
            + New Schedule
          </Link>
        )}
      </div>
      <div className="filters" role="search">
        <div className="field inline">
          <label htmlFor="sched-search">Search by name</label>
          <input id="sched-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Schedule name" />
        </div>
      </div>
      <ErrorBox error={page.error} />
      {data && data.schedules.length === 0 && !page.loading && (
        <Empty title={debounced ? 'No schedules match.' : 'No schedules yet.'}>
          {debounced ? 'Try another name.' : canCreate ? <>A schedule says who is on call when. <Link to="/schedules/new">Create the first one.</Link></> : 'Ask someone who manages on-call to create one.'}
        </Empty>
      )}
      {data && data.schedules.length > 0 && (
        <>
          <div className="table-wrap">
            <table aria-busy={page.loading}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">On call now</th>
                  <th scope="col">Time zone</th>
                  <th scope="col">Escalation policies</th>
                  <th scope="col">Teams</th>
                </tr>
              </thead>
              <tbody>
                {data.schedules.map((s) => (
                  <tr key={s.id}>
                    <td data-label="Name">
                      <Link to={`/schedules/${s.id}`}>{s.name}</Link>
                      {s.description && <div className="muted small">{s.description}</div>}
                    </td>
                    <td data-label="On call now">
                      <OnCallCell entries={s.final_schedule?.rendered_schedule_entries ?? []} now={data.now} until={data.until} tz={s.time_zone} />
                    </td>
                    <td data-label="Time zone">{s.time_zone}</td>
                    <td data-label="Escalation policies">
                      {s.escalation_policies.length
                        ? s.escalation_policies.map((p, i) => (
                            <span key={p.id}>
                              {i > 0 && ', '}
                              <Link to={`/escalation_policies/${p.id}`}>{p.summary}</Link>
                            </span>
                          ))
                        : '—'}
                    </td>
                    <td data-label="Teams">{s.teams.length ? s.teams.map((t) => t.summary).join(', ') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={LIMIT} count={data.schedules.length} total={data.total} more={data.more} onPage={(n) => setOffsetText(String(n))} />
        </>
      )}
    </section>
  );
}
