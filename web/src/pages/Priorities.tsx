// The account's priorities (issue 13): everyone sees the ordered list; owners and admins add, rename,
// reorder and delete them (Tocsin's /priorities writes).
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../api';
import { useMe } from '../me';
import { Link } from '../router';
import { Confirm, ErrorBox, Field } from '../ui';
import { usePriorities } from './IncidentResponse';

function PriorityForm({ initial, submitLabel, onSubmit, onCancel }: { initial: { name: string; description: string }; submitLabel: string; onSubmit: (v: { name: string; description: string }) => Promise<void>; onCancel?: () => void }) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await onSubmit({ name, description });
      if (!onCancel) {
        setName('');
        setDescription('');
      }
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} className="row" noValidate>
      <Field label="Name" error={fieldErrors(error, ['name'])}>{(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label="Description">{(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} />}</Field>
      <button type="submit" className="primary" disabled={!name.trim()}>
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      <ErrorBox error={error && !fieldErrors(error, ['name']) ? error : null} />
    </form>
  );
}

export function Priorities() {
  const me = useMe();
  const admin = me.role === 'owner' || me.role === 'admin';
  const list = usePriorities();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const priorities = list.data ?? [];
  const move = async (id: string, position: number) => {
    setError(null);
    try {
      await api('PUT', '/priorities/{id}', { path: { id }, body: { priority: { position } } });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <p className="crumbs">
        <Link to="/incidents">Incidents</Link> /
      </p>
      <h1>Priorities</h1>
      <p className="muted">Most urgent first. Incidents, filters, analytics and incident workflows use these names.</p>
      <ErrorBox error={list.error ?? error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {priorities.map((p, n) =>
              editing === p.id ? (
                <tr key={p.id}>
                  <td colSpan={3}>
                    <PriorityForm
                      initial={p}
                      submitLabel="Save"
                      onCancel={() => setEditing(null)}
                      onSubmit={async (v) => {
                        await api('PUT', '/priorities/{id}', { path: { id: p.id }, body: { priority: v } });
                        setEditing(null);
                        list.reload();
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={p.id}>
                  <td data-label="Name">{p.name}</td>
                  <td data-label="Description">{p.description}</td>
                  {admin && (
                    <td data-label="Actions" className="row-actions">
                      <button type="button" disabled={n === 0} onClick={() => move(p.id, n)} aria-label={`Move ${p.name} up`}>
                        Up
                      </button>
                      <button type="button" disabled={n === priorities.length - 1} onClick={() => move(p.id, n + 2)} aria-label={`Move ${p.name} down`}>
                        Down
                      </button>
                      <button type="button" onClick={() => setEditing(p.id)} aria-label={`Edit ${p.name}`}>
                        Edit
                      </button>
                      <button type="button" className="danger" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {admin && (
        <>
          <h2>Add a priority</h2>
          <PriorityForm
            initial={{ name: '', description: '' }}
            submitLabel="Add Priority"
            onSubmit={async (v) => {
              await api('POST', '/priorities', { body: { priority: v } });
              list.reload();
            }}
          />
        </>
      )}
      <Confirm
        open={!!deleting}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete"
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          await api('DELETE', '/priorities/{id}', { path: { id: deleting!.id } });
          setDeleting(null);
          list.reload();
        }}
      >
        Incidents with this priority will show none.
      </Confirm>
    </section>
  );
}
