import { api } from '../api';
import { useCan, useCanEditOwnProfile, useMe } from '../me';
import { Link } from '../router';
import { ErrorBox, useLoad } from '../ui';
import { Notifications } from './Notifications';
import { summaries } from '../refs';

/**
 * One user (a user's html_url lands here): who they are, their teams, and their contact methods and
 * notification rules for both urgencies. Admins edit other users' rules here; the owner's only the owner.
 */
export function UserPage({ id }: { id: string }) {
  const me = useMe();
  const canEditSelf = useCanEditOwnProfile();
  const canWriteUsers = useCan('users');
  const data = useLoad(() => api('GET', '/users/{id}', { path: { id } }).then((r) => r.user), [id]);
  if (data.error && !data.data) return <ErrorBox error={data.error} />;
  if (!data.data) return <p className="loading">Loading…</p>;
  const u = data.data;
  const canEdit = u.id === me.id ? canEditSelf : canWriteUsers && (u.role !== 'owner' || me.role === 'owner');
  return (
    <section>
      <p className="crumbs">
        <Link to="/users">Users</Link> /
      </p>
      <h1>{u.name}</h1>
      <p>
        {u.email} · {String(u.role).replace(/_/g, ' ')}
        {(u.teams ?? []).length > 0 && <> · Teams: {summaries(u.teams)}</>}
      </p>
      {u.id === me.id && (
        <p>
          Your password and on-call shifts are on <Link to="/account">your account page</Link>.
        </p>
      )}
      <Notifications userId={u.id} canEdit={canEdit} />
    </section>
  );
}
