import { api } from '../api';
import { Link } from '../router';
import { useLoad } from '../ui';
import type { Integration, Service } from '../models';

/** After a move: says where the integration came from, what stayed and what changed. */
export function MovedNotice({ fromId, integration: i, service: s }: { fromId: string; integration: Integration; service: Service }) {
  const from = useLoad(() => api('GET', '/services/{id}', { path: { id: fromId } }).then((r) => r.service.name as string), [fromId]);
  const fromName = from.data ?? 'the other service';
  return (
    <div className="alert success" role="status">
      <p>
        <strong>
          Moved “{i.name}” from <Link to={`/services/${fromId}/integrations`}>{fromName}</Link> to {s.name}.
        </strong>
      </p>
      <p>
        Its {i.integration_email ? 'email address' : 'integration key'} is unchanged, so the tool sending to it needs no change. Incidents it opened moved with it, and
        new events follow {s.name}’s settings and escalation policy.
      </p>
    </div>
  );
}
