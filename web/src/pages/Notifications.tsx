import { useState, type FormEvent } from 'react';
import { api, fieldErrors, option, otherErrors } from '../api';
import { Confirm, Empty, ErrorBox, Field, useLoad } from '../ui';

const KIND: Record<string, string> = {
  email_contact_method: 'Email',
  sms_contact_method: 'SMS',
  phone_contact_method: 'Phone',
  push_notification_contact_method: 'Push',
  whatsapp_contact_method: 'WhatsApp',
};

/**
 * A user's contact methods and notification rules: how and when they are told about their incidents.
 * Without `canEdit` (roles that may not edit their own profile) they are shown, not changed.
 */
export function Notifications({ userId, canEdit }: { userId: string; canEdit: boolean }) {
  const data = useLoad(async () => {
    // urgency=all: the API's default is high only (PagerDuty's), and low-urgency rules are shown too.
    const [c, r] = await Promise.all([api('GET', '/users/{id}/contact_methods', { path: { id: userId } }), api('GET', '/users/{id}/notification_rules', { path: { id: userId }, query: { urgency: 'all' } })]);
    return { methods: c.contact_methods, rules: r.notification_rules };
  }, [userId]);
  const [label, setLabel] = useState('Work');
  const [address, setAddress] = useState('');
  const [cmError, setCmError] = useState<unknown>(null);
  const [method, setMethod] = useState('');
  const [delay, setDelay] = useState('0');
  const [urgency, setUrgency] = useState<'high' | 'low'>('high');
  const [ruleError, setRuleError] = useState<unknown>(null);
  const [tested, setTested] = useState<{ id: string; error: unknown } | null>(null);
  const [removing, setRemoving] = useState<{ kind: 'contact_methods' | 'notification_rules'; id: string; what: string } | null>(null);

  const addMethod = async (e: FormEvent) => {
    e.preventDefault();
    setCmError(null);
    try {
      await api('POST', '/users/{id}/contact_methods', { path: { id: userId }, body: { contact_method: { type: 'email_contact_method', label: label.trim(), address: address.trim() } } });
      setAddress('');
      data.reload();
    } catch (err) {
      setCmError(err);
    }
  };
  const methods = data.data?.methods ?? [];
  const chosen = method || methods[0]?.id || '';
  const addRule = async (e: FormEvent) => {
    e.preventDefault();
    setRuleError(null);
    const cm = methods.find((m) => m.id === chosen);
    try {
      await api('POST', '/users/{id}/notification_rules', { path: { id: userId }, body: {
        notification_rule: { type: 'assignment_notification_rule', start_delay_in_minutes: Number(delay), urgency, contact_method: { id: chosen, type: `${cm?.type ?? 'email_contact_method'}_reference` } },
      } });
      data.reload();
    } catch (err) {
      setRuleError(err);
    }
  };
  const sendTest = async (id: string) => {
    setTested(null);
    try {
      await api('POST', '/users/{id}/contact_methods/{contact_method_id}/send_test_notification', { path: { id: userId, contact_method_id: id } });
      setTested({ id, error: null });
    } catch (err) {
      setTested({ id, error: err });
    }
  };
  const remove = async () => {
    if (!removing) return;
    if (removing.kind === 'contact_methods') await api('DELETE', '/users/{id}/contact_methods/{contact_method_id}', { path: { id: userId, contact_method_id: removing.id } });
    else await api('DELETE', '/users/{id}/notification_rules/{notification_rule_id}', { path: { id: userId, notification_rule_id: removing.id } });
    setRemoving(null);
    data.reload();
  };
  if (data.error && !data.data) return <ErrorBox error={data.error} />;
  const nameOf = (id: string) => methods.find((m) => m.id === id);
  return (
    <>
      <h2>Contact methods</h2>
      {data.data && methods.length === 0 && <Empty title="No contact methods.">Add an email address so Tocsin can tell you about incidents assigned to you.</Empty>}
      {methods.length > 0 && (
        <ul className="cards">
          {methods.map((m) => (
            <li key={m.id}>
              <strong>{KIND[m.type] ?? m.type}</strong> {m.label && <span className="muted">({m.label})</span>}
              <div>
                <code>{m.address}</code>
              </div>
              {canEdit && (
                <button type="button" className="link" aria-label={`Send test notification to ${m.address}`} onClick={() => sendTest(m.id)}>
                  Send test
                </button>
              )}{' '}
              {tested && tested.id === m.id && !tested.error && (
                <span className="muted" role="status">
                  Test notification sent
                </span>
              )}
              {tested && tested.id === m.id && !!tested.error && <ErrorBox error={tested.error} />}
              {canEdit && (
                <button type="button" className="link" aria-label={`Remove ${m.address}`} onClick={() => setRemoving({ kind: 'contact_methods', id: m.id, what: m.address })}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!canEdit && <p className="muted">Your role may not change your contact methods or notification rules; ask an admin.</p>}
      {canEdit && (
        <form className="panel row" onSubmit={addMethod} noValidate>
          <Field label="Label" error={fieldErrors(cmError, ['label'])}>
            {(id, d) => <input id={id} aria-describedby={d} value={label} onChange={(e) => setLabel(e.target.value)} />}
          </Field>
          <Field label="Email address" error={fieldErrors(cmError, ['address', 'email'])}>
            {(id, d) => <input id={id} aria-describedby={d} type="email" value={address} onChange={(e) => setAddress(e.target.value)} />}
          </Field>
          <button type="submit">Add email</button>
          <ErrorBox error={otherErrors(cmError, [['label'], ['address', 'email']])} />
        </form>
      )}

      <h2>Notification rules</h2>
      {data.data &&
        (['high', 'low'] as const)
          .filter((u) => !data.data!.rules.some((r) => r.urgency === u && nameOf(r.contact_method?.id)))
          .map((u) => (
            <p key={u} className="alert warning" role="alert">
              No notification rule reaches you for {u}-urgency incidents: you will not be told when one is assigned to you.
            </p>
          ))}
      {data.data && data.data.rules.length === 0 && <Empty title="No notification rules.">{methods.length ? 'Add one below to be told when an incident is assigned to you.' : 'Add a contact method first.'}</Empty>}
      {data.data && data.data.rules.length > 0 && (
        <ul className="cards">
          {data.data.rules.map((r) => {
            const m = nameOf(r.contact_method?.id);
            const text = `${r.urgency === 'low' ? 'Low' : 'High'}-urgency: ${r.start_delay_in_minutes ? `${r.start_delay_in_minutes} min after assignment` : 'immediately'}, by ${m ? `${KIND[m.type] ?? m.type} ${m.address}` : (r.contact_method?.summary ?? 'a contact method')}`;
            return (
              <li key={r.id}>
                {text}{' '}
                {canEdit && (
                  <button type="button" className="link" aria-label={`Remove rule: ${text}`} onClick={() => setRemoving({ kind: 'notification_rules', id: r.id, what: text })}>
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && methods.length > 0 && (
        <form className="panel row" onSubmit={addRule} noValidate>
          <Field label="Urgency" error={fieldErrors(ruleError, ['urgency'])}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={urgency} onChange={(e) => setUrgency(option(['high', 'low'] as const, e.target.value))}>
                <option value="high">High-urgency incidents</option>
                <option value="low">Low-urgency incidents</option>
              </select>
            )}
          </Field>
          <Field label="Minutes after assignment" error={fieldErrors(ruleError, ['start_delay_in_minutes', 'delay'])}>
            {(id, d) => <input id={id} aria-describedby={d} type="number" min={0} value={delay} onChange={(e) => setDelay(e.target.value)} />}
          </Field>
          <Field label="Notify by" error={fieldErrors(ruleError, ['contact_method'])}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={chosen} onChange={(e) => setMethod(e.target.value)}>
                {methods.map((m) => (
                  <option key={m.id} value={m.id}>
                    {KIND[m.type] ?? m.type} {m.address}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit">Add rule</button>
          <ErrorBox error={otherErrors(ruleError, [['urgency'], ['start_delay_in_minutes', 'delay'], ['contact_method']])} />
        </form>
      )}
      <Confirm open={!!removing} title="Remove this?" confirmLabel="Remove" danger onConfirm={remove} onCancel={() => setRemoving(null)}>
        <p>{removing?.what} will be removed. Removing a contact method also removes the rules that use it.</p>
      </Confirm>
    </>
  );
}
