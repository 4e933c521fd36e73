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

/** The dependency graph with nodes numbered, so that a walk is array work (200 walks of thousands of edges stay in milliseconds). */
interface Graph {
  index: Map<string, number>;
  nodes: Array<{ type: NodeType; id: string }>;
  supporters: number[][];
  /** Per node, the walk that last saw it (a generation counter instead of a fresh set per walk). */
  seenBy: Uint32Array;
  walks: number;
}

function graphOf(dependencies: ImpactInput['dependencies']): Graph {
  const index = new Map<string, number>();
  const nodes: Graph['nodes'] = [];
  const supporters: number[][] = [];
  const node = (n: { type: NodeType; id: string }) => {
    const k = key(n.type, n.id);
    let i = index.get(k);
    if (i === undefined) {
      i = nodes.length;
      index.set(k, i);
      nodes.push(n);
      supporters.push([]);
    }
    return i;
  };
  for (const d of dependencies) {
    const s = node(d.supporting);
    supporters[node(d.dependent)].push(s);
  }
  return { index, nodes, supporters, seenBy: new Uint32Array(nodes.length), walks: 0 };
}

/** Marks every node the business services depend on, directly or not (each once: cycles end); answers the walk's id. */
function walk(g: Graph, businessServiceIds: readonly string[]): number {
  const walkId = ++g.walks;
  const stack: number[] = [];
  for (const b of businessServiceIds) {
    const i = g.index.get(key('business_service', b));
    if (i === undefined) continue;
    g.seenBy[i] = walkId;
    stack.push(...g.supporters[i]);
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (g.seenBy[i] === walkId) continue;
    g.seenBy[i] = walkId;
    for (const s of g.supporters[i]) if (g.seenBy[s] !== walkId) stack.push(s);
  }
  return walkId;
}

function servicesSeen(g: Graph, walkId: number): Set<string> {
  return new Set(g.nodes.filter((n, i) => n.type === 'service' && g.seenBy[i] === walkId).map((n) => n.id));
}

/** The technical services a business service depends on, directly or through other services. */
export function supportingServices(dependencies: ImpactInput['dependencies'], businessServiceId: string): Set<string> {
  const g = graphOf(dependencies);
  return servicesSeen(g, walk(g, [businessServiceId]));
}

/** The technical services any of the business services depends on (whose open incidents may impact them): one walk. */
export function servicesUnder(dependencies: ImpactInput['dependencies'], businessServiceIds: readonly string[]): Set<string> {
  const g = graphOf(dependencies);
  return servicesSeen(g, walk(g, businessServiceIds));
}

/** Whether the incident's priority meets or exceeds the threshold (no threshold: it has a priority). */
export function meetsThreshold(i: OpenIncident, thresholdRank: number | null): boolean {
  return i.priority !== null && (thresholdRank === null || i.priority.rank <= thresholdRank);
}

/** Each business service's impact; a manual impact overrides the computed one for its pair. */
export function computeImpacts(input: ImpactInput, businessServiceIds: readonly string[]): Map<string, BusinessImpact> {
  const manualOf = new Map<string, Map<string, Relation>>();
  for (const m of input.manual) manualOf.set(m.businessServiceId, (manualOf.get(m.businessServiceId) ?? new Map()).set(m.incidentId, m.relation));
  const g = graphOf(input.dependencies);
  // Most recent first, once; each business service's list keeps this order.
  const candidates = input.incidents
    .map((i) => ({ i, node: g.index.get(key('service', i.serviceId)) ?? -1, meets: meetsThreshold(i, input.thresholdRank) }))
    .sort((x, y) => y.i.createdAt - x.i.createdAt || (x.i.id < y.i.id ? -1 : 1));
  const out = new Map<string, BusinessImpact>();
  for (const b of businessServiceIds) {
    const walkId = walk(g, [b]);
    const manual = manualOf.get(b);
    const incidents = candidates
      .filter((c) => {
        const relation = manual?.get(c.i.id);
        return relation ? relation === 'impacted' : c.meets && c.node >= 0 && g.seenBy[c.node] === walkId;
      })
      .map((c) => c.i);
    let highestPriority: BusinessImpact['highestPriority'] = null;
    for (const i of incidents) if (i.priority && (!highestPriority || i.priority.rank < highestPriority.rank)) highestPriority = i.priority;
    out.set(b, { incidents, highestPriority });
  }
  return out;
}
