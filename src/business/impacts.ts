// Business impact as use cases: load the inputs and compute (impact.ts), the account's priority
// threshold, an incident's manual impact, and the account's subscriptions to business services.
import { can, type Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import { checkWrite, findIncidentByIdOrNumber, findIncidentsByIds, listOpenIncidentsOfServices, type Incident } from '../incidents/index.js';
import { findPrioritiesByIds, type Priority } from '../priorities/index.js';
import type { Db } from '../store/db.js';
import { computeImpacts, servicesUnder, type BusinessImpact, type OpenIncident, type Relation } from './impact.js';
import { deleteAccountSubscription, deleteThreshold, findThresholdPriorityId, insertAccountSubscription, listAllDependencies, listManualImpacts, saveThreshold, upsertManualImpact } from './impact-store.js';
import type { BusinessService } from './model.js';
import { listAllBusinessServices } from './store.js';
import { loadBusinessService } from './write.js';

const DENIED = 'Only the account owner, admins, users and managers of the owning team may change business services and dependencies.';

/** The account's threshold priority; null when none is set or its priority was deleted. */
export async function loadThreshold(db: Db): Promise<Priority | null> {
  const id = await findThresholdPriorityId(db);
  return id ? ((await findPrioritiesByIds(db, [id]))[0] ?? null) : null;
}

/** PUT /business_services/priority_thresholds: the priority named by id (its order is the priority's own). */
export async function setThreshold(db: Db, clock: Clock, actor: Actor, priorityId: string): Promise<Priority> {
  if (!can(actor, 'services.update')) throw new ForbiddenError(DENIED);
  const [p] = await findPrioritiesByIds(db, [priorityId]);
  if (!p) throw new InvalidInputError(`Priority ${priorityId} does not exist.`);
  await saveThreshold(db, p.id, clock.now());
  return p;
}

export async function clearThreshold(db: Db, actor: Actor): Promise<void> {
  if (!can(actor, 'services.update')) throw new ForbiddenError(DENIED);
  await deleteThreshold(db);
}

export interface Impacts {
  /** Every business service, by name. */
  services: BusinessService[];
  byService: Map<string, BusinessImpact>;
  /** The open incidents that impact at least one business service. */
  incidents: Map<string, Incident>;
  /** Which business services each business service directly depends on. */
  supportingBusiness: Map<string, string[]>;
}

/** The current impact of every business service on the open incidents. */
export async function loadImpacts(db: Db): Promise<Impacts> {
  const services = await listAllBusinessServices(db);
  const dependencies = await listAllDependencies(db);
  const technical = servicesUnder(dependencies, services.map((b) => b.id));
  const manual = await listManualImpacts(db);
  const opened = await listOpenIncidentsOfServices(db, [...technical]);
  const known = new Set(opened.map((i) => i.id));
  const marked = (await findIncidentsByIds(db, [...new Set(manual.filter((m) => m.relation === 'impacted' && !known.has(m.incidentId)).map((m) => m.incidentId))])).filter((i) => i.status === 'triggered' || i.status === 'acknowledged');
  const all = [...opened, ...marked];
  const priorities = new Map((await findPrioritiesByIds(db, [...new Set(all.flatMap((i) => (i.priorityId ? [i.priorityId] : [])))])).map((p) => [p.id, p]));
  const rank = (id: string | null) => (id && priorities.has(id) ? { id, rank: priorities.get(id)!.position } : null);
  const open: OpenIncident[] = all.map((i) => ({ id: i.id, serviceId: i.serviceId, priority: rank(i.priorityId), createdAt: i.createdAt }));
  const byService = computeImpacts({ dependencies, incidents: open, thresholdRank: (await loadThreshold(db))?.position ?? null, manual }, services.map((b) => b.id));
  const impacting = new Set([...byService.values()].flatMap((x) => x.incidents.map((i) => i.id)));
  const supportingBusiness = new Map<string, string[]>();
  for (const d of dependencies.filter((x) => x.supporting.type === 'business_service' && x.dependent.type === 'business_service')) {
    supportingBusiness.set(d.dependent.id, [...(supportingBusiness.get(d.dependent.id) ?? []), d.supporting.id]);
  }
  return { services, byService, incidents: new Map(all.filter((i) => impacting.has(i.id)).map((i) => [i.id, i])), supportingBusiness };
}

/** PUT /incidents/{id}/business_services/{business_service_id}/impacts: needs incidents.write on the incident's service. */
export async function setManualImpact(db: Db, clock: Clock, actor: Actor, incidentIdOrNumber: string, businessServiceId: string, relation: Relation): Promise<void> {
  const i = await findIncidentByIdOrNumber(db, incidentIdOrNumber);
  await loadBusinessService(db, businessServiceId);
  await checkWrite(db, actor, i.serviceId);
  await upsertManualImpact(db, { incidentId: i.id, businessServiceId, relation }, clock.now());
}

/** POST/DELETE /business_services/{id}/account_subscription: needs services.update on the business service. */
export async function setAccountSubscription(db: Db, clock: Clock, actor: Actor, businessServiceId: string, subscribed: boolean): Promise<void> {
  const b = await loadBusinessService(db, businessServiceId);
  if (!can(actor, 'services.update', b.teamId ? [b.teamId] : [])) throw new ForbiddenError(DENIED);
  if (subscribed) await insertAccountSubscription(db, b.id, clock.now());
  else await deleteAccountSubscription(db, b.id);
}

/** The business services the incident impacts now (status updates reach their subscribers). */
export async function businessServicesImpactedBy(db: Db, incidentId: string): Promise<string[]> {
  return impactedBy(await loadImpacts(db), incidentId);
}

/** The business services the incident impacts, by name. */
export function impactedBy(all: Impacts, incidentId: string): string[] {
  return all.services.filter((b) => all.byService.get(b.id)!.incidents.some((i) => i.id === incidentId)).map((b) => b.id);
}
