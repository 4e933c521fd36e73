import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors } from '../api';
import { initialChoice, integrationBody, IntegrationCredentials, IntegrationTypePicker, isEventsV2, suggestName, type Choice } from '../integration-form';
import { useCan } from '../me';
import { Link } from '../router';
import { Confirm, Empty, ErrorBox, Field, Menu } from '../ui';
import { AlertCreationSetting } from './ServiceSettings';
import { ServiceWebhooks } from './ServiceWebhooks';
import type { Integration, Service } from '../models';
import { asRef } from '../refs';

export const TYPE_LABEL: Record<string, string> = {
  events_api_v2_inbound_integration: 'Events API v2',
  generic_events_api_inbound_integration: 'Events API v1',
  generic_email_inbound_integration: 'Email',
};

function AddIntegration({ service, onAdded, onClose }: { service: Service; onAdded: () => void; onClose: () => void }) {
  const [choice, setChoice] = useState<Choice>(initialChoice);
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Integration | null>(null);
  const shown = name ?? suggestName(choice, service.name);
  // The panel takes focus when it opens (its first field) and when it changes to what was added (its heading).
  const first = useRef<HTMLInputElement>(null);
  const done = useRef<HTMLHeadingElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => done.current?.focus(), [created]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (choice.kind === 'vendor' && !choice.vendor) return setError('Select a tool from the list.');
    try {
      const integration = integrationBody(choice, shown.trim());
      if (!integration) return setError('Choose how alerts reach this service.');
      const r = await api('POST', '/services/{id}/integrations', { path: { id: service.id }, body: { integration } });
      setCreated(r.integration);
      onAdded();
    } catch (err) {
      setError(err);
    }
  };
  if (created) {
    return (
      <div className="panel">
        <h3 ref={done} tabIndex={-1}>
          Integration “{created.name}” added
        </h3>
        <IntegrationCredentials integration={created} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    );
  }
  const v2Conflict = isEventsV2(choice) && service.alert_creation === 'create_incidents';
  return (
    <form className="panel stack" onSubmit={submit} noValidate>
      <h3>Add an integration</h3>
      <Field label="Integration name" error={fieldErrors(error, ['name', 'integration.name'])}>
        {(id, d) => <input ref={first} id={id} aria-describedby={d} value={shown} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <IntegrationTypePicker value={choice} onChange={setChoice} allowNone={false} />
      {v2Conflict && (
        <div className="alert info">
          Events API v2 needs “Create alerts and incidents”. Change this service’s alert creation in Settings first.
        </div>
      )}
      <ErrorBox error={otherErrors(error, [['name', 'integration.name']])} />
      <div className="actions">
        <button type="submit" className="primary">
          Add Integration
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A row of the table, from the integration that the service's include[]=integrations expanded. */
interface Row {
  id: string;
  type: string;
  name: string;
  key: string | null;
  vendor: string | null;
}
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
function row(i: Service['integrations'][number]): Row {
  const vendor = asRef(i.vendor);
  return { id: i.id, type: i.type, name: text(i.name) ?? i.summary ?? i.id, key: text(i.integration_key) ?? text(i.integration_email), vendor: vendor ? (vendor.summary ?? vendor.name ?? null) : null };
}

export function ServiceIntegrations({ service: s, onChange }: { service: Service; onChange: () => void }) {
  const canWrite = useCan('integrations');
  const canEditService = useCan('services');
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Row | null>(null);
  // When the add panel closes, focus goes back to the button that opened it (shown again by then).
  const addButton = useRef<HTMLButtonElement>(null);
  const wasAdding = useRef(false);
  useEffect(() => {
    if (wasAdding.current && !adding) addButton.current?.focus();
    wasAdding.current = adding;
  }, [adding]);
  const list = s.integrations.map(row);
  const remove = async () => {
    if (!deleting) return;
    await api('DELETE', '/services/{id}/integrations/{integration_id}', { path: { id: s.id, integration_id: deleting.id } });
    setDeleting(null);
    onChange();
  };
  return (
    <div>
      <h2>Alert and Incident Settings</h2>
      <dl className="settings">
        <AlertCreationSetting service={s} onSaved={onChange} canEdit={canEditService} />
      </dl>
      <h2>Integrations</h2>
      {canWrite && !adding && (
        <p>
          <button ref={addButton} type="button" className="link" onClick={() => setAdding(true)}>
            + Add a new integration to this service
          </button>
        </p>
      )}
      {adding && <AddIntegration service={s} onAdded={onChange} onClose={() => setAdding(false)} />}
      {list.length === 0 ? (
        <Empty title="This service has no integrations.">
          {canWrite ? 'Add one so your monitoring tools can send it events.' : 'Ask an administrator or a team manager to add one.'}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Key or address</th>
                <th scope="col">Vendor</th>
                {canWrite && <th scope="col"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {list.map((i) => (
                <tr key={i.id}>
                  <td data-label="Name">
                    <Link to={`/services/${s.id}/integrations/${i.id}`}>{i.name}</Link>
                  </td>
                  <td data-label="Type">{TYPE_LABEL[i.type] ?? i.type.replace(/_/g, ' ')}</td>
                  <td data-label="Key or address">
                    <code>{i.key ?? '—'}</code>
                  </td>
                  <td data-label="Vendor">{i.vendor ?? '—'}</td>
                  {canWrite && (
                    <td>
                      <Menu label={`Settings of ${i.name}`} icon="⚙" items={[{ label: 'Delete', onSelect: () => setDeleting(i), danger: true }]} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ServiceWebhooks serviceId={s.id} />
      <Confirm open={!!deleting} title="Delete this integration?" confirmLabel="Delete" danger onConfirm={remove} onCancel={() => setDeleting(null)}>
        <p>
          “{deleting?.name}” will be deleted. A deleted integration cannot be recovered: its key or address stops accepting events at once. Its incidents stay.
        </p>
      </Confirm>
    </div>
  );
}
