// Who is on call, from GET /oncalls: "On call now" for an escalation policy (its page and its
// services' pages) and a user's upcoming shifts (their account page).
import { useId } from 'react';
import { api } from './api';
import { useMe, useMyZone } from './me';
import { Link } from './router';
import { userColour } from './Timeline';
import { ErrorBox, useLoad } from './ui';
import { shortTime, spanText } from './zoned';

interface Oncall {
  escalation_policy: { id: string; summary: string | null };
  user: { id: string; summary: string | null };
  schedule: { id: string; summary: string | null } | null;
  escalation_level: number;
  start: string | null;
  end: string | null;
}

const DAY_MS = 86_400_000;

/** Each level of the policy and who is on call there now (directly, or through a schedule until when). */
export function OnCallNow({ policyId, title = 'On call now' }: { policyId: string; title?: string }) {
  const tz = useMyZone();
  const titleId = useId();
  const list = useLoad(() => api('GET', '/oncalls', { query: { 'escalation_policy_ids[]': [policyId], limit: 100 } }).then((r) => r.oncalls as Oncall[]), [policyId]);
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <ErrorBox error={list.error} />
      {list.data && list.data.length === 0 && <p className="muted">Nobody is on call: no level has a user or a schedule with someone on call now.</p>}
      {list.data && list.data.length > 0 && (
        <ul className="oncall-now">
          {list.data.map((o, i) => (
            <li key={i}>
              <span className="muted">Level {o.escalation_level}:</span> <span className="swatch" style={userColour(o.user.id)} aria-hidden="true" />
              <strong>{o.user.summary}</strong>{' '}
              {o.schedule ? (
                <span className="muted small">
                  on <Link to={`/schedules/${o.schedule.id}`}>{o.schedule.summary}</Link>
                  {o.end && ` until ${shortTime(Date.parse(o.end), tz)}`}
                </span>
              ) : (
                <span className="muted small">(always, named in the policy)</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The signed-in user's on-call shifts over the next two weeks, one line per shift and schedule. */
export function UpcomingShifts() {
  const me = useMe();
  const tz = useMyZone();
  const titleId = useId();
  const list = useLoad(async () => {
    const now = Date.now();
    const r = await api('GET', '/oncalls', { query: { 'user_ids[]': [me.id], since: new Date(now).toISOString(), until: new Date(now + 14 * DAY_MS).toISOString(), limit: 100 } });
    // One line per shift: the same schedule under several policies (or levels) is one shift.
    const shifts = new Map<string, { o: Oncall; policies: string[] }>();
    const always: Oncall[] = [];
    for (const o of r.oncalls as Oncall[]) {
      if (!o.schedule) {
        always.push(o);
        continue;
      }
      const key = `${o.schedule.id}|${o.start}|${o.end}`;
      const s = shifts.get(key) ?? { o, policies: [] };
      const p = `${o.escalation_policy.summary} (level ${o.escalation_level})`;
      if (!s.policies.includes(p)) s.policies.push(p);
      shifts.set(key, s);
    }
    return { shifts: [...shifts.values()].sort((a, b) => Date.parse(a.o.start!) - Date.parse(b.o.start!)), always };
  }, [me.id]);
  const d = list.data;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Your upcoming on-call shifts</h2>
      <ErrorBox error={list.error} />
      {d && d.shifts.length === 0 && d.always.length === 0 && <p className="muted">You have no on-call shifts in the next two weeks.</p>}
      {d && d.shifts.length > 0 && (
        <ul className="oncall-now" aria-label="Shifts in the next two weeks">
          {d.shifts.map(({ o, policies }) => (
            <li key={`${o.schedule!.id}-${o.start}`}>
              <strong>{spanText(Date.parse(o.start!), Date.parse(o.end!), tz)}</strong> on <Link to={`/schedules/${o.schedule!.id}`}>{o.schedule!.summary}</Link>{' '}
              <span className="muted small">· {policies.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
      {d && d.always.length > 0 && (
        <p className="small">
          Always on call (named directly) in:{' '}
          {d.always.map((o, i) => (
            <span key={i}>
              {i > 0 && ', '}
              <Link to={`/escalation_policies/${o.escalation_policy.id}`}>{o.escalation_policy.summary}</Link> (level {o.escalation_level})
            </span>
          ))}
        </p>
      )}
      <p className="hint">Times in {tz}.</p>
    </section>
  );
}
