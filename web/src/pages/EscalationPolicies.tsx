import { useEffect, useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors } from '../api';
import { useCan } from '../me';
import { Link, navigate, useLocation } from '../router';
import { OnCallNow } from '../OnCall';
import { Confirm, Empty, ErrorBox, Field, useLoad } from '../ui';
import { summaries } from '../refs';

export function EscalationPolicies() {
  const canWrite = useCan('escalation_policies');
  const list = useLoad(() => api('GET', '/escalation_policies', { query: { limit: 100 } }).then((r) => r.escalation_policies), []);
  return (
    <section>
      <div className="page-head">
        <h1>Escalation Policies</h1>
        {canWrite && (
          <Link to="/escalation_policies/new" className="button primary">
            + New Escalation Policy
          </Link>
        )}
      </div>
      <ErrorBox error={list.error} />
      {list.data && list.data.length === 0 && (
        <Empty title="No escalation policies yet.">
          Every service needs one: it says who is notified, and when to escalate. {canWrite && <Link to="/escalation_policies/new">Create the first one.</Link>}
        </Empty>
      )}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Rules</th>
                <th scope="col">Services</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.id}>
                  <td data-label="Name">
                    <Link to={`/escalation_policies/${p.id}`}>{p.name}</Link>
                  </td>
                  <td data-label="Rules">
                    {(p.escalation_rules ?? []).map((r, n) => (
                      <div key={r.id ?? n} className="small">
                        Level {n + 1}: {summaries(r.targets)} ({r.escalation_delay_in_minutes} min)
                      </div>
                    ))}
                  </td>
                  <td data-label="Services">{summaries(p.services) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

interface RuleDraft {
  delay: string;
  /** "user_reference:ID" or "schedule_reference:ID": a rule may name users and schedules. */
  targets: string[];
}

const targetKey = (t: { id: string; type: string }) => `${t.type.startsWith('schedule') ? 'schedule_reference' : 'user_reference'}:${t.id}`;
const fromKey = (k: string) => ({ type: k.slice(0, k.indexOf(':')), id: k.slice(k.indexOf(':') + 1) });

export function EscalationPolicyPage({ id }: { id: string }) {
  const isNew = id === 'new';
  // Where to go after creating (the New Service page sends people here when no policy exists yet).
  const back = useLocation().search.get('return');
  const canWrite = useCan('escalation_policies');
  const users = useLoad(() => api('GET', '/users', { query: { limit: 100 } }).then((r) => r.users), []);
  const schedules = useLoad(() => api('GET', '/schedules', { query: { limit: 100 } }).then((r) => r.schedules).catch(() => []), []);
  const policy = useLoad(() => (isNew ? Promise.resolve(null) : api('GET', '/escalation_policies/{id}', { path: { id } }).then((r) => r.escalation_policy)), [id]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [loops, setLoops] = useState('0');
  const [rules, setRules] = useState<RuleDraft[]>([{ delay: '30', targets: [] }]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  useEffect(() => {
    const p = policy.data;
    if (!p) return;
    setName(p.name);
    setDescription(p.description ?? '');
    setLoops(String(p.num_loops ?? 0));
    setRules((p.escalation_rules ?? []).map((r) => ({ delay: String(r.escalation_delay_in_minutes), targets: (r.targets ?? []).map(targetKey) })));
  }, [policy.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const body = {
      escalation_policy: {
        type: 'escalation_policy',
        name: name.trim(),
        description: description.trim() || null,
        num_loops: Number(loops) || 0,
        escalation_rules: rules.map((r) => ({ escalation_delay_in_minutes: Number(r.delay), targets: r.targets.map(fromKey) })),
      },
    };
    try {
      if (isNew) {
        const r = await api('POST', '/escalation_policies', { body: body });
        navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : `/escalation_policies/${r.escalation_policy.id}`, true);
      } else {
        await api('PUT', '/escalation_policies/{id}', { path: { id }, body: body });
        setSaved(true);
        policy.reload();
      }
    } catch (err) {
      setError(err);
    }
  };
  const remove = async () => {
    await api('DELETE', '/escalation_policies/{id}', { path: { id } });
    navigate('/escalation_policies');
  };
  if (policy.error) return <ErrorBox error={policy.error} />;
  const setRule = (n: number, r: RuleDraft) => setRules(rules.map((x, i) => (i === n ? r : x)));
  const RULES = ['escalation_rules', 'targets', 'escalation_delay_in_minutes'];
  return (
    <section>
      <p className="crumbs">
        <Link to="/escalation_policies">Escalation Policies</Link> /
      </p>
      <h1>{isNew ? 'New Escalation Policy' : name || 'Escalation policy'}</h1>
      {!isNew && policy.data && <OnCallNow policyId={id} />}
      <form onSubmit={save} className="stack" noValidate>
        <fieldset disabled={!canWrite}>
          <legend className="sr-only">Policy</legend>
          <Field label="Name" error={fieldErrors(error, ['name'])}>
            {(fid, d) => <input id={fid} aria-describedby={d} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Description" error={fieldErrors(error, ['description'])}>
            {(fid, d) => <input id={fid} aria-describedby={d} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          {rules.map((r, n) => (
            <fieldset key={n} className="rule">
              <legend>Level {n + 1}</legend>
              <fieldset className="inline-set">
                <legend>Notify</legend>
                {[
                  ...(users.data ?? []).map((u) => ({ key: `user_reference:${u.id}`, label: u.name })),
                  ...(schedules.data ?? []).map((sc) => ({ key: `schedule_reference:${sc.id}`, label: `${sc.name} (schedule)` })),
                ].map((t) => (
                  <label key={t.key} className="check">
                    <input type="checkbox" checked={r.targets.includes(t.key)} onChange={(e) => setRule(n, { ...r, targets: e.target.checked ? [...r.targets, t.key] : r.targets.filter((x) => x !== t.key) })} />
                    {t.label}
                  </label>
                ))}
              </fieldset>
              <div className="field inline">
                <label htmlFor={`delay-${n}`}>Escalate after (minutes)</label>
                <input id={`delay-${n}`} type="number" min={1} value={r.delay} onChange={(e) => setRule(n, { ...r, delay: e.target.value })} />
              </div>
              {rules.length > 1 && (
                <button type="button" onClick={() => setRules(rules.filter((_, i) => i !== n))}>
                  Remove level {n + 1}
                </button>
              )}
            </fieldset>
          ))}
          {fieldErrors(error, RULES) && <p className="field-error" role="alert">{fieldErrors(error, RULES)}</p>}
          <button type="button" onClick={() => setRules([...rules, { delay: '30', targets: [] }])}>
            + Add an escalation level
          </button>
          <Field label="Repeat the policy this many times if no one acknowledges" error={fieldErrors(error, ['num_loops'])}>
            {(fid, d) => <input id={fid} aria-describedby={d} type="number" min={0} max={9} value={loops} onChange={(e) => setLoops(e.target.value)} />}
          </Field>
        </fieldset>
        <ErrorBox error={otherErrors(error, [['name'], ['description'], RULES, ['num_loops']])} />
        {saved && <p role="status" className="alert success">Saved.</p>}
        {canWrite && (
          <div className="actions">
            <button type="submit" className="primary">
              {isNew ? 'Create Escalation Policy' : 'Save changes'}
            </button>
            {!isNew && (
              <button type="button" className="danger" onClick={() => setDeleting(true)}>
                Delete
              </button>
            )}
          </div>
        )}
      </form>
      <Confirm open={deleting} title="Delete this escalation policy?" confirmLabel="Delete" danger onConfirm={remove} onCancel={() => setDeleting(false)}>
        <p>This cannot be undone. A policy that services still use cannot be deleted.</p>
      </Confirm>
    </section>
  );
}
