import { useState, type FormEvent } from 'react';
import { api, fieldErrors, otherErrors, type ApiReply } from '../api';
import { useCan } from '../me';
import { Confirm, CopyButton, Empty, ErrorBox, Field, useLoad } from '../ui';
import type { WebhookSubscription } from '../models';

const EVENTS: Array<[string, string]> = [
  ['incident.triggered', 'Triggered'],
  ['incident.acknowledged', 'Acknowledged'],
  ['incident.unacknowledged', 'Unacknowledged'],
  ['incident.resolved', 'Resolved'],
  ['incident.reopened', 'Reopened'],
  ['incident.escalated', 'Escalated'],
  ['incident.reassigned', 'Reassigned'],
  ['incident.annotated', 'Note added'],
  ['incident.priority_updated', 'Priority changed'],
  ['service.updated', 'Service updated'],
  ['service.deleted', 'Service deleted'],
];
const DEFAULT_EVENTS = ['incident.triggered', 'incident.acknowledged', 'incident.unacknowledged', 'incident.resolved', 'incident.reassigned', 'incident.escalated'];

/** Webhooks (v3 subscriptions filtered to this service): the guide's "extensions" of a service. */
export function ServiceWebhooks({ serviceId }: { serviceId: string }) {
  const canWrite = useCan('webhooks');
  const list = useLoad(() => api('GET', '/webhook_subscriptions', { query: { filter_type: 'service', filter_id: serviceId, limit: 100 } }).then((r) => r.webhook_subscriptions), [serviceId]);
  const [adding, setAdding] = useState(false);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(DEFAULT_EVENTS);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<ApiReply<'POST', '/webhook_subscriptions'>['webhook_subscription'] | null>(null);
  const [deleting, setDeleting] = useState<WebhookSubscription | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api('POST', '/webhook_subscriptions', { body: {
        webhook_subscription: {
          type: 'webhook_subscription',
          delivery_method: { type: 'http_delivery_method', url: url.trim() },
          description: description.trim() || null,
          events,
          filter: { type: 'service_reference', id: serviceId },
        },
      } });
      setCreated(r.webhook_subscription);
      setAdding(false);
      setUrl('');
      setDescription('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const ping = async (w: WebhookSubscription) => {
    setNote(null);
    try {
      await api('POST', '/webhook_subscriptions/{id}/ping', { path: { id: w.id } });
      setNote(`A test event (pagey.ping) is on its way to ${w.delivery_method.url}.`);
    } catch (err) {
      setNote(String((err as Error).message));
    }
  };
  const remove = async () => {
    if (!deleting) return;
    await api('DELETE', '/webhook_subscriptions/{id}', { path: { id: deleting.id } });
    setDeleting(null);
    list.reload();
  };
  const URL_F = ['url', 'delivery_method'];
  const EV_F = ['events'];
  return (
    <div>
      <h2>Webhooks</h2>
      <p className="muted">Tocsin posts PagerDuty v3 webhook events for this service’s incidents to these URLs, signed with each subscription’s secret.</p>
      <ErrorBox error={list.error} />
      {note && (
        <p className="alert info" role="status">
          {note}
        </p>
      )}
      {created?.delivery_method?.secret && (
        <div className="panel">
          <h3>Webhook to {created.delivery_method.url} added</h3>
          <div className="credential">
            <span className="label" id="wh-secret">Signing secret</span>
            <code aria-labelledby="wh-secret">{created.delivery_method.secret}</code>
            <CopyButton text={created.delivery_method.secret} label="Copy secret" />
            <p className="hint">Shown only now. Check the X-PagerDuty-Signature header (v1=HMAC-SHA256 of the body) with it.</p>
          </div>
        </div>
      )}
      {list.data && list.data.length === 0 && <Empty title="No webhooks on this service.">{canWrite ? 'Add one to tell another system about incidents here.' : null}</Empty>}
      {list.data && list.data.length > 0 && (
        <ul className="cards">
          {list.data.map((w) => (
            <li key={w.id}>
              <code>{w.delivery_method.url}</code>
              <p className="small">
                {w.description ? `${w.description} · ` : ''}
                {w.events.length} event type{w.events.length === 1 ? '' : 's'} · {w.active && !w.delivery_method.temporarily_disabled ? 'active' : 'disabled'}
              </p>
              {canWrite && (
                <div className="actions">
                  <button type="button" onClick={() => ping(w)} aria-label={`Send a test event to ${w.delivery_method.url}`}>
                    Send test
                  </button>
                  <button type="button" onClick={() => setDeleting(w)} aria-label={`Delete webhook to ${w.delivery_method.url}`}>
                    Delete
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && !adding && (
        <p>
          <button type="button" className="link" onClick={() => { setCreated(null); setAdding(true); }}>
            + Add a webhook
          </button>
        </p>
      )}
      {adding && (
        <form className="panel stack" onSubmit={create} noValidate>
          <h3>Add a webhook</h3>
          <Field label="Webhook URL" error={fieldErrors(error, URL_F)}>
            {(id, d) => <input id={id} aria-describedby={d} type="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />}
          </Field>
          <Field label="Webhook description" error={fieldErrors(error, ['description'])}>
            {(id, d) => <input id={id} aria-describedby={d} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
          <fieldset className="inline-set">
            <legend>Events</legend>
            {EVENTS.map(([v, l]) => (
              <label key={v} className="check">
                <input type="checkbox" checked={events.includes(v)} onChange={(e) => setEvents(e.target.checked ? [...events, v] : events.filter((x) => x !== v))} />
                {l}
              </label>
            ))}
          </fieldset>
          {fieldErrors(error, EV_F) && <p className="field-error" role="alert">{fieldErrors(error, EV_F)}</p>}
          <ErrorBox error={otherErrors(error, [URL_F, ['description'], EV_F])} />
          <div className="actions">
            <button type="submit" className="primary">
              Add Webhook
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <Confirm open={!!deleting} title="Delete this webhook?" confirmLabel="Delete" danger onConfirm={remove} onCancel={() => setDeleting(null)}>
        <p>{deleting?.delivery_method.url} will no longer be told about this service’s incidents. This cannot be undone.</p>
      </Confirm>
    </div>
  );
}
