import { useState, type FormEvent } from 'react';
import { api, fieldErrors, option, otherErrors } from '../api';
import { AssignPicker, assignment } from '../AssignPicker';
import { useCan } from '../me';
import { Link, navigate, useLocation } from '../router';
import { ErrorBox, Field, useLoad } from '../ui';

const SERVICE = ['service', 'incident.service'];
const TITLE = ['title', 'incident.title'];
const URGENCY = ['urgency', 'incident.urgency'];
const DETAILS = ['body', 'details', 'incident.body'];
const ASSIGN = ['assignments', 'assignee', 'escalation_policy', 'incident.assignments'];

/** Triggers an incident by hand (the guide's "Don't use an integration" services rely on this). */
export function NewIncident() {
  const canWrite = useCan('incidents');
  const { search } = useLocation();
  const services = useLoad(() => api('GET', '/services', { query: { limit: 100 } }).then((r) => (r.services).filter((s) => s.status !== 'disabled')), []);
  const [service, setService] = useState(search.get('service') ?? '');
  const [title, setTitle] = useState('');
  const [urgency, setUrgency] = useState<'' | 'high' | 'low'>('');
  const [details, setDetails] = useState('');
  // "user:<id>", "ep:<id>", or '' for the service's escalation policy (PagerDuty's default).
  const [assignTo, setAssignTo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!canWrite) return <p>Your role cannot create incidents.</p>;
  const chosen = service || services.data?.[0]?.id || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api('POST', '/incidents', { body: {
        incident: {
          type: 'incident',
          title: title.trim(),
          service: { id: chosen, type: 'service_reference' },
          ...(urgency ? { urgency } : {}),
          ...(details.trim() ? { body: { type: 'incident_body', details: details.trim() } } : {}),
          ...assignment(assignTo),
        },
      } });
      navigate(`/incidents/${r.incident.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <p className="crumbs">
        <Link to="/incidents">Incidents</Link> /
      </p>
      <h1>New Incident</h1>
      {services.data && services.data.length === 0 ? (
        <p>
          There is no enabled service to open an incident on. <Link to="/services/new">Create a service</Link> first.
        </p>
      ) : (
        <form onSubmit={submit} className="stack" noValidate>
          <Field label="Service" error={fieldErrors(error, SERVICE)}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={chosen} onChange={(e) => setService(e.target.value)}>
                {(services.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Title" hint="What is wrong, in a line." error={fieldErrors(error, TITLE)}>
            {(id, d) => <input id={id} aria-describedby={d} value={title} onChange={(e) => setTitle(e.target.value)} />}
          </Field>
          <Field label="Urgency" hint="By default, the service’s urgency rule decides." error={fieldErrors(error, URGENCY)}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={urgency} onChange={(e) => setUrgency(option(['', 'high', 'low'] as const, e.target.value))}>
                <option value="">The service’s default</option>
                <option value="high">High</option>
                <option value="low">Low</option>
              </select>
            )}
          </Field>
          <Field label="Details" error={fieldErrors(error, DETAILS)}>
            {(id, d) => <textarea id={id} aria-describedby={d} rows={4} value={details} onChange={(e) => setDetails(e.target.value)} />}
          </Field>
          <Field label="Assign to" hint="By default, the service’s escalation policy decides who is notified." error={fieldErrors(error, ASSIGN)}>
            {(id, d) => (
              <AssignPicker id={id} describedBy={d} value={assignTo} onChange={setAssignTo} emptyLabel="The service’s escalation policy" />
            )}
          </Field>
          <ErrorBox error={otherErrors(error, [SERVICE, TITLE, URGENCY, DETAILS, ASSIGN])} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Create Incident
            </button>
            <Link to="/incidents">Cancel</Link>
          </div>
        </form>
      )}
    </section>
  );
}
