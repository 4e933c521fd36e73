import { api } from '../api';
import { Link } from '../router';
import { Badge, ErrorBox, useLoad } from '../ui';

interface Impact {
  id: string;
  name: string;
  status: 'impacted' | 'not_impacted';
}
interface Impactor {
  id: string;
  incident_number: number;
  title: string;
}

/** Each business service's impact now, and the open incidents that cause it (PagerDuty's impacts and impactors). */
async function loadImpacts(): Promise<Array<Impact & { incidents: Impactor[] }>> {
  const list = ((await api('GET', '/business_services', { query: { limit: 100 } })) as { business_services: Array<{ id: string }> }).business_services;
  if (list.length === 0) return [];
  const impacts = ((await api('GET', '/business_services/impacts', { query: { 'ids[]': list.map((b) => b.id) } })) as { services: Impact[] }).services;
  return Promise.all(
    impacts.map(async (b) => {
      if (b.status !== 'impacted') return { ...b, incidents: [] };
      const ids = ((await api('GET', '/business_services/impactors', { query: { 'ids[]': [b.id] } })) as { impactors: Array<{ id: string }> }).impactors.slice(0, 5);
      const incidents = await Promise.all(ids.map(async (i) => (await api('GET', '/incidents/{id}', { path: { id: i.id } })).incident as Impactor));
      return { ...b, incidents };
    }),
  );
}

export function BusinessServiceImpacts() {
  const impacts = useLoad(loadImpacts, []);
  if (!impacts.data?.length && !impacts.error) return null;
  return (
    <section aria-labelledby="business-services">
      <h2 id="business-services">Business services</h2>
      <ErrorBox error={impacts.error} />
      <div className="table-wrap">
        <table aria-busy={impacts.loading}>
          <thead>
            <tr>
              <th scope="col">Business service</th>
              <th scope="col">Impact</th>
              <th scope="col">Impacting incidents</th>
            </tr>
          </thead>
          <tbody>
            {(impacts.data ?? []).map((b) => (
              <tr key={b.id}>
                <td data-label="Business service">{b.name}</td>
                <td data-label="Impact">
                  <Badge value={b.status} />
                </td>
                <td data-label="Impacting incidents">
                  {b.incidents.length === 0
                    ? '—'
                    : b.incidents.map((i, n) => (
                        <span key={i.id}>
                          {n > 0 && ', '}
                          <Link to={`/incidents/${i.id}`}>
                            #{i.incident_number} {i.title}
                          </Link>
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
