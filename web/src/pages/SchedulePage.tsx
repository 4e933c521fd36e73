import { useState } from 'react';
import { api } from '../api';
import { useCan, useMyZone } from '../me';
import { Link, navigate, useQueryState } from '../router';
import { Timeline, toSpans, type Span } from '../Timeline';
import { Confirm, ErrorBox, useLoad } from '../ui';
import { addDays, dayStart, mondayOf, spanText } from '../zoned';
import { OverrideDialog } from './OverrideDialog';

interface OverrideRow {
  id: string;
  start: string;
  end: string;
  user: { id: string; summary: string | null };
}

/** One schedule: its layers, overrides and final schedule over one or two weeks, in a chosen zone. */
export function SchedulePage({ id }: { id: string }) {
  const canWrite = useCan('schedules');
  const [zoneKey, setZoneKey] = useQueryState('tz', 'schedule');
  const [week, setWeek] = useQueryState('week', '');
  const [daysText, setDaysText] = useQueryState('days', '7');
  const days = daysText === '14' ? 14 : 7;
  const [overriding, setOverriding] = useState<{ start: number; end: number; userId?: string } | null>(null);
  const [removing, setRemoving] = useState<OverrideRow | null>(null);
  const [deleting, setDeleting] = useState(false);
  const myZone = useMyZone();

  const view = useLoad(async () => {
    const meta = (await api('GET', '/schedules/{id}', { path: { id } })).schedule;
    const tz = zoneKey === 'schedule' ? meta.time_zone : zoneKey === 'me' ? myZone : 'UTC';
    const monday = week || mondayOf(Date.now(), tz);
    const since = dayStart(monday, 0, tz);
    const until = dayStart(monday, days, tz);
    const window = { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
    const [full, overrides] = await Promise.all([
      api('GET', '/schedules/{id}', { path: { id }, query: { ...window, time_zone: tz } }),
      api('GET', '/schedules/{id}/overrides', { path: { id }, query: { ...window, time_zone: tz, overflow: true } }),
    ]);
    return { schedule: full.schedule, overrides: overrides.overrides as OverrideRow[], tz, monday, since, until, now: Date.now() };
  }, [id, zoneKey, week, days, myZone]);

  const v = view.data;
  if (view.error && !v) return <ErrorBox error={view.error} />;
  if (!v) return <p className="loading">Loading…</p>;
  const s = v.schedule;
  const tz = v.tz;
  const zones = [
    { key: 'schedule', label: `Schedule’s zone (${s.time_zone})` },
    { key: 'me', label: `Your zone (${myZone})` },
    { key: 'UTC', label: 'UTC' },
  ];
  const layers = s.schedule_layers ?? [];
  const overrideShift = (sp: Span) => setOverriding({ start: Math.max(sp.start, v.now), end: sp.end });
  const rows = [
    ...layers.map((l) => ({ label: l.name, spans: toSpans(l.rendered_schedule_entries) })),
    { label: 'Overrides', spans: toSpans(s.overrides_subschedule?.rendered_schedule_entries) },
    {
      label: 'Final schedule',
      spans: toSpans(s.final_schedule?.rendered_schedule_entries),
      ...(canWrite ? { onSelect: (sp: Span) => sp.end > v.now && overrideShift(sp), selectVerb: 'Override the shift of' } : {}),
    },
  ];
  const remove = async () => {
    await api('DELETE', '/schedules/{id}', { path: { id } });
    navigate('/schedules');
  };
  const removeOverride = async () => {
    await api('DELETE', '/schedules/{id}/overrides/{override_id}', { path: { id, override_id: removing!.id } });
    setRemoving(null);
    view.reload();
  };

  return (
    <section>
      <p className="crumbs">
        <Link to="/schedules">Schedules</Link> /
      </p>
      <div className="page-head">
        <h1>{s.name}</h1>
        {canWrite && (
          <div className="actions">
            <button type="button" className="primary" onClick={() => setOverriding({ start: Math.ceil(v.now / 3_600_000) * 3_600_000, end: Math.ceil(v.now / 3_600_000) * 3_600_000 + 8 * 3_600_000 })}>
              + New Override
            </button>
            <Link to={`/schedules/${id}/edit`} className="button">
              Edit schedule
            </Link>
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </div>
        )}
      </div>
      {s.description && <p>{s.description}</p>}
      <p className="muted small">
        Time zone {s.time_zone}
        {s.escalation_policies.length > 0 && (
          <>
            {' · Used by '}
            {s.escalation_policies.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ', '}
                <Link to={`/escalation_policies/${p.id}`}>{p.summary}</Link>
              </span>
            ))}
          </>
        )}
      </p>
      <div className="sched-nav" role="toolbar" aria-label="Timeline range">
        <button type="button" onClick={() => setWeek(addDays(v.monday, -7))}>
          Previous week
        </button>
        <button type="button" onClick={() => setWeek('')}>
          This week
        </button>
        <button type="button" onClick={() => setWeek(addDays(v.monday, 7))}>
          Next week
        </button>
        <div className="field inline">
          <label htmlFor="sched-days">Show</label>
          <select id="sched-days" value={String(days)} onChange={(e) => setDaysText(e.target.value)}>
            <option value="7">One week</option>
            <option value="14">Two weeks</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="sched-zone">Time zone</label>
          <select id="sched-zone" value={zoneKey} onChange={(e) => setZoneKey(e.target.value)}>
            {zones.map((z) => (
              <option key={z.key} value={z.key}>
                {z.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <h2 id="sched-range">
        {spanText(v.since, v.until, tz)} <span className="muted small">({tz})</span>
      </h2>
      <ErrorBox error={view.error} />
      <Timeline since={v.since} until={v.until} tz={tz} rows={rows} now={v.now} caption={`${s.name} timeline`} />
      {canWrite && <p className="hint">Select a shift of the final schedule to override it.</p>}
      <h2>Overrides in this range</h2>
      {v.overrides.length === 0 ? (
        <p className="muted">No overrides in this range.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">On call</th>
                <th scope="col">From – to ({tz})</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {v.overrides.map((o) => {
                const start = Date.parse(o.start);
                const end = Date.parse(o.end);
                const when = spanText(start, end, tz);
                return (
                  <tr key={o.id}>
                    <td data-label="On call">{o.user.summary}</td>
                    <td data-label="From – to">{when}</td>
                    <td data-label="Actions">
                      {canWrite && end > v.now && (
                        <button type="button" onClick={() => setRemoving(o)} aria-label={`Delete the override of ${o.user.summary}, ${when}`}>
                          {start < v.now ? 'End now' : 'Delete'}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {overriding && (
        <OverrideDialog
          scheduleId={id}
          tz={tz}
          start={overriding.start}
          end={overriding.end}
          onDone={() => {
            setOverriding(null);
            view.reload();
          }}
          onCancel={() => setOverriding(null)}
        />
      )}
      <Confirm open={!!removing} title={removing && Date.parse(removing.start) < v.now ? 'End this override now?' : 'Delete this override?'} confirmLabel={removing && Date.parse(removing.start) < v.now ? 'End override' : 'Delete override'} danger onConfirm={removeOverride} onCancel={() => setRemoving(null)}>
        {removing && (
          <p>
            {removing.user.summary}, {spanText(Date.parse(removing.start), Date.parse(removing.end), tz)}. The layers’ rotation applies again for that time.
          </p>
        )}
      </Confirm>
      <Confirm open={deleting} title="Delete this schedule?" confirmLabel="Delete" danger onConfirm={remove} onCancel={() => setDeleting(false)}>
        <p>Deleting “{s.name}” cannot be undone. A schedule that an escalation policy uses cannot be deleted: remove it from the policy first.</p>
      </Confirm>
    </section>
  );
}
