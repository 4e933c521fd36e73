import { useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors } from '../api';
import { ErrorBox, Field } from '../ui';
import type { Integration } from '../models';

const NAME = ['name', 'integration.name'];

/** Renames an integration in place; an empty name is refused here (the API would keep the old one). */
export function IntegrationRename({ serviceId, integration, onDone }: { serviceId: string; integration: Integration; onDone: (renamed: boolean) => void }) {
  const [name, setName] = useState<string>(integration.name);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!name.trim()) return setError('Give the integration a name.');
    setBusy(true);
    try {
      await api('PUT', '/services/{id}/integrations/{integration_id}', { path: { id: serviceId, integration_id: integration.id }, body: { integration: { type: integration.type, name: name.trim() } } });
      onDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel stack" onSubmit={submit} noValidate>
      <h2>Rename integration</h2>
      <Field label="Integration name" error={typeof error === 'string' ? error : fieldErrors(error, NAME)}>
        {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
      </Field>
      <ErrorBox error={typeof error === 'string' ? null : otherErrors(error, [NAME])} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save name
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
