import { api } from '../api';
import { useLoad } from '../ui';

/** The guide's "response plays" line: which incident workflows run for the service, and when. */
export function ServiceWorkflows({ serviceId }: { serviceId: string }) {
  const triggers = useLoad(() => api('GET', '/incident_workflows/triggers', { query: { service_id: serviceId, limit: 100 } }).then((r) => r.triggers), [serviceId]);
  const list = triggers.data ?? [];
  return (
    <div className="setting">
      <dt>Incident workflows (response plays)</dt>
      <dd>
        {triggers.error ? (
          'Could not load the workflows.'
        ) : list.length === 0 ? (
          'None'
        ) : (
          <ul aria-label="Incident workflows of this service">
            {list.map((t) => (
              <li key={t.id}>
                {t.workflow.name} —{' '}
                {t.trigger_type === 'manual' ? 'started by hand from an incident' : <>runs when <code>{t.condition}</code></>}
                {t.is_subscribed_to_all_services ? ' (all services)' : ''}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </div>
  );
}
