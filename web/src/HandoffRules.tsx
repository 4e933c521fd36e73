// A user's on-call handoff notification rules: be told when a shift starts and/or ends, some minutes
// ahead, by one of their contact methods (PagerDuty's /users/{id}/oncall_handoff_notification_rules).
import { useId, useState, type FormEvent } from 'react';
import { api, fieldErrors, option, otherErrors } from './api';
import { ErrorBox, Field, useLoad } from './ui';

const WHEN: Record<string, string> = { both: 'shift starts and ends', oncall: 'shift starts', offcall: 'shift ends' };

const HANDOFF_TYPES = ['both', 'oncall', 'offcall'] as const;
type HandoffType = (typeof HANDOFF_TYPES)[number];

export function HandoffRules({ userId, canEdit }: { userId: string; canEdit: boolean }) {
  const titleId = useId();
  const data = useLoad(async () => {
    const [c, r] = await Promise.all([api('GET', '/users/{id}/contact_methods', { path: { id: userId } }), api('GET', '/users/{id}/oncall_handoff_notification_rules', { path: { id: userId } })]);
    // A handoff has no incident to read out: phone calls cannot carry one.
    return { methods: (c.contact_methods).filter((m) => m.type !== 'phone_contact_method'), rules: r.oncall_handoff_notification_rules };
  }, [userId]);
  const [type, setType] = useState<HandoffType>('both');
  const [advance, setAdvance] = useState('0');
  const [method, setMethod] = useState('');
  const [error, setError] = useState<unknown>(null);
  const methods = data.data?.methods ?? [];
  const chosen = method || methods[0]?.id || '';
  const label = (id: string) => {
    const m = methods.find((x) => x.id === id);
    return m ? m.address : 'a contact method';
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/users/{id}/oncall_handoff_notification_rules', { path: { id: userId }, body: {
        oncall_handoff_notification_rule: { handoff_type: type, notify_advance_in_minutes: Number(advance), contact_method: { id: chosen } },
      } });
      data.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (id: string) => {
    await api('DELETE', '/users/{id}/oncall_handoff_notification_rules/{oncall_handoff_notification_rule_id}', { path: { id: userId, oncall_handoff_notification_rule_id: id } });
    data.reload();
  };
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>On-call handoff notifications</h2>
      <p className="muted">Be told when your on-call shift on a schedule starts or ends.</p>
      <ErrorBox error={data.error} />
      {data.data && data.data.rules.length === 0 && <p className="muted">No handoff notifications.</p>}
      {data.data && data.data.rules.length > 0 && (
        <ul className="cards">
          {data.data.rules.map((r) => {
            const text = `When your ${WHEN[r.handoff_type] ?? r.handoff_type}: ${r.notify_advance_in_minutes ? `${r.notify_advance_in_minutes} min before` : 'at the handoff'}, by ${label(r.contact_method?.id)}`;
            return (
              <li key={r.id}>
                {text}{' '}
                {canEdit && (
                  <button type="button" className="link" aria-label={`Remove handoff notification: ${text}`} onClick={() => remove(r.id)}>
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && methods.length > 0 && (
        <form className="panel row" onSubmit={add} noValidate aria-label="Add a handoff notification">
          <Field label="Tell me when my" error={fieldErrors(error, ['handoff_type'])}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={type} onChange={(e) => setType(option(HANDOFF_TYPES, e.target.value))}>
                <option value="both">shift starts and ends</option>
                <option value="oncall">shift starts</option>
                <option value="offcall">shift ends</option>
              </select>
            )}
          </Field>
          <Field label="Minutes before" error={fieldErrors(error, ['notify_advance_in_minutes'])}>
            {(id, d) => <input id={id} aria-describedby={d} type="number" min={0} max={10080} value={advance} onChange={(e) => setAdvance(e.target.value)} />}
          </Field>
          <Field label="By" error={fieldErrors(error, ['contact_method', 'phone'])}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={chosen} onChange={(e) => setMethod(e.target.value)}>
                {methods.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.address}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">Add handoff notification</button>
          <ErrorBox error={otherErrors(error, [['handoff_type'], ['notify_advance_in_minutes'], ['contact_method', 'phone']])} />
        </form>
      )}
    </section>
  );
}
