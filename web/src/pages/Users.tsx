import { useState, type FormEvent } from 'react';
import { Link } from '../router';
import { api, fieldErrors, option, otherErrors, type ApiReply } from '../api';
import { useCan, useMe } from '../me';
import { summaries } from '../refs';
import { Confirm, Empty, ErrorBox, Field, useLoad } from '../ui';

export const ROLES = ['owner', 'admin', 'user', 'limited_user', 'observer', 'restricted_access', 'read_only_user', 'read_only_limited_user'] as const;
type Role = (typeof ROLES)[number];
type User = ApiReply<'GET', '/users'>['users'][number];
const roleLabel = (r: string) => r.replace(/_/g, ' ');

function NewUser({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/users', { body: { user: { type: 'user', name: name.trim(), email: email.trim(), role } } });
      setName('');
      setEmail('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="panel stack" onSubmit={submit} noValidate>
      <h2>Add a user</h2>
      <div className="row">
        <Field label="Name" error={fieldErrors(error, ['name'])}>
          {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Email" error={fieldErrors(error, ['email'])}>
          {(id, d) => <input id={id} aria-describedby={d} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Role" error={fieldErrors(error, ['role'])}>
          {(id, d) => (
            <select id={id} aria-describedby={d} value={role} onChange={(e) => setRole(option(ROLES, e.target.value))}>
              {ROLES.filter((r) => r !== 'owner').map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ErrorBox error={otherErrors(error, [['name'], ['email'], ['role']])} />
      <div className="actions">
        <button type="submit" className="primary">
          Add User
        </button>
      </div>
      <p className="hint">
        Then use <strong>Set password</strong> on their row (or <code>tocsin user set-password EMAIL</code>) so they can sign in; they can change it under their name at the top.
      </p>
    </form>
  );
}

export function Users() {
  const canWrite = useCan('users');
  const me = useMe();
  const list = useLoad(() => api('GET', '/users', { query: { limit: 100 } }).then((r) => r.users), []);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [settingPw, setSettingPw] = useState<User | null>(null);
  const [newPw, setNewPw] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const setPassword = async () => {
    if (!settingPw) return;
    await api('PUT', '/users/{id}/password', { path: { id: settingPw.id }, body: { password: newPw } });
    setDone(`${settingPw.name} can now sign in with the new password.`);
    setSettingPw(null);
    setNewPw('');
  };
  const changeRole = async (u: User, role: Role) => {
    setError(null);
    try {
      await api('PUT', '/users/{id}', { path: { id: u.id }, body: { user: { type: 'user', role } } });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    if (!deleting) return;
    await api('DELETE', '/users/{id}', { path: { id: deleting.id } });
    setDeleting(null);
    list.reload();
  };
  return (
    <section>
      <h1>Users</h1>
      <ErrorBox error={list.error ?? error} />
      {done && (
        <p className="alert success" role="status">
          {done}
        </p>
      )}
      {list.data && list.data.length === 0 && <Empty title="No users." />}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Teams</th>
                {canWrite && <th scope="col"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {list.data.map((u) => (
                <tr key={u.id}>
                  <td data-label="Name"><Link to={`/users/${u.id}`}>{u.name}</Link></td>
                  <td data-label="Email">{u.email}</td>
                  <td data-label="Role">
                    {canWrite && u.role !== 'owner' && u.id !== me.id ? (
                      <select aria-label={`Role of ${u.name}`} value={u.role} onChange={(e) => changeRole(u, option(ROLES, e.target.value))}>
                        {ROLES.filter((r) => r !== 'owner').map((r) => (
                          <option key={r} value={r}>
                            {roleLabel(r)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      roleLabel(u.role)
                    )}
                  </td>
                  <td data-label="Teams">{summaries(u.teams) || '—'}</td>
                  {canWrite && (
                    <td>
                      <div className="row-actions">
                        {u.id !== me.id && (u.role !== 'owner' || me.role === 'owner') && (
                          <button type="button" onClick={() => { setDone(null); setSettingPw(u); }} aria-label={`Set password of ${u.name}`}>
                            Set password
                          </button>
                        )}
                        {u.role !== 'owner' && u.id !== me.id && (
                          <button type="button" onClick={() => setDeleting(u)} aria-label={`Delete ${u.name}`}>
                            Delete
                          </button>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && <NewUser onDone={list.reload} />}
      <Confirm open={!!settingPw} title={`Set a password for ${settingPw?.name ?? 'user'}`} confirmLabel="Set password" onConfirm={setPassword} onCancel={() => { setSettingPw(null); setNewPw(''); }}>
        <div className="field">
          <label htmlFor="user-new-pw">New password</label>
          <input id="user-new-pw" type="password" autoComplete="new-password" value={newPw} onChange={(e) => setNewPw(e.target.value)} />
          <p className="hint">At least 8 characters. Their other sessions end; tell them the password another way.</p>
        </div>
      </Confirm>
      <Confirm open={!!deleting} title={`Delete ${deleting?.name ?? 'user'}?`} confirmLabel="Delete" danger onConfirm={remove} onCancel={() => setDeleting(null)}>
        <p>This cannot be undone. They lose access at once, and are removed from escalation policies and teams.</p>
      </Confirm>
    </section>
  );
}
