import { useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors } from '../api';
import { useCanEditOwnProfile, useMe } from '../me';
import { CalendarFeed } from '../CalendarFeed';
import { HandoffRules } from '../HandoffRules';
import { UpcomingShifts } from '../OnCall';
import { ErrorBox, Field } from '../ui';
import { Notifications } from './Notifications';

const CURRENT = ['current_password'];
const NEW = ['password', 'at least 8'];

/** The signed-in user's own settings: their password. */
export function Account() {
  const me = useMe();
  const canEdit = useCanEditOwnProfile();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    setError(null);
    if (password !== confirm) return setError('The two new passwords differ.');
    try {
      await api('PUT', '/users/{id}/password', { path: { id: me.id }, body: { current_password: current, password } });
      setCurrent('');
      setPassword('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <h1>Your account</h1>
      <p>
        {me.name} · {me.email} · {me.role.replace(/_/g, ' ')}
      </p>
      <UpcomingShifts />
      <CalendarFeed />
      <form className="panel stack" onSubmit={submit} noValidate>
        <h2>Change your password</h2>
        <Field label="Current password" error={fieldErrors(error, CURRENT)}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field label="New password" hint="At least 8 characters. You will be signed out everywhere else." error={fieldErrors(error, NEW)}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label="Confirm new password" error={typeof error === 'string' ? error : undefined}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        <ErrorBox error={typeof error === 'string' ? null : otherErrors(error, [CURRENT, NEW])} />
        {done && (
          <p className="alert success" role="status">
            Your password is changed.
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Change password
          </button>
        </div>
      </form>
      <Notifications userId={me.id} canEdit={canEdit} />
      <HandoffRules userId={me.id} canEdit={canEdit} />
    </section>
  );
}
