import { useEffect, useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../api';
import { useCan } from '../me';
import { Link } from '../router';
import { Badge, Empty, ErrorBox, Field, formatTime, useLoad } from '../ui';
import { setIncidentStatus } from './Incidents';
import { AlertList } from '../AlertDetails';
import { ConferenceBridge, PrioritySelect, Responders, StatusUpdates } from './IncidentResponse';
import { IncidentWorkflows } from './IncidentWorkflows';
import { summaries } from '../refs';
import type { Incident } from '../models';
import { AssignPicker, assignment } from '../AssignPicker';

/** Reassign to users or to an escalation policy (PagerDuty's reassign: one or the other). */
function Reassign({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const [target, setTarget] = useState('');
  const [error, setError] = useState<unknown>(null);
  const FIELDS = ['assignments', 'assignee', 'user', 'escalation_policy'];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('PUT', '/incidents/{id}', { path: { id: incident.id }, body: { incident: { type: 'incident_reference', ...assignment(target) } } });
      setTarget('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="row" noValidate>
      <Field label="Reassign to" error={fieldErrors(error, FIELDS)}>
        {(id, d) => (
          <AssignPicker id={id} describedBy={d} value={target} onChange={setTarget} emptyLabel="Choose a user or escalation policy…" />
        )}
      </Field>
      <button type="submit" disabled={!target}>
        Reassign
      </button>
      <ErrorBox error={error && !fieldErrors(error, FIELDS) ? error : null} />
    </form>
  );
}

/** Snooze an acknowledged incident, or escalate an open one to the next level of its policy. */
function MoreActions({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const [hours, setHours] = useState('4');
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    setNote(null);
    try {
      await fn();
      setNote(done);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const policy = useLoad(
    () => (incident.escalation_policy ? api('GET', '/escalation_policies/{id}', { path: { id: incident.escalation_policy.id } }).then((r) => r.escalation_policy) : Promise.resolve(null)),
    [incident.escalation_policy?.id],
  );
  const levels = (policy.data?.escalation_rules ?? []).length;
  const [level, setLevel] = useState('1');
  return (
    <div className="row">
      {incident.status === 'acknowledged' && (
        <>
          <div className="field inline">
            <label htmlFor="snooze-for">Snooze for</label>
            <select id="snooze-for" value={hours} onChange={(e) => setHours(e.target.value)}>
              {['1', '4', '8', '24'].map((h) => (
                <option key={h} value={h}>
                  {h} hour{h === '1' ? '' : 's'}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={() => run(() => api('POST', '/incidents/{id}/snooze', { path: { id: incident.id }, body: { duration: Number(hours) * 3600 } }), `Snoozed for ${hours} h.`)}>
            Snooze
          </button>
        </>
      )}
      {levels > 0 && (
        <>
          <div className="field inline">
            <label htmlFor="escalate-to">Escalate to</label>
            <select id="escalate-to" value={level} onChange={(e) => setLevel(e.target.value)}>
              {Array.from({ length: levels }, (_, n) => (
                <option key={n} value={String(n + 1)}>
                  Level {n + 1}: {summaries(policy.data?.escalation_rules[n].targets)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            onClick={() => run(() => api('PUT', '/incidents/{id}', { path: { id: incident.id }, body: { incident: { type: 'incident_reference', escalation_level: Number(level) } } }), `Escalated to level ${level}.`)}
          >
            Escalate
          </button>
        </>
      )}
      {note && <span role="status" className="muted">{note}</span>}
      <ErrorBox error={error} />
    </div>
  );
}

function AddNote({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const [content, setContent] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/incidents/{id}/notes', { path: { id: incidentId }, body: { note: { content } } });
      setContent('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <Field label="Add a note" error={fieldErrors(error, ['content', 'note'])}>
        {(id, d) => <textarea id={id} aria-describedby={d} rows={3} value={content} onChange={(e) => setContent(e.target.value)} />}
      </Field>
      <ErrorBox error={error && !fieldErrors(error, ['content', 'note']) ? error : null} />
      <div className="actions">
        <button type="submit" disabled={!content.trim()}>
          Add Note
        </button>
      </div>
    </form>
  );
}

/** An incident; `focus` names an alert or a log entry to open and scroll to (their html_url lands here). */
export function IncidentPage({ id, focus }: { id: string; focus?: { alert?: string; log?: string } }) {
  const canWrite = useCan('incidents');
  const data = useLoad(async () => {
    const [inc, alerts, log, notes] = await Promise.all([
      api('GET', '/incidents/{id}', { path: { id } }),
      api('GET', '/incidents/{id}/alerts', { path: { id }, query: { limit: 100 } }).catch(() => ({ alerts: [] })),
      api('GET', '/incidents/{id}/log_entries', { path: { id }, query: { limit: 100 } }).catch(() => ({ log_entries: [] })),
      api('GET', '/incidents/{id}/notes', { path: { id } }).catch(() => ({ notes: [] })),
    ]);
    return { incident: inc.incident, alerts: alerts.alerts, log: log.log_entries, notes: notes.notes };
  }, [id]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const t = setInterval(() => document.visibilityState === 'visible' && data.reload(), 5000);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the interval restarts only when reload changes; `data` is a new object every render
  }, [data.reload]);
  const loaded = !!data.data;
  useEffect(() => {
    if (loaded && focus?.log) document.getElementById(`log-${focus.log}`)?.scrollIntoView({ block: 'center' });
  }, [loaded, focus?.log]);
  if (data.error && !data.data) return <ErrorBox error={data.error} />;
  if (!data.data) return <p className="loading">Loading…</p>;
  const { incident: i, alerts, log, notes } = data.data;
  const act = async (status: 'acknowledged' | 'resolved') => {
    setError(null);
    try {
      await setIncidentStatus(i.id, status);
      data.reload();
    } catch (e) {
      setError(e);
    }
  };
  const timeline = [...log].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  return (
    <section>
      <p className="crumbs">
        <Link to="/incidents">Incidents</Link> /
      </p>
      <div className="page-head">
        <h1>
          #{i.incident_number} {i.title}
        </h1>
        {canWrite && i.status !== 'resolved' && (
          <div className="actions">
            {i.status === 'triggered' && (
              <button type="button" className="primary" onClick={() => act('acknowledged')}>
                Acknowledge
              </button>
            )}
            <button type="button" onClick={() => act('resolved')}>
              Resolve
            </button>
          </div>
        )}
      </div>
      <ErrorBox error={error} />
      <dl className="settings">
        <div className="setting"><dt>Status</dt><dd><Badge value={i.status} /></dd></div>
        <div className="setting"><dt>Urgency</dt><dd><Badge value={i.urgency} /></dd></div>
        <div className="setting"><dt>Priority</dt><dd><PrioritySelect incident={i} canWrite={canWrite} onDone={data.reload} /></dd></div>
        <div className="setting"><dt>Conference bridge</dt><dd><ConferenceBridge key={JSON.stringify(i.conference_bridge)} incident={i} canWrite={canWrite} onDone={data.reload} /></dd></div>
        <div className="setting"><dt>Service</dt><dd><Link to={`/services/${i.service?.id}`}>{i.service?.summary}</Link></dd></div>
        <div className="setting"><dt>Escalation policy</dt><dd>{i.escalation_policy?.summary ?? '—'}</dd></div>
        <div className="setting"><dt>Assigned to</dt><dd>{summaries((i.assignments ?? []).map((a) => a.assignee)) || '—'}</dd></div>
        <div className="setting"><dt>Created</dt><dd>{formatTime(i.created_at)}</dd></div>
        {i.incident_key && <div className="setting"><dt>Incident key</dt><dd><code>{i.incident_key}</code></dd></div>}
      </dl>
      {canWrite && i.status !== 'resolved' && <Reassign incident={i} onDone={data.reload} />}
      {canWrite && i.status !== 'resolved' && <MoreActions incident={i} onDone={data.reload} />}
      <Responders incident={i} canWrite={canWrite} onDone={data.reload} />
      <StatusUpdates incidentId={i.id} canWrite={canWrite} />
      <IncidentWorkflows incident={i} canWrite={canWrite} onChange={data.reload} />
      <h2>Alerts</h2>
      {alerts.length === 0 ? (
        <Empty title="No alerts.">This incident was created by hand or on a service that creates incidents only.</Empty>
      ) : (
        <AlertList alerts={alerts} log={log} focus={focus?.alert} />
      )}
      <h2>Notes</h2>
      {notes.length === 0 ? <p className="muted">No notes yet.</p> : (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.id}><p>{n.content}</p><p className="muted small">{n.user?.summary} · {formatTime(n.created_at)}</p></li>
          ))}
        </ul>
      )}
      {canWrite && <AddNote incidentId={i.id} onDone={data.reload} />}
      <h2>Timeline</h2>
      {timeline.length === 0 ? <p className="muted">No log entries.</p> : (
        <ol className="timeline">
          {timeline.map((e) => (
            <li key={e.id} id={`log-${e.id}`} className={focus?.log === e.id ? 'focused' : undefined}>
              <time dateTime={e.created_at ?? undefined}>{formatTime(e.created_at)}</time> <span>{e.summary}</span>
              {e.agent?.summary && <span className="muted small"> — {e.agent.summary}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
