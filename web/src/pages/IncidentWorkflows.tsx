import { useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBox, formatTime, useLoad } from '../ui';
import type { Incident } from '../models';

const STEP_TEXT: Record<string, string> = { pending: 'Pending', sending: 'Sending', retrying: 'Retrying', succeeded: 'Succeeded', failed: 'Failed' };
const RUN_TEXT: Record<string, string> = { running: 'Running', completed: 'Completed', failed: 'Failed' };

/** The incident's workflow runs, each step with its result, and its manual workflows to start. */
export function IncidentWorkflows({ incident, canWrite, onChange }: { incident: Incident; canWrite: boolean; onChange: () => void }) {
  const data = useLoad(async () => {
    const [runs, manual] = await Promise.all([
      api('GET', '/incidents/{id}/incident_workflow_instances', { path: { id: incident.id } }),
      api('GET', '/incident_workflows/triggers', { query: { incident_id: incident.id, trigger_type: 'manual', limit: 100 } }),
    ]);
    return { runs: runs.incident_workflow_instances, manual: manual.triggers };
  }, [incident.id]);
  const running = (data.data?.runs ?? []).some((r) => r.status === 'running');
  useEffect(() => {
    const t = setInterval(() => document.visibilityState === 'visible' && data.reload(), running ? 1000 : 5000);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the interval restarts only when reload or `running` changes; `data` is a new object every render
  }, [data.reload, running]);
  // A run that finished changed the incident (urgency, assignees, notes): the page reloads it.
  const finished = (data.data?.runs ?? []).filter((r) => r.status !== 'running').length;
  const [seen, setSeen] = useState(finished);
  useEffect(() => {
    if (finished === seen) return;
    setSeen(finished);
    onChange();
  }, [finished, seen, onChange]);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    setError(null);
    try {
      await api('POST', '/incident_workflows/{id}/instances', { path: { id: choice }, body: { incident_workflow_instance: { incident: { id: incident.id, type: 'incident_reference' } } } });
      setChoice('');
      data.reload();
    } catch (e) {
      setError(e);
    }
  };
  const manual = data.data?.manual ?? [];
  const runs = data.data?.runs ?? [];
  return (
    <>
      <h2>Workflows</h2>
      <ErrorBox error={data.error && !data.data ? data.error : error} />
      {canWrite && incident.status !== 'resolved' && manual.length > 0 && (
        <div className="row">
          <div className="field inline">
            <label htmlFor="run-workflow">Run a workflow</label>
            <select id="run-workflow" value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Choose a workflow…</option>
              {manual.map((t) => (
                <option key={t.id} value={t.workflow.id}>
                  {t.workflow.name}
                </option>
              ))}
            </select>
          </div>
          <button type="button" disabled={!choice} onClick={start}>
            Run
          </button>
        </div>
      )}
      {runs.length === 0 ? (
        <p className="muted">No workflow has run on this incident.</p>
      ) : (
        <ul className="workflow-runs">
          {runs.map((r) => (
            <li key={r.id} aria-label={`Workflow ${r.incident_workflow.summary}`}>
              <p>
                <strong>{r.incident_workflow.summary}</strong> <span className={`badge badge-${r.status}`}>{RUN_TEXT[r.status] ?? r.status}</span>{' '}
                <span className="muted small">
                  {r.trigger ? 'started by its trigger' : 'started by hand'} · {formatTime(r.created_at)}
                </span>
              </p>
              <ol>
                {r.steps.map((s, k) => (
                  <li key={k}>
                    {s.name}: <span className={`badge badge-${s.status}`}>{STEP_TEXT[s.status] ?? s.status}</span>
                    {s.attempts > 1 && <span className="muted small"> ({s.attempts} attempts)</span>}
                    {s.result && <span> — {s.result}</span>}
                    {s.error && <span className="field-error"> — {s.error}</span>}
                    {s.next_attempt_at && <span className="muted small"> Next attempt {formatTime(s.next_attempt_at)}.</span>}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
