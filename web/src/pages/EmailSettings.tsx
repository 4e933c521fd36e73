import { useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors } from '../api';
import { ErrorBox } from '../ui';
import type { Integration } from '../models';

const CREATION: Array<[string, string]> = [
  ['on_new_email', 'Open a new incident for each new email'],
  ['on_new_email_subject', 'Open a new incident for each new email with a distinct subject'],
  ['only_if_no_open_incidents', 'Open a new incident only if no incident is open'],
  ['use_rules', 'Open and resolve incidents based on custom rules'],
];
const FILTER_MODE: Array<[string, string]> = [
  ['all-email', 'Accept all incoming email'],
  ['or-rules-email', 'Accept email that matches one or more rules'],
  ['and-rules-email', 'Accept email only if it matches all rules'],
];
const PARTS = [
  ['subject', 'Subject'],
  ['body', 'Body'],
  ['from_email', 'From address'],
] as const;

interface Filter {
  subject_mode: string;
  subject_regex?: string | null;
  body_mode: string;
  body_regex?: string | null;
  from_email_mode: string;
  from_email_regex?: string | null;
}
/** A stored filter for the form: an absent mode is "always", as the server reads it. */
function formFilter(f: NonNullable<Integration['email_filters']>[number]): Filter {
  return {
    subject_mode: f.subject_mode ?? 'always',
    subject_regex: f.subject_regex,
    body_mode: f.body_mode ?? 'always',
    body_regex: f.body_regex,
    from_email_mode: f.from_email_mode ?? 'always',
    from_email_regex: f.from_email_regex,
  };
}
const emptyFilter = (): Filter => ({ subject_mode: 'match', subject_regex: '', body_mode: 'always', from_email_mode: 'always' });

/** An email integration's management rules: incident creation, filters, and the parsing fallback. */
export function EmailSettings({ serviceId, integration, canWrite, onSaved }: { serviceId: string; integration: Integration; canWrite: boolean; onSaved: () => void }) {
  const [creation, setCreation] = useState<string>(integration.email_incident_creation ?? 'on_new_email');
  const [mode, setMode] = useState<string>(integration.email_filter_mode ?? 'all-email');
  const [fallback, setFallback] = useState<string>(integration.email_parsing_fallback ?? 'open_new_incident');
  const [filters, setFilters] = useState<Filter[]>((integration.email_filters ?? []).map(formFilter));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const clean = filters.map((f) => {
      const o: Record<string, unknown> = {};
      for (const [p] of PARTS) {
        const m = f[`${p}_mode`];
        o[`${p}_mode`] = m;
        if (m !== 'always') o[`${p}_regex`] = f[`${p}_regex`] ?? '';
      }
      return o;
    });
    try {
      await api('PUT', '/services/{id}/integrations/{integration_id}', { path: { id: serviceId, integration_id: integration.id }, body: {
        integration: {
          type: integration.type,
          email_incident_creation: creation,
          email_filter_mode: mode,
          email_filters: mode === 'all-email' ? [] : clean,
          email_parsing_fallback: fallback,
        },
      } });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const setFilter = (n: number, f: Filter) => setFilters(filters.map((x, i) => (i === n ? f : x)));
  const FILTERS = ['email_filters', 'regex'];
  return (
    <form className="panel stack" onSubmit={save} noValidate>
      <h2>Email management</h2>
      <fieldset disabled={!canWrite}>
        <legend className="sr-only">Email settings</legend>
        <div className="field">
          <label htmlFor="em-creation">Incident creation</label>
          <select id="em-creation" value={creation} onChange={(e) => setCreation(e.target.value)}>
            {CREATION.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
          {fieldErrors(error, ['email_incident_creation']) && <p className="field-error" role="alert">{fieldErrors(error, ['email_incident_creation'])}</p>}
        </div>
        {creation === 'use_rules' && (
          <div className="field">
            <label htmlFor="em-fallback">When no rule matches</label>
            <select id="em-fallback" value={fallback} onChange={(e) => setFallback(e.target.value)}>
              <option value="open_new_incident">Open a new incident</option>
              <option value="discard">Discard the email</option>
            </select>
            <p className="hint">This integration has {(integration.email_parsers ?? []).length} parsing rule(s); edit them through the REST API (`email_parsers`).</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="em-mode">Email filters</label>
          <select id="em-mode" value={mode} onChange={(e) => setMode(e.target.value)}>
            {FILTER_MODE.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
        </div>
        {mode !== 'all-email' && (
          <>
            {filters.map((f, n) => (
              <fieldset key={n} className="rule">
                <legend>Filter {n + 1}</legend>
                {PARTS.map(([p, label]) => (
                  <div key={p} className="row">
                    <div className="field inline">
                      <label htmlFor={`f${n}-${p}-mode`}>{label}</label>
                      <select id={`f${n}-${p}-mode`} value={f[`${p}_mode`]} onChange={(e) => setFilter(n, { ...f, [`${p}_mode`]: e.target.value })}>
                        <option value="always">Any</option>
                        <option value="match">Matches regex</option>
                        <option value="no-match">Does not match regex</option>
                      </select>
                    </div>
                    {f[`${p}_mode`] !== 'always' && (
                      <div className="field inline">
                        <label htmlFor={`f${n}-${p}-re`}>{label} regex</label>
                        <input id={`f${n}-${p}-re`} value={f[`${p}_regex`] ?? ''} onChange={(e) => setFilter(n, { ...f, [`${p}_regex`]: e.target.value })} />
                      </div>
                    )}
                  </div>
                ))}
                <button type="button" onClick={() => setFilters(filters.filter((_, i) => i !== n))}>
                  Remove filter {n + 1}
                </button>
              </fieldset>
            ))}
            <button type="button" onClick={() => setFilters([...filters, emptyFilter()])}>
              + Add a filter
            </button>
            {fieldErrors(error, FILTERS) && <p className="field-error" role="alert">{fieldErrors(error, FILTERS)}</p>}
          </>
        )}
      </fieldset>
      <ErrorBox error={otherErrors(error, [['email_incident_creation'], FILTERS])} />
      {saved && <p className="alert success" role="status">Saved.</p>}
      {canWrite && (
        <div className="actions">
          <button type="submit" className="primary">Save email settings</button>
        </div>
      )}
    </form>
  );
}
