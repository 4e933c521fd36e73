// The only code that touches business_impact_overrides, business_priority_thresholds and
// business_account_subscriptions (and that reads every dependency at once).
import type { Db } from '../store/db.js';
import type { ManualImpact, Relation } from './impact.js';
import type { Dependency, NodeType } from './model.js';

interface Tables {
  business_impact_overrides: { incident_id: string; business_service_id: string; relation: string; created_at: number };
  business_priority_thresholds: { id: string; priority_id: string; updated_at: number };
  business_account_subscriptions: { business_service_id: string; created_at: number };
}
declare module '../executor.js' {
  interface TableRegistry {
    'business/impact-store': Tables;
  }
}

/** Every dependency (the impact walk needs the whole graph). */
export async function listAllDependencies(db: Db): Promise<Array<Pick<Dependency, 'supporting' | 'dependent'>>> {
  const rows = await db.selectFrom('service_dependencies').select(['supporting_type', 'supporting_id', 'dependent_type', 'dependent_id']).execute();
  return rows.map((r) => ({ supporting: { type: r.supporting_type as NodeType, id: r.supporting_id }, dependent: { type: r.dependent_type as NodeType, id: r.dependent_id } }));
}

export async function upsertManualImpact(db: Db, m: ManualImpact, at: number): Promise<void> {
  await db
    .insertInto('business_impact_overrides')
    .values({ incident_id: m.incidentId, business_service_id: m.businessServiceId, relation: m.relation, created_at: at })
    .onConflict((oc) => oc.columns(['incident_id', 'business_service_id']).doUpdateSet({ relation: m.relation, created_at: at }))
    .execute();
}

/** Manual impacts of the incidents, or every one (the incidents are then filtered to open ones by the caller). */
export async function listManualImpacts(db: Db, incidentIds?: readonly string[]): Promise<ManualImpact[]> {
  if (incidentIds?.length === 0) return [];
  let q = db.selectFrom('business_impact_overrides').selectAll();
  if (incidentIds) q = q.where('incident_id', 'in', [...incidentIds]);
  const rows = await q.execute();
  return rows.map((r) => ({ incidentId: r.incident_id, businessServiceId: r.business_service_id, relation: r.relation as Relation }));
}

export async function findThresholdPriorityId(db: Db): Promise<string | null> {
  const r = await db.selectFrom('business_priority_thresholds').select('priority_id').where('id', '=', 'global').executeTakeFirst();
  return r?.priority_id ?? null;
}

export async function saveThreshold(db: Db, priorityId: string, at: number): Promise<void> {
  await db
    .insertInto('business_priority_thresholds')
    .values({ id: 'global', priority_id: priorityId, updated_at: at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ priority_id: priorityId, updated_at: at }))
    .execute();
}

export async function deleteThreshold(db: Db): Promise<void> {
  await db.deleteFrom('business_priority_thresholds').where('id', '=', 'global').execute();
}

export async function insertAccountSubscription(db: Db, businessServiceId: string, at: number): Promise<void> {
  await db.insertInto('business_account_subscriptions').values({ business_service_id: businessServiceId, created_at: at }).onConflict((oc) => oc.column('business_service_id').doNothing()).execute();
}

export async function deleteAccountSubscription(db: Db, businessServiceId: string): Promise<void> {
  await db.deleteFrom('business_account_subscriptions').where('business_service_id', '=', businessServiceId).execute();
}

/** The business services the account subscribes to, in the order it subscribed. */
export async function listAccountSubscriptions(db: Db): Promise<string[]> {
  return (await db.selectFrom('business_account_subscriptions').select('business_service_id').orderBy('created_at').orderBy('business_service_id').execute()).map((r) => r.business_service_id);
}

/** A deleted business service's manual impacts and account subscription (its subscribers are status-updates' and are left out on read). */
export async function deleteImpactRowsOf(db: Db, businessServiceId: string): Promise<void> {
  await db.deleteFrom('business_impact_overrides').where('business_service_id', '=', businessServiceId).execute();
  await db.deleteFrom('business_account_subscriptions').where('business_service_id', '=', businessServiceId).execute();
}
