// The incident page's response controls (issue 13): priority, conference bridge, responder requests
// (ask; accept or decline when asked) and status updates (form and timeline).
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../api';
import { useMe } from '../me';
import { Badge, Confirm, ErrorBox, Field, formatTime, useLoad } from '../ui';
import type { Incident } from '../models';

/** Every priority, most urgent first (shared by the list's filter and the incident's select). */
export function usePriorities() {
  return useLoad(() => api('GET', '/priorities', { query: { limit: 100 } }).then((r) => r.priorities as Array<{ id: string; name: string; description: string }>), []);
}

export function PrioritySelect({ incident, canWrite, onDone }: { incident: Incident; canWrite: boolean; onDone: () => void }) {
  const list = usePriorities();
  const [error, setError] = useState<unknown>(null);
  if (!canWrite) return <>{incident.priority?.summary ?? '—'}</>;
  const change = async (id: string) => {
    setError(null);
    try {
      await api('PUT', '/incidents/{id}', { path: { id: incident.id }, body: { incident: { type: 'incident_reference', priority: id ? { id, type: 'priority_reference' } : null } } });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <select aria-label="Priority" value={incident.priority?.id ?? ''} onChange={(e) => change(e.target.value)}>
        <option value="">No priority</option>
        {(list.data ?? []).map((p) => (
          <option key={p.id} value={p.id} title={p.description}>
            {p.name}
          </option>
        ))}
      </select>
      <ErrorBox error={error} />
    </>
  );
}

export function ConferenceBridge({ incident, canWrite, onDone }: { incident: Incident; canWrite: boolean; onDone: () => void }) {
  const b = incident.conference_bridge;
  const [editing, setEditing] = useState(false);
  const [number, setNumber] = useState(b?.conference_number ?? '');
  const [url, setUrl] = useState(b?.conference_url ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const bridge = number.trim() || url.trim() ? { conference_number: number.trim() || null, conference_url: url.trim() || null } : null;
      await api('PUT', '/incidents/{id}', { path: { id: incident.id }, body: { incident: { type: 'incident_reference', conference_bridge: bridge ?? { conference_number: null, conference_url: null } } } });
      setEditing(false);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const shown = b && (b.conference_number || b.conference_url);
  if (editing) {
    return (
      <form onSubmit={save} className="row" noValidate>
        <Field label="Bridge number">{(id) => <input id={id} value={number} onChange={(e) => setNumber(e.target.value)} placeholder="+1 555 0100,,1234#" />}</Field>
        <Field label="Bridge URL" error={fieldErrors(error, ['conference_url'])}>{(id, d) => <input id={id} aria-describedby={d} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://meet.example.com/…" />}</Field>
        <button type="submit" className="primary">Save bridge</button>
        <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        <ErrorBox error={error && !fieldErrors(error, ['conference_url']) ? error : null} />
      </form>
    );
  }
  return (
    <span>
      {shown ? (
        <>
          {b.conference_number && <a href={`tel:${b.conference_number.replace(/[^\d+,#*]/g, '')}`}>{b.conference_number}</a>}
          {b.conference_number && b.conference_url && ' · '}
          {b.conference_url && /^https?:\/\//.test(b.conference_url) ? <a href={b.conference_url} target="_blank" rel="noreferrer">{b.conference_url}</a> : b.conference_url}
        </>
      ) : (
        '—'
      )}{' '}
      {canWrite && (
        <button type="button" className="link" onClick={() => setEditing(true)}>
          {shown ? 'Edit bridge' : 'Add bridge'}
        </button>
      )}
    </span>
  );
}

/** Ask users or escalation policies to respond, with a message (a dialog). */
function RequestResponders({ incident, onDone }: { incident: Incident; onDone: () => void }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const options = useLoad(async () => {
    if (!open) return { users: [], policies: [] };
    const [u, p] = await Promise.all([api('GET', '/users', { query: { limit: 100 } }), api('GET', '/escalation_policies', { query: { limit: 100 } })]);
    return { users: u.users, policies: p.escalation_policies };
  }, [open]);
  const [picked, setPicked] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const toggle = (v: string) => setPicked(picked.includes(v) ? picked.filter((x) => x !== v) : [...picked, v]);
  const send = async () => {
    await api('POST', '/incidents/{id}/responder_requests', { path: { id: incident.id }, body: {
      requester_id: me.id,
      message,
      responder_request_targets: picked.map((v) => {
        const [kind, id] = v.split(':');
        return { responder_request_target: { id, type: kind === 'ep' ? 'escalation_policy_reference' : 'user_reference' } };
      }),
    } });
    setOpen(false);
    setPicked([]);
    setMessage('');
    onDone();
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Add Responders
      </button>
      <Confirm open={open} title="Add responders" confirmLabel="Send request" onConfirm={send} onCancel={() => setOpen(false)}>
        <fieldset className="stack">
          <legend>Users</legend>
          {(options.data?.users ?? []).map((u) => (
            <label key={u.id} className="check">
              <input type="checkbox" checked={picked.includes(`user:${u.id}`)} onChange={() => toggle(`user:${u.id}`)} /> {u.name}
            </label>
          ))}
        </fieldset>
        <fieldset className="stack">
          <legend>Escalation policies (whoever is on call)</legend>
          {(options.data?.policies ?? []).map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={picked.includes(`ep:${p.id}`)} onChange={() => toggle(`ep:${p.id}`)} /> {p.name}
            </label>
          ))}
        </fieldset>
        <Field label="Message">{(id) => <textarea id={id} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />}</Field>
      </Confirm>
    </>
  );
}

export function Responders({ incident, canWrite, onDone }: { incident: Incident; canWrite: boolean; onDone: () => void }) {
  const me = useMe();
  const [error, setError] = useState<unknown>(null);
  const list = incident.incidents_responders ?? [];
  const mine = list.find((r) => r.user?.id === me.id && r.state === 'pending');
  const reply = async (verb: 'accept' | 'decline') => {
    setError(null);
    try {
      await api('POST', verb === 'accept' ? '/incidents/{id}/responder_requests/accept' : '/incidents/{id}/responder_requests/decline', { path: { id: incident.id } });
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="responders-h">
      <h2 id="responders-h">Responders</h2>
      {mine && (
        <div className="alert info" role="status">
          <p>
            {mine.requester?.summary ?? 'Someone'} asked you to respond{mine.message ? `: “${mine.message}”` : '.'}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => reply('accept')}>
              Accept
            </button>
            <button type="button" onClick={() => reply('decline')}>
              Decline
            </button>
          </div>
        </div>
      )}
      <ErrorBox error={error} />
      {list.length === 0 ? (
        <p className="muted">No responders requested.</p>
      ) : (
        <ul className="responders">
          {list.map((r) => (
            <li key={r.user?.id}>
              {r.user?.summary} <Badge value={r.state} />
              {r.escalation_policy_requests?.length > 0 && <span className="muted small"> via {r.escalation_policy_requests.join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
      {canWrite && <RequestResponders incident={incident} onDone={onDone} />}
    </section>
  );
}

export function StatusUpdates({ incidentId, canWrite }: { incidentId: string; canWrite: boolean }) {
  const list = useLoad(() => api('GET', '/incidents/{id}/status_updates', { path: { id: incidentId }, query: { limit: 100 } }).then((r) => r.status_updates), [incidentId]);
  const subscribers = useLoad(() => api('GET', '/incidents/{id}/status_updates/subscribers', { path: { id: incidentId } }).then((r) => r.subscribers), [incidentId]);
  const me = useMe();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const subscribed = (subscribers.data ?? []).some((s) => s.subscriber_type === 'user' && s.subscriber_id === me.id);
  const post = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/incidents/{id}/status_updates', { path: { id: incidentId }, body: { message } });
      setMessage('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const follow = async () => {
    setError(null);
    try {
      const body = { subscribers: [{ subscriber_id: me.id, subscriber_type: 'user' as const }] };
      await api('POST', subscribed ? '/incidents/{id}/status_updates/unsubscribe' : '/incidents/{id}/status_updates/subscribers', { path: { id: incidentId }, body });
      subscribers.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="status-updates-h">
      <h2 id="status-updates-h">Status updates</h2>
      <p className="muted small">
        {(subscribers.data ?? []).length} subscriber{(subscribers.data ?? []).length === 1 ? '' : 's'} get updates by email.{' '}
        <button type="button" className="link" onClick={follow}>
          {subscribed ? 'Unsubscribe' : 'Subscribe me'}
        </button>
      </p>
      {canWrite && (
        <form onSubmit={post} className="stack" noValidate>
          <Field label="Status update" error={fieldErrors(error, ['message'])}>
            {(id, d) => <textarea id={id} aria-describedby={d} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} />}
          </Field>
          <div className="actions">
            <button type="submit" disabled={!message.trim()}>
              Send Update
            </button>
          </div>
        </form>
      )}
      <ErrorBox error={error && !fieldErrors(error, ['message']) ? error : null} />
      {(list.data ?? []).length === 0 ? (
        <p className="muted">No status updates yet.</p>
      ) : (
        <ol className="status-updates">
          {(list.data ?? []).map((u) => (
            <li key={u.id}>
              <time dateTime={u.created_at}>{formatTime(u.created_at)}</time> <span>{u.message}</span>
              {u.sender?.summary && <span className="muted small"> — {u.sender.summary}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
