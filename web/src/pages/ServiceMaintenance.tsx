import { useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors } from '../api';
import { useCan, useMyZone } from '../me';
import { Confirm, Empty, ErrorBox, Field, formatTime, useLoad } from '../ui';
import { localInputValue, parseLocalInput } from '../zoned';
import type { Service } from '../models';
import type { MaintenanceWindow } from '../models';

export function ServiceMaintenance({ service: s, onChange }: { service: Service; onChange: () => void }) {
  const canWrite = useCan('maintenance_windows');
  const windows = useLoad(() => api('GET', '/maintenance_windows', { query: { service_ids: [s.id], filter: 'open', limit: 100 } }).then((r) => r.maintenance_windows), [s.id]);
  // Start and end are wall times in the user's zone (named in the labels), as every time on the pages.
  const tz = useMyZone();
  const [start, setStart] = useState(() => localInputValue(Date.now(), tz));
  const [end, setEnd] = useState(() => localInputValue(Date.now() + 3600_000, tz));
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [ending, setEnding] = useState<MaintenanceWindow | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const a = parseLocalInput(start, tz);
    const b = parseLocalInput(end, tz);
    if (a === null || b === null) return setError('Give a start and an end.');
    try {
      await api('POST', '/maintenance_windows', { body: {
        maintenance_window: {
          type: 'maintenance_window',
          start_time: new Date(a).toISOString(),
          end_time: new Date(b).toISOString(),
          description: description.trim() || null,
          services: [{ id: s.id, type: 'service_reference' }],
        },
      } });
      setDescription('');
      windows.reload();
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  const endWindow = async () => {
    if (!ending) return;
    await api('DELETE', '/maintenance_windows/{id}', { path: { id: ending.id } });
    setEnding(null);
    windows.reload();
    onChange();
  };
  return (
    <div>
      <p className="muted">During a maintenance window no new incidents are triggered on this service.</p>
      <ErrorBox error={windows.error} />
      {windows.data && windows.data.length === 0 && <Empty title="No current or upcoming maintenance windows.">{canWrite ? 'Schedule one below.' : null}</Empty>}
      {windows.data && windows.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Starts</th>
                <th scope="col">Ends</th>
                <th scope="col">Description</th>
                {canWrite && <th scope="col"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {windows.data.map((w) => (
                <tr key={w.id}>
                  <td data-label="Starts">{formatTime(w.start_time)}</td>
                  <td data-label="Ends">{formatTime(w.end_time)}</td>
                  <td data-label="Description">{w.description ?? '—'}</td>
                  {canWrite && (
                    <td>
                      <button type="button" onClick={() => setEnding(w)}>
                        {new Date(w.start_time) <= new Date() ? 'End now' : 'Delete'}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && (
        <form className="panel stack" onSubmit={create} noValidate>
          <h3>Schedule a maintenance window</h3>
          <div className="row">
            <Field label={`Start (${tz})`} error={fieldErrors(error, ['start_time'])}>
              {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />}
            </Field>
            <Field label={`End (${tz})`} error={fieldErrors(error, ['end_time'])}>
              {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />}
            </Field>
          </div>
          <Field label="Description" error={fieldErrors(error, ['description'])}>
            {(id, d) => <input id={id} aria-describedby={d} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          <ErrorBox error={otherErrors(error, [['start_time'], ['end_time'], ['description']])} />
          <div className="actions">
            <button type="submit" className="primary">
              Create maintenance window
            </button>
          </div>
        </form>
      )}
      <Confirm open={!!ending} title="End this maintenance window?" confirmLabel="End window" danger onConfirm={endWindow} onCancel={() => setEnding(null)}>
        <p>Incidents will trigger on this service again as soon as the window ends.</p>
      </Confirm>
    </div>
  );
}
