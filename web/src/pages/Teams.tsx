import { useState, type FormEvent } from 'react';
import { api, fieldErrors, option, otherErrors } from '../api';
import { useCan } from '../me';
import { Link, navigate } from '../router';
import { Confirm, Empty, ErrorBox, Field, useLoad } from '../ui';
import type { TeamMember } from '../models';


const TEAM_ROLES = ['manager', 'responder', 'observer'] as const;
type TeamRole = (typeof TEAM_ROLES)[number];
export function Teams() {
  const canWrite = useCan('teams');
  const list = useLoad(() => api('GET', '/teams', { query: { limit: 100 } }).then((r) => r.teams), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/teams', { body: { team: { type: 'team', name: name.trim(), description: description.trim() || null } } });
      setName('');
      setDescription('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <h1>Teams</h1>
      <ErrorBox error={list.error} />
      {list.data && list.data.length === 0 && <Empty title="No teams yet.">{canWrite ? 'Create one below, then add members and give services to it.' : null}</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="cards">
          {list.data.map((t) => (
            <li key={t.id}>
              <Link to={`/teams/${t.id}`}>{t.name}</Link>
              {t.description && <p className="muted small">{t.description}</p>}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form className="panel stack" onSubmit={create} noValidate>
          <h2>Create a team</h2>
          <Field label="Team name" error={fieldErrors(error, ['name'])}>
            {(id, d) => <input id={id} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Description" error={fieldErrors(error, ['description'])}>
            {(id, d) => <input id={id} aria-describedby={d} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          <ErrorBox error={otherErrors(error, [['name'], ['description']])} />
          <div className="actions">
            <button type="submit" className="primary">
              Create Team
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function TeamPage({ id }: { id: string }) {
  const canWrite = useCan('teams');
  const team = useLoad(() => api('GET', '/teams/{id}', { path: { id } }).then((r) => r.team), [id]);
  const members = useLoad(() => api('GET', '/teams/{id}/members', { path: { id }, query: { limit: 100 } }).then((r) => r.members), [id]);
  const users = useLoad(() => api('GET', '/users', { query: { limit: 100 } }).then((r) => r.users), []);
  const [user, setUser] = useState('');
  const [role, setRole] = useState<TeamRole>('responder');
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [deleting, setDeleting] = useState(false);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('PUT', '/teams/{id}/users/{user_id}', { path: { id, user_id: user }, body: { role } });
      setUser('');
      members.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async () => {
    if (!removing?.user) return;
    await api('DELETE', '/teams/{id}/users/{user_id}', { path: { id, user_id: removing.user.id } });
    setRemoving(null);
    members.reload();
  };
  const removeTeam = async () => {
    await api('DELETE', '/teams/{id}', { path: { id } });
    navigate('/teams');
  };
  if (team.error) return <ErrorBox error={team.error} />;
  if (!team.data) return <p className="loading">Loading…</p>;
  return (
    <section>
      <p className="crumbs">
        <Link to="/teams">Teams</Link> /
      </p>
      <div className="page-head">
        <h1>{team.data.name}</h1>
        {canWrite && (
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete team
          </button>
        )}
      </div>
      {team.data.description && <p>{team.data.description}</p>}
      <h2>Members</h2>
      <ErrorBox error={members.error} />
      {members.data && members.data.length === 0 && <Empty title="No members yet.">{canWrite ? 'Add people below.' : null}</Empty>}
      {members.data && members.data.length > 0 && (
        <ul className="cards">
          {members.data.map((m) => (
            <li key={m.user?.id}>
              {m.user?.summary} <span className="muted">({m.role})</span>{' '}
              {canWrite && (
                <button type="button" className="link" onClick={() => setRemoving(m)} aria-label={`Remove ${m.user?.summary}`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form className="panel row" onSubmit={add} noValidate>
          <Field label="User" error={fieldErrors(error, ['user'])}>
            {(fid, d) => (
              <select id={fid} aria-describedby={d} value={user} onChange={(e) => setUser(e.target.value)}>
                <option value="">Choose a user…</option>
                {(users.data ?? []).map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Team role" error={fieldErrors(error, ['role'])}>
            {(fid, d) => (
              <select id={fid} aria-describedby={d} value={role} onChange={(e) => setRole(option(TEAM_ROLES, e.target.value))}>
                <option value="manager">Manager</option>
                <option value="responder">Responder</option>
                <option value="observer">Observer</option>
              </select>
            )}
          </Field>
          <button type="submit" disabled={!user}>
            Add to team
          </button>
          <ErrorBox error={otherErrors(error, [['user'], ['role']])} />
        </form>
      )}
      <Confirm open={!!removing} title="Remove from team?" confirmLabel="Remove" danger onConfirm={remove} onCancel={() => setRemoving(null)}>
        <p>{removing?.user?.summary} will lose this team’s permissions.</p>
      </Confirm>
      <Confirm open={deleting} title="Delete this team?" confirmLabel="Delete" danger onConfirm={removeTeam} onCancel={() => setDeleting(false)}>
        <p>This cannot be undone. A team that still owns services or escalation policies cannot be deleted.</p>
      </Confirm>
    </section>
  );
}
