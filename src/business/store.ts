// The only code that touches business_services and service_dependencies.
import type { Db } from '../store/db.js';
import type { BusinessService, Dependency, NodeType } from './model.js';

interface Tables {
  business_services: { id: string; name: string; description: string | null; point_of_contact: string | null; team_id: string | null; created_at: number };
  service_dependencies: { id: string; supporting_type: string; supporting_id: string; dependent_type: string; dependent_id: string; created_at: number };
}
declare module '../executor.js' {
  interface TableRegistry {
    'business/store': Tables;
  }
}

const toBusiness = (r: Tables['business_services']): BusinessService => ({
  id: r.id,
  name: r.name,
  description: r.description,
  pointOfContact: r.point_of_contact,
  teamId: r.team_id,
  createdAt: Number(r.created_at),
});
const toDependency = (r: Tables['service_dependencies']): Dependency => ({
  id: r.id,
  supporting: { type: r.supporting_type as NodeType, id: r.supporting_id },
  dependent: { type: r.dependent_type as NodeType, id: r.dependent_id },
});

export async function insertBusinessService(db: Db, b: BusinessService): Promise<void> {
  await db
    .insertInto('business_services')
    .values({ id: b.id, name: b.name, description: b.description, point_of_contact: b.pointOfContact, team_id: b.teamId, created_at: b.createdAt })
    .execute();
}

export async function updateBusinessService(db: Db, b: BusinessService): Promise<void> {
  await db
    .updateTable('business_services')
    .set({ name: b.name, description: b.description, point_of_contact: b.pointOfContact, team_id: b.teamId })
    .where('id', '=', b.id)
    .execute();
}

export async function findBusinessServicesByIds(db: Db, ids: readonly string[]): Promise<BusinessService[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('business_services').selectAll().where('id', 'in', [...ids]).execute()).map(toBusiness);
}

export async function listBusinessServices(db: Db, page: { limit: number; offset: number }): Promise<{ items: BusinessService[]; count: number }> {
  const c = await db.selectFrom('business_services').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('business_services').selectAll().orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toBusiness), count: Number(c.n) };
}

/** Deletes the business service and every dependency it is part of. */
export async function deleteBusinessService(db: Db, id: string): Promise<void> {
  await db
    .deleteFrom('service_dependencies')
    .where((eb) => eb.or([eb.and([eb('supporting_type', '=', 'business_service'), eb('supporting_id', '=', id)]), eb.and([eb('dependent_type', '=', 'business_service'), eb('dependent_id', '=', id)])]))
    .execute();
  await db.deleteFrom('business_services').where('id', '=', id).execute();
}

export async function findDependency(db: Db, d: Omit<Dependency, 'id'>): Promise<Dependency | null> {
  const r = await db
    .selectFrom('service_dependencies')
    .selectAll()
    .where('supporting_type', '=', d.supporting.type)
    .where('supporting_id', '=', d.supporting.id)
    .where('dependent_type', '=', d.dependent.type)
    .where('dependent_id', '=', d.dependent.id)
    .executeTakeFirst();
  return r ? toDependency(r) : null;
}

export async function insertDependency(db: Db, d: Dependency, at: number): Promise<void> {
  await db
    .insertInto('service_dependencies')
    .values({ id: d.id, supporting_type: d.supporting.type, supporting_id: d.supporting.id, dependent_type: d.dependent.type, dependent_id: d.dependent.id, created_at: at })
    .execute();
}

export async function deleteDependency(db: Db, id: string): Promise<void> {
  await db.deleteFrom('service_dependencies').where('id', '=', id).execute();
}

/** Every dependency the node supports or depends on, oldest first. */
export async function listDependenciesOf(db: Db, type: NodeType, id: string): Promise<Dependency[]> {
  const rows = await db
    .selectFrom('service_dependencies')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('supporting_type', '=', type), eb('supporting_id', '=', id)]), eb.and([eb('dependent_type', '=', type), eb('dependent_id', '=', id)])]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toDependency);
}

/** Every business service, by name (impacts are computed over all of them). */
export async function listAllBusinessServices(db: Db): Promise<BusinessService[]> {
  return (await db.selectFrom('business_services').selectAll().orderBy('name').orderBy('id').execute()).map(toBusiness);
}
