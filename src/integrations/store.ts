import type { Selectable } from 'kysely';
import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import type { EmailConfig, Integration, IntegrationType } from './model.js';

interface IntegrationsTable {
  id: string;
  service_id: string;
  type: string;
  name: string;
  vendor_id: string | null;
  integration_key: string | null;
  integration_email: string | null;
  email_config: Json<EmailConfig> | null;
  created_at: number;
  deleted_at: number | null;
}

interface Tables {
  integrations: IntegrationsTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'integrations/store': Tables;
  }
}

function toIntegration(r: Selectable<IntegrationsTable>): Integration {
  return {
    id: r.id,
    serviceId: r.service_id,
    type: r.type as IntegrationType,
    name: r.name,
    vendorId: r.vendor_id,
    integrationKey: r.integration_key,
    integrationEmail: r.integration_email,
    emailConfig: fromJson<EmailConfig | null>(r.email_config, null),
    createdAt: Number(r.created_at),
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
  };
}

export async function insertIntegration(db: Db, i: Omit<Integration, 'deletedAt'>): Promise<void> {
  await db
    .insertInto('integrations')
    .values({
      id: i.id,
      service_id: i.serviceId,
      type: i.type,
      name: i.name,
      vendor_id: i.vendorId,
      integration_key: i.integrationKey,
      integration_email: i.integrationEmail,
      email_config: toJson(i.emailConfig),
      created_at: i.createdAt,
      deleted_at: null,
    })
    .execute();
}

/** Writes the changeable fields (name, service, vendor, address, email settings). */
export async function updateIntegration(
  db: Db,
  i: Pick<Integration, 'id' | 'serviceId' | 'name' | 'vendorId' | 'integrationEmail' | 'emailConfig'>,
): Promise<void> {
  await db
    .updateTable('integrations')
    .set({
      service_id: i.serviceId,
      name: i.name,
      vendor_id: i.vendorId,
      integration_email: i.integrationEmail,
      email_config: toJson(i.emailConfig),
    })
    .where('id', '=', i.id)
    .execute();
}

/** The row stays (with its key and address, so neither is handed out again). */
export async function markIntegrationDeleted(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('integrations').set({ deleted_at: at }).where('id', '=', id).execute();
}

export async function markIntegrationsOfServiceDeleted(db: Db, serviceId: string, at: number): Promise<void> {
  await db.updateTable('integrations').set({ deleted_at: at }).where('service_id', '=', serviceId).where('deleted_at', 'is', null).execute();
}

/** The query behind findIntegrationByKey, exposed so a test can pin its SQL (it must stay one index lookup). */
export function integrationByKeyQuery(db: Db, key: string) {
  return db.selectFrom('integrations').selectAll().where('integration_key', '=', key).where('deleted_at', 'is', null);
}

/** The live integration with the key: one lookup on the unique key index (the event hot path). */
export async function findIntegrationByKey(db: Db, key: string): Promise<Integration | null> {
  const r = await integrationByKeyQuery(db, key).executeTakeFirst();
  return r ? toIntegration(r) : null;
}

export async function serviceIdOfIntegrationKey(db: Db, key: string): Promise<string | null> {
  const r = await integrationByKeyQuery(db, key).executeTakeFirst();
  return r ? r.service_id : null;
}

/** The live email integration with the address (case-insensitive: addresses are stored lowercase). */
export async function findIntegrationByEmail(db: Db, address: string): Promise<Integration | null> {
  const r = await db
    .selectFrom('integrations')
    .selectAll()
    .where('integration_email', '=', address.trim().toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? toIntegration(r) : null;
}

/** An integration by id, deleted ones included. */
export async function findIntegrationById(db: Db, id: string): Promise<Integration | null> {
  const r = await db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toIntegration(r) : null;
}

/** Whether a key or address was ever handed out (deleted rows count). */
export async function integrationKeyExists(db: Db, key: string): Promise<boolean> {
  return !!(await db.selectFrom('integrations').select('id').where('integration_key', '=', key).executeTakeFirst());
}

export async function integrationEmailExists(db: Db, email: string, exceptId: string | null = null): Promise<boolean> {
  let q = db.selectFrom('integrations').select('id').where('integration_email', '=', email);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return !!(await q.executeTakeFirst());
}

/** Live integrations of the services, oldest first. */
export async function listIntegrationsOfServices(db: Db, serviceIds: string[]): Promise<Integration[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('integrations')
    .selectAll()
    .where('service_id', 'in', serviceIds)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toIntegration);
}

export async function countIntegrationsOfService(db: Db, serviceId: string): Promise<number> {
  const r = await db
    .selectFrom('integrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
