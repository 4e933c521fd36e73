import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors, ref } from '../api';
import { ErrorBox, Field, useFocusReturn, useLoad } from '../ui';
import { localInputValue, parseLocalInput } from '../zoned';

const START = ['start'];
const END = ['end', 'past'];
const USER = ['user', 'User'];

/**
 * Puts someone on call instead of the rotation for a span (POST /schedules/{id}/overrides). Times are
 * read in the zone the timeline shows, which the labels name. Escape or Cancel closes it.
 */
export function OverrideDialog(props: { scheduleId: string; tz: string; start: number; end: number; onDone: () => void; onCancel: () => void }) {
  const box = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useFocusReturn();
  const users = useLoad(() => api('GET', '/users', { query: { limit: 100 } }).then((r) => r.users as Array<{ id: string; name: string; email: string }>), []);
  const [user, setUser] = useState('');
  const [start, setStart] = useState(localInputValue(props.start, props.tz));
  const [end, setEnd] = useState(localInputValue(props.end, props.tz));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (box.current && !box.current.open) box.current.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const a = parseLocalInput(start, props.tz);
    const b = parseLocalInput(end, props.tz);
    if (!user) return setError('Choose who is on call.');
    if (a === null || b === null) return setError('Give a start and an end.');
    setBusy(true);
    try {
      await api('POST', '/schedules/{id}/overrides', { path: { id: props.scheduleId }, body: {
        override: { start: new Date(a).toISOString(), end: new Date(b).toISOString(), user: ref('user_reference', user) },
      } });
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const local = typeof error === 'string' ? error : null;
  return (
    <dialog
      ref={box}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={titleId}>New override</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Who is on call" error={fieldErrors(error, USER)}>
          {(id, d) => (
            <select id={id} aria-describedby={d} value={user} onChange={(e) => setUser(e.target.value)}>
              <option value="">Choose a user…</option>
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={`Start (${props.tz})`} error={fieldErrors(error, START)}>
          {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />}
        </Field>
        <Field label={`End (${props.tz})`} error={fieldErrors(error, END)}>
          {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />}
        </Field>
        <ErrorBox error={local ?? otherErrors(error, [USER, START, END])} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Create Override
          </button>
          <button type="button" onClick={props.onCancel} autoFocus>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
