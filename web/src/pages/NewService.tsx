import { useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors } from '../api';
import { initialChoice, integrationBody, IntegrationCredentials, IntegrationTypePicker, isEventsV2, suggestName, type Choice } from '../integration-form';
import { clearDraft, useDraft } from '../draft';
import { useCan, useMe, useMyZone } from '../me';
import { Link } from '../router';
import { ErrorBox, Field, useLoad } from '../ui';
import { defaultUrgency, UrgencyEditor, urgencyToService } from '../urgency';
import type { Integration, Service } from '../models';

const NAME = ['name', 'service.name'];
const DESC = ['description', 'service.description'];
const EP = ['escalation_policy', 'service.escalation_policy', 'escalation policy'];
const URG = ['incident_urgency_rule', 'support_hours', 'scheduled_actions', 'urgency'];
const ALERT = ['alert_creation', 'create_incidents'];
const INT_NAME = ['integration', 'integration.name'];

const DEFAULT_POLICY = (userId: string) => ({
  type: 'escalation_policy',
  name: 'Default',
  escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: userId, type: 'user_reference' }] }],
});

/** + New Service: the guide's four steps on one page, then the new key or address to copy. */
export function NewService() {
  const canCreate = useCan('services');
  const canIntegrate = useCan('integrations');
  const me = useMe();
  const [name, setName] = useDraft('new-service.name', '');
  const [description, setDescription] = useDraft('new-service.description', '');
  const [choice, setChoice] = useDraft<Choice>('new-service.choice', canIntegrate ? initialChoice : { ...initialChoice, kind: 'none' });
  const [intName, setIntName] = useDraft('new-service.int-name', '');
  const [intNameEdited, setIntNameEdited] = useDraft('new-service.int-name-edited', false);
  const [ep, setEp] = useDraft('new-service.ep', '');
  const [team, setTeam] = useDraft('new-service.team', '');
  const myZone = useMyZone();
  const [urgency, setUrgency] = useState(() => defaultUrgency(myZone));
  const [alertCreation, setAlertCreation] = useState<'create_alerts_and_incidents' | 'create_incidents'>('create_alerts_and_incidents');
  const [error, setError] = useState<unknown>(null);
  const [intError, setIntError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ service: Service; integration: Integration | null } | null>(null);

  const teams = useLoad(() => api('GET', '/teams', { query: { limit: 100 } }).then((r) => r.teams), []);
  const policies = useLoad(() => api('GET', '/escalation_policies', { query: { limit: 100 } }).then((r) => r.escalation_policies), []);
  const v2 = isEventsV2(choice);
  const shownIntName = intNameEdited ? intName : suggestName(choice, name);
  const effectiveAlertCreation = v2 ? 'create_alerts_and_incidents' : alertCreation;
  const noPolicies = !!policies.data && policies.data.length === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setIntError(null);
    if (choice.kind === 'vendor' && !choice.vendor) {
      setIntError('Select a tool from the list, or choose another integration type.');
      return;
    }
    setBusy(true);
    // With no escalation policy yet, PagerDuty makes "Default" with the creator on call; so does Tocsin.
    let madePolicy: string | null = null;
    try {
      let chosenEp = ep || policies.data?.[0]?.id || '';
      if (!chosenEp && noPolicies) {
        madePolicy = (await api('POST', '/escalation_policies', { body: { escalation_policy: DEFAULT_POLICY(me.id) } })).escalation_policy.id as string;
        chosenEp = madePolicy;
      }
      const r = await api('POST', '/services', { body: {
        service: {
          type: 'service',
          name: name.trim(),
          description: description.trim() || null,
          escalation_policy: chosenEp ? { id: chosenEp, type: 'escalation_policy_reference' } : undefined,
          alert_creation: effectiveAlertCreation,
          teams: team ? [{ id: team, type: 'team_reference' }] : [],
          ...urgencyToService(urgency),
        },
      } });
      madePolicy = null;
      const body = canIntegrate ? integrationBody(choice, shownIntName.trim() || suggestName(choice, name)) : null;
      let integration = null;
      if (body) {
        try {
          integration = (await api('POST', '/services/{id}/integrations', { path: { id: r.service.id }, body: { integration: body } })).integration;
        } catch (err) {
          setIntError(err);
        }
      }
      clearDraft('new-service');
      setCreated({ service: r.service, integration });
    } catch (err) {
      // The service was refused: take back the policy made for it, so nothing is left half-created.
      if (madePolicy) await api('DELETE', '/escalation_policies/{id}', { path: { id: madePolicy } }).catch(() => undefined);
      setError(err);
      policies.reload();
    } finally {
      setBusy(false);
    }
  };

  if (!canCreate) {
    return (
      <section>
        <h1>Create a Service</h1>
        <p className="alert info">
          Your role ({me.role.replace(/_/g, ' ')}) cannot create services. An account owner, admin or user can; ask one of them, or ask an admin to change your role.
        </p>
        <Link to="/services">Back to the Service Directory</Link>
      </section>
    );
  }
  if (created) {
    return (
      <section>
        <h1>Service “{created.service.name}” created</h1>
        {created.integration ? (
          <>
            <p>
              Integration <strong>{created.integration.name}</strong> is ready. Point your tool at it:
            </p>
            <IntegrationCredentials integration={created.integration} />
          </>
        ) : intError ? (
          <ErrorBox error={intError} />
        ) : (
          <p>This service has no integration; create incidents on it by hand or add an integration later.</p>
        )}
        <p>
          <Link to={`/services/${created.service.id}`} className="button primary">
            Go to the service
          </Link>{' '}
          <Link to="/services">Back to the Service Directory</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1>Create a Service</h1>
      <form onSubmit={submit} noValidate className="stack">
        <fieldset>
          <legend>1. General settings</legend>
          <Field label="Name" hint="The application, component or team incidents are about, e.g. “Shopping Cart”." error={fieldErrors(error, NAME)}>
            {(id, d) => <input id={id} aria-describedby={d} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Description" error={fieldErrors(error, DESC)}>
            {(id, d) => <textarea id={id} aria-describedby={d} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          {teams.data && teams.data.length > 0 && (
            <Field label="Team" error={fieldErrors(error, ['teams', 'team'])}>
              {(id, d) => (
                <select id={id} aria-describedby={d} value={team} onChange={(e) => setTeam(e.target.value)}>
                  <option value="">No team</option>
                  {teams.data!.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </fieldset>
        <fieldset>
          <legend>2. Integration settings</legend>
          {!canIntegrate && (
            <p className="alert info">
              Your role ({me.role.replace(/_/g, ' ')}) cannot add integrations. Create the service, then ask an admin to add one on its Integrations tab.
            </p>
          )}
          {canIntegrate && <IntegrationTypePicker value={choice} onChange={setChoice} allowNone />}
          {canIntegrate && choice.kind !== 'none' && (
            <Field label="Integration name" hint="Format: monitoring-tool-service-name, e.g. Datadog-Shopping-Cart." error={fieldErrors(intError, INT_NAME) ?? (typeof intError === 'string' ? intError : undefined)}>
              {(id, d) => (
                <input
                  id={id}
                  aria-describedby={d}
                  value={shownIntName}
                  onChange={(e) => {
                    setIntNameEdited(true);
                    setIntName(e.target.value);
                  }}
                />
              )}
            </Field>
          )}
        </fieldset>
        <fieldset>
          <legend>3. Incident settings</legend>
          <Field
            label="Escalation policy"
            error={fieldErrors(error, EP)}
            hint={
              noPolicies ? (
                <>
                  No escalation policy exists yet: Tocsin will create “Default”, which notifies you ({me.name}). To build another one instead,{' '}
                  <Link to="/escalation_policies/new?return=/services/new">create one</Link>; what you typed here is kept.
                </>
              ) : undefined
            }
          >
            {(id, d) =>
              noPolicies ? (
                <select id={id} aria-describedby={d} value="" disabled>
                  <option value="">Default (new): notifies {me.name}</option>
                </select>
              ) : (
                <select id={id} aria-describedby={d} value={ep || policies.data?.[0]?.id || ''} onChange={(e) => setEp(e.target.value)}>
                  {(policies.data ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              )
            }
          </Field>
          <UrgencyEditor value={urgency} onChange={setUrgency} error={fieldErrors(error, URG)} />
        </fieldset>
        <fieldset>
          <legend>4. Incident behavior</legend>
          <label className="radio">
            <input type="radio" name="alert_creation" checked={effectiveAlertCreation === 'create_alerts_and_incidents'} onChange={() => setAlertCreation('create_alerts_and_incidents')} />
            <span>Create alerts and incidents</span>
          </label>
          <label className={`radio${v2 ? ' disabled' : ''}`}>
            <input type="radio" name="alert_creation" disabled={v2} checked={effectiveAlertCreation === 'create_incidents'} onChange={() => setAlertCreation('create_incidents')} aria-describedby={v2 ? 'v2-note' : undefined} />
            <span>Create incidents</span>
          </label>
          {v2 && (
            <p className="hint" id="v2-note">
              Events API v2 needs “Create alerts and incidents”, so “Create incidents” is not available.
            </p>
          )}
          {fieldErrors(error, ALERT) && <p className="field-error">{fieldErrors(error, ALERT)}</p>}
        </fieldset>
        <ErrorBox error={otherErrors(error, [NAME, DESC, EP, URG, ALERT, ['teams', 'team']])} />
        <ErrorBox error={policies.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Add Service
          </button>
          <Link to="/services">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
