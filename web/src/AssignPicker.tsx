// Choosing who an incident goes to: a user or an escalation policy (new incident and reassign).
import { api, type ApiBody } from './api';
import { useLoad } from './ui';

/**
 * A <select> of the users and escalation policies: its value is "user:<id>", "ep:<id>", or '' for
 * the first option (`emptyLabel`).
 */
export function AssignPicker(props: { id: string; describedBy: string | undefined; value: string; onChange: (v: string) => void; emptyLabel: string }) {
  const options = useLoad(async () => {
    const [u, p] = await Promise.all([api('GET', '/users', { query: { limit: 100 } }), api('GET', '/escalation_policies', { query: { limit: 100 } })]);
    return { users: u.users, policies: p.escalation_policies };
  }, []);
  return (
    <select id={props.id} aria-describedby={props.describedBy} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      <option value="">{props.emptyLabel}</option>
      <optgroup label="Users">
        {(options.data?.users ?? []).map((u) => (
          <option key={u.id} value={`user:${u.id}`}>
            {u.name} ({u.email})
          </option>
        ))}
      </optgroup>
      <optgroup label="Escalation policies">
        {(options.data?.policies ?? []).map((p) => (
          <option key={p.id} value={`ep:${p.id}`}>
            {p.name}
          </option>
        ))}
      </optgroup>
    </select>
  );
}

/** The incident fields for the picker's value: `assignments` (a user) or an `escalation_policy`, never both, as PagerDuty takes them. */
export function assignment(choice: string): Pick<ApiBody<'POST', '/incidents'>['incident'], 'assignments' | 'escalation_policy'> {
  const [kind, id] = choice.split(':');
  if (kind === 'user') return { assignments: [{ assignee: { id, type: 'user_reference' } }] };
  if (kind === 'ep') return { escalation_policy: { id, type: 'escalation_policy_reference' } };
  return {};
}
