import { api } from '../api';
import { useLoad } from '../ui';
import type { Service } from '../models';

/**
 * What disabling a service does, said before it is done: Tocsin (like PagerDuty) resolves the service's
 * open incidents, so the dialog counts them.
 */
export function DisableServiceText({ service: s, open }: { service: Service; open: boolean }) {
  const count = useLoad(
    () =>
      open
        ? api('GET', '/incidents', { query: { service_ids: [s.id], statuses: ['triggered', 'acknowledged'], date_range: 'all', total: true, limit: 1 } }).then((r) => (r.total ?? r.incidents.length) as number)
        : Promise.resolve(null),
    [open, s.id],
  );
  const n = count.data;
  return (
    <>
      <p>New incidents will not trigger on “{s.name}” until you enable it again. Its settings and integrations are kept.</p>
      {n === undefined || n === null ? (
        <p className="muted">Counting its open incidents…</p>
      ) : n === 0 ? (
        <p>It has no open incidents.</p>
      ) : (
        <p className="alert warning">
          Its {n} open incident{n === 1 ? '' : 's'} will be resolved.
        </p>
      )}
    </>
  );
}
