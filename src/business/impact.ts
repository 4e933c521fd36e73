// Which open incidents impact which business services: a pure function over the dependencies, the
// open incidents, the account's priority threshold and the manual impacts (PUT …/impacts).
import type { Dependency, NodeType } from './model.js';

export interface OpenIncident {
  id: string;
  serviceId: string;
  /** The incident's priority and its rank (1 = most urgent); null without a priority. */
  priority: { id: string; rank: number } | null;
  createdAt: number;
}

export type Relation = 'impacted' | 'not_impacted';

export interface ManualImpact {
  incidentId: string;
  businessServiceId: string;
  relation: Relation;
}

export interface ImpactInput {
  dependencies: ReadonlyArray<Pick<Dependency, 'supporting' | 'dependent'>>;
  incidents: readonly OpenIncident[];
  /** The threshold's rank; null: no threshold set, any incident with a priority impacts (PagerDuty's rule). */
  thresholdRank: number | null;
  manual: readonly ManualImpact[];
}

export interface BusinessImpact {
  /** The impacting incidents, most recent first. */
  incidents: OpenIncident[];
  /** The most urgent priority among them, or null. */
  highestPriority: { id: string; rank: number } | null;
}

const key = (type: NodeType, id: string) => `${type}:${id}`;

/** The technical services a business service depends on, directly or through other services; a cycle is walked once. */
export function supportingServices(dependencies: ImpactInput['dependencies'], businessServiceId: string): Set<string> {
  const supportersOf = new Map<string, Array<{ type: NodeType; id: string }>>();
  for (const d of dependencies) {
    const k = key(d.dependent.type, d.dependent.id);
    supportersOf.set(k, [...(supportersOf.get(k) ?? []), d.supporting]);
  }
  const seen = new Set<string>([key('business_service', businessServiceId)]);
  const services = new Set<string>();
  const stack = [...(supportersOf.get(key('business_service', businessServiceId)) ?? [])];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const k = key(n.type, n.id);
    if (seen.has(k)) continue;
    seen.add(k);
    if (n.type === 'service') services.add(n.id);
    stack.push(...(supportersOf.get(k) ?? []));
  }
  return services;
}

/** Whether the incident's priority meets or exceeds the threshold (no threshold: it has a priority). */
export function meetsThreshold(i: OpenIncident, thresholdRank: number | null): boolean {
  return i.priority !== null && (thresholdRank === null || i.priority.rank <= thresholdRank);
}

/** Each business service's impact; a manual impact overrides the computed one for its pair. */
export function computeImpacts(input: ImpactInput, businessServiceIds: readonly string[]): Map<string, BusinessImpact> {
  const manual = new Map(input.manual.map((m) => [`${m.incidentId}:${m.businessServiceId}`, m.relation]));
  const out = new Map<string, BusinessImpact>();
  for (const b of businessServiceIds) {
    const services = supportingServices(input.dependencies, b);
    const incidents = input.incidents
      .filter((i) => manual.get(`${i.id}:${b}`) === 'impacted' || (manual.get(`${i.id}:${b}`) !== 'not_impacted' && services.has(i.serviceId) && meetsThreshold(i, input.thresholdRank)))
      .sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? -1 : 1));
    const ranked = incidents.flatMap((i) => (i.priority ? [i.priority] : [])).sort((x, y) => x.rank - y.rank);
    out.set(b, { incidents, highestPriority: ranked[0] ?? null });
  }
  return out;
}
