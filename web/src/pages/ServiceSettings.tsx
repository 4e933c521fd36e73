import { useState, type ReactNode } from 'react';
import { api, ApiError, fieldErrors, otherErrors } from '../api';
import { useCan, useMyZone } from '../me';
import { Link } from '../router';
import { ErrorBox, formatTime, useLoad } from '../ui';
import { describeUrgency, UrgencyEditor, urgencyFromService, urgencyToService } from '../urgency';
import { ServiceWorkflows } from './ServiceWorkflows';
import { summaries } from '../refs';
import type { Service } from '../models';

/** One setting, shown as text with an Edit button that opens its editor in place. */
function Setting(props: { label: string; view: ReactNode; canEdit: boolean; editor: (close: () => void) => ReactNode }) {
  const [editing, setEditing] = useState(false);
  return (
    <div className="setting">
      <dt>{props.label}</dt>
      <dd>
        {editing ? (
          props.editor(() => setEditing(false))
        ) : (
          <>
            <span>{props.view}</span>
            {props.canEdit && (
              <button type="button" className="link" onClick={() => setEditing(true)} aria-label={`Edit ${props.label}`}>
                Edit
              </button>
            )}
          </>
        )}
      </dd>
    </div>
  );
}

/** A small form: its body gets the draft and a setter; Save changes PUTs the fields it returns. */
function Editor<T>(props: { service: Service; initial: T; fields: string[]; toBody: (v: T) => Record<string, unknown>; close: () => void; onSaved: () => void; children: (v: T, set: (v: T) => void, error: string | undefined) => ReactNode }) {
  const [v, setV] = useState<T>(props.initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('PUT', '/services/{id}', { path: { id: props.service.id }, body: { service: { type: 'service', ...props.toBody(v) } } });
      props.close();
      props.onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={save} className="inline-editor" noValidate>
      {props.children(v, setV, fieldErrors(error, props.fields))}
      <ErrorBox error={otherErrors(error, [props.fields])} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save changes
        </button>
        <button type="button" onClick={props.close}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function minutesText(seconds: number | null | undefined, unit: 'minutes' | 'hours'): string {
  if (!seconds) return 'Disabled';
  return unit === 'hours' && seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${Math.round(seconds / 60)} minutes`;
}

function TimeoutEditor({ label, value, set, error }: { label: string; value: string; set: (v: string) => void; error?: string }) {
  const id = label.replace(/\W+/g, '-').toLowerCase();
  return (
    <div className="field">
      <label htmlFor={id}>{label} (minutes; empty to disable)</label>
      <input id={id} type="number" min={1} value={value} onChange={(e) => set(e.target.value)} aria-invalid={!!error} />
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}

/** Alert creation; "Create incidents" is greyed out while the service has an Events API v2 integration. */
export function AlertCreationSetting({ service: s, onSaved, canEdit }: { service: Service; onSaved: () => void; canEdit: boolean }) {
  const hasV2 = (s.integrations ?? []).some((i) => i.type === 'events_api_v2_inbound_integration');
  return (
    <Setting label="Alert creation" view={s.alert_creation === 'create_incidents' ? 'Create incidents' : 'Create alerts and incidents'} canEdit={canEdit} editor={(close) => (
      <Editor service={s} onSaved={onSaved} close={close} initial={s.alert_creation as string} fields={['alert_creation']} toBody={(alert_creation) => ({ alert_creation })}>
        {(v, set, err) => (
          <fieldset>
            <legend>Alert creation</legend>
            <label className="radio"><input type="radio" name="ac" checked={v === 'create_alerts_and_incidents'} onChange={() => set('create_alerts_and_incidents')} /> Create alerts and incidents</label>
            <label className={`radio${hasV2 ? ' disabled' : ''}`}><input type="radio" name="ac" disabled={hasV2} checked={v === 'create_incidents'} onChange={() => set('create_incidents')} /> Create incidents</label>
            {hasV2 && <p className="hint">This service has an Events API v2 integration, which needs “Create alerts and incidents”.</p>}
            {err && <p className="field-error" role="alert">{err}</p>}
          </fieldset>
        )}
      </Editor>
    )} />
  );
}

const grouping = (s: Service) => s.alert_grouping_parameters?.type ?? null;

export function ServiceSettings({ service: s, onSaved }: { service: Service; onSaved: () => void }) {
  const canEdit = useCan('services');
  const myZone = useMyZone();
  const policies = useLoad(() => api('GET', '/escalation_policies', { query: { limit: 100 } }).then((r) => r.escalation_policies), []);
  const teams = useLoad(() => api('GET', '/teams', { query: { limit: 100 } }).then((r) => r.teams), []);
  const common = { service: s, onSaved };
  // Empty disables the timeout; anything else must be a positive number of minutes (−5 once saved as Disabled).
  const toSeconds = (m: string, what: string) => {
    if (m.trim() === '') return null;
    const n = Number(m);
    if (!Number.isFinite(n) || n <= 0) throw new ApiError(400, 'Invalid Input Provided', [`${what} must be a number of minutes greater than 0. Leave it empty to turn it off.`]);
    return Math.round(n * 60);
  };
  return (
    <dl className="settings">
      <Setting label="Name" view={s.name} canEdit={canEdit} editor={(close) => (
        <Editor {...common} close={close} initial={s.name as string} fields={['name']} toBody={(name) => ({ name })}>
          {(v, set, err) => (
            <div className="field">
              <label htmlFor="set-name">Name</label>
              <input id="set-name" value={v} onChange={(e) => set(e.target.value)} aria-invalid={!!err} />
              {err && <p className="field-error" role="alert">{err}</p>}
            </div>
          )}
        </Editor>
      )} />
      <Setting label="Description" view={s.description || <span className="muted">None</span>} canEdit={canEdit} editor={(close) => (
        <Editor {...common} close={close} initial={(s.description ?? '') as string} fields={['description']} toBody={(d) => ({ description: d.trim() || null })}>
          {(v, set, err) => (
            <div className="field">
              <label htmlFor="set-desc">Description</label>
              <textarea id="set-desc" rows={2} value={v} onChange={(e) => set(e.target.value)} />
              {err && <p className="field-error" role="alert">{err}</p>}
            </div>
          )}
        </Editor>
      )} />
      <Setting label="Escalation policy" view={<Link to={`/escalation_policies/${s.escalation_policy?.id}`}>{summaries([s.escalation_policy])}</Link>} canEdit={canEdit} editor={(close) => (
        <Editor {...common} close={close} initial={s.escalation_policy?.id as string} fields={['escalation_policy']} toBody={(id) => ({ escalation_policy: { id, type: 'escalation_policy_reference' } })}>
          {(v, set, err) => (
            <div className="field">
              <label htmlFor="set-ep">Escalation policy</label>
              <select id="set-ep" value={v} onChange={(e) => set(e.target.value)}>
                {(policies.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </select>
              {err && <p className="field-error" role="alert">{err}</p>}
            </div>
          )}
        </Editor>
      )} />
      <Setting label="Team" view={summaries(s.teams) || <span className="muted">No team</span>} canEdit={canEdit} editor={(close) => (
        <Editor {...common} close={close} initial={(s.teams?.[0]?.id ?? '') as string} fields={['teams', 'team']} toBody={(id) => ({ teams: id ? [{ id, type: 'team_reference' }] : [] })}>
          {(v, set, err) => (
            <div className="field">
              <label htmlFor="set-team">Team</label>
              <select id="set-team" value={v} onChange={(e) => set(e.target.value)}>
                <option value="">No team</option>
                {(teams.data ?? []).map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </select>
              {err && <p className="field-error" role="alert">{err}</p>}
            </div>
          )}
        </Editor>
      )} />
      <Setting label="Urgency" view={describeUrgency(s)} canEdit={canEdit} editor={(close) => (
        <Editor {...common} close={close} initial={urgencyFromService(s, myZone)} fields={['incident_urgency_rule', 'support_hours', 'scheduled_actions', 'urgency']} toBody={urgencyToService}>
          {(v, set, err) => <UrgencyEditor value={v} onChange={set} error={err} />}
        </Editor>
      )} />
      <Setting label="Acknowledgement timeout" view={minutesText(s.acknowledgement_timeout, 'minutes')} canEdit={canEdit} editor={(close) => (
        <Editor {...common} close={close} initial={s.acknowledgement_timeout ? String(s.acknowledgement_timeout / 60) : ''} fields={['acknowledgement_timeout']} toBody={(m) => ({ acknowledgement_timeout: toSeconds(m, 'acknowledgement_timeout') })}>
          {(v, set, err) => <TimeoutEditor label="Acknowledgement timeout" value={v} set={set} error={err} />}
        </Editor>
      )} />
      <Setting label="Auto-resolution" view={minutesText(s.auto_resolve_timeout, 'hours')} canEdit={canEdit} editor={(close) => (
        <Editor {...common} close={close} initial={s.auto_resolve_timeout ? String(s.auto_resolve_timeout / 60) : ''} fields={['auto_resolve_timeout']} toBody={(m) => ({ auto_resolve_timeout: toSeconds(m, 'auto_resolve_timeout') })}>
          {(v, set, err) => <TimeoutEditor label="Auto-resolve after" value={v} set={set} error={err} />}
        </Editor>
      )} />
      <AlertCreationSetting service={s} onSaved={onSaved} canEdit={canEdit} />
      <Setting
        label="Alert grouping"
        view={grouping(s) === 'time' ? `Time-based, ${s.alert_grouping_parameters.config?.timeout || 'until resolved'} minutes` : grouping(s) === 'intelligent' ? 'Intelligent' : grouping(s) === 'content_based' ? `Content-based on ${(s.alert_grouping_parameters.config?.fields ?? []).join(', ')}` : 'No grouping'}
        canEdit={canEdit}
        editor={(close) => (
          <Editor
            {...common}
            close={close}
            initial={{ type: (grouping(s) ?? '') as string, timeout: String(s.alert_grouping_parameters?.config?.timeout ?? 30), fields: ((s.alert_grouping_parameters?.config?.fields ?? ['summary']) as string[]).join(', ') }}
            fields={['alert_grouping_parameters', 'alert_grouping']}
            toBody={(g) => ({
              alert_grouping_parameters:
                g.type === 'time' ? { type: 'time', config: { timeout: Number(g.timeout) } }
                : g.type === 'intelligent' ? { type: 'intelligent', config: { time_window: 300 } }
                : g.type === 'content_based' ? { type: 'content_based', config: { aggregate: 'all', fields: g.fields.split(',').map((f) => f.trim()).filter(Boolean), time_window: 300 } }
                : { type: null, config: null },
            })}
          >
            {(v, set, err) => (
              <>
                <div className="field">
                  <label htmlFor="set-grp">Alert grouping</label>
                  <select id="set-grp" value={v.type} onChange={(e) => set({ ...v, type: e.target.value })}>
                    <option value="">No grouping</option>
                    <option value="time">Time-based</option>
                    <option value="intelligent">Intelligent</option>
                    <option value="content_based">Content-based</option>
                  </select>
                </div>
                {v.type === 'time' && (
                  <div className="field">
                    <label htmlFor="set-grp-t">Group alerts for (minutes, 0 = until the incident is resolved)</label>
                    <input id="set-grp-t" type="number" min={0} max={1440} value={v.timeout} onChange={(e) => set({ ...v, timeout: e.target.value })} />
                  </div>
                )}
                {v.type === 'content_based' && (
                  <div className="field">
                    <label htmlFor="set-grp-f">Fields that must match (comma-separated)</label>
                    <input id="set-grp-f" value={v.fields} onChange={(e) => set({ ...v, fields: e.target.value })} />
                  </div>
                )}
                {err && <p className="field-error" role="alert">{err}</p>}
              </>
            )}
          </Editor>
        )}
      />
      <ServiceWorkflows serviceId={s.id} />
      <div className="setting">
        <dt>Created</dt>
        <dd>{formatTime(s.created_at)}</dd>
      </div>
      <div className="setting">
        <dt>Last incident</dt>
        <dd>{formatTime(s.last_incident_timestamp)}</dd>
      </div>
    </dl>
  );
}
