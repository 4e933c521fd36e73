import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import { likeContains } from '../store/like.js';
import type { Extension } from './model.js';

interface ExtensionsTable {
  id: string;
  name: string;
  schema_id: string;
  endpoint_url: string | null;
  config: Json<Extension['config']>;
  temporarily_disabled: number;
  consecutive_drops: number;
  created_at: number;
  updated_at: number;
}

interface Tables {
  extensions: ExtensionsTable;
  extension_objects: { extension_id: string; service_id: string };
  slack_messages: { extension_id: string; incident_id: string; channel: string; ts: string; created_at: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'extensions/store': Tables;
  }
}

function toExtension(r: ExtensionsTable, serviceIds: string[]): Extension {
  return {
    id: r.id,
    name: r.name,
    schemaId: r.schema_id,
    endpointUrl: r.endpoint_url,
    config: fromJson(r.config, {}),
    serviceIds,
    temporarilyDisabled: Number(r.temporarily_disabled) === 1,
    consecutiveDrops: Number(r.consecutive_drops),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function row(x: Extension): ExtensionsTable {
  return {
    id: x.id,
    name: x.name,
    schema_id: x.schemaId,
    endpoint_url: x.endpointUrl,
    config: toJson(x.config),
    temporarily_disabled: x.temporarilyDisabled ? 1 : 0,
    consecutive_drops: x.consecutiveDrops,
    created_at: x.createdAt,
    updated_at: x.updatedAt,
  };
}

async function withObjects(db: Db, rows: ExtensionsTable[]): Promise<Extension[]> {
  if (rows.length === 0) return [];
  const objs = await db.selectFrom('extension_objects').selectAll().where('extension_id', 'in', rows.map((r) => r.id)).orderBy('service_id').execute();
  return rows.map((r) => toExtension(r, objs.filter((o) => o.extension_id === r.id).map((o) => o.service_id)));
}

async function writeObjects(db: Db, id: string, serviceIds: string[]): Promise<void> {
  await db.deleteFrom('extension_objects').where('extension_id', '=', id).execute();
  const unique = [...new Set(serviceIds)];
  if (unique.length) await db.insertInto('extension_objects').values(unique.map((s) => ({ extension_id: id, service_id: s }))).execute();
}

export async function insertExtension(db: Db, x: Extension): Promise<void> {
  await db.insertInto('extensions').values(row(x)).execute();
  await writeObjects(db, x.id, x.serviceIds);
}

/** Saves every field and replaces the extension objects. */
export async function updateExtension(db: Db, x: Extension): Promise<void> {
  const { id, created_at: _c, ...rest } = row(x);
  await db.updateTable('extensions').set(rest).where('id', '=', id).execute();
  await writeObjects(db, x.id, x.serviceIds);
}

/** Deletes the extension (its objects and Slack message records go with it); false when absent. */
export async function deleteExtension(db: Db, id: string): Promise<boolean> {
  await db.deleteFrom('slack_messages').where('extension_id', '=', id).execute();
  await db.deleteFrom('extension_objects').where('extension_id', '=', id).execute();
  const r = await db.deleteFrom('extensions').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findExtensionById(db: Db, id: string): Promise<Extension | null> {
  const r = await db.selectFrom('extensions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? (await withObjects(db, [r]))[0]! : null;
}

export interface ExtensionFilter {
  query?: string;
  serviceId?: string;
  schemaId?: string;
}

/** A page of extensions by name, and how many match. */
export async function listExtensions(db: Db, f: ExtensionFilter, page: { limit: number; offset: number }): Promise<{ items: Extension[]; count: number }> {
  let q = db.selectFrom('extensions');
  if (f.query) q = q.where(likeContains(sql`lower(name)`, f.query.toLowerCase()));
  if (f.schemaId) q = q.where('schema_id', '=', f.schemaId);
  if (f.serviceId) q = q.where('id', 'in', (eb) => eb.selectFrom('extension_objects').select('extension_id').where('service_id', '=', f.serviceId!));
  const count = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q.selectAll().orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute();
  return { items: await withObjects(db, rows as ExtensionsTable[]), count };
}

/** The extensions on a service that may send now (not temporarily disabled). */
export async function listActiveExtensionsOfService(db: Db, serviceId: string): Promise<Extension[]> {
  const rows = await db
    .selectFrom('extensions')
    .selectAll()
    .where('temporarily_disabled', '=', 0)
    .where('id', 'in', (eb) => eb.selectFrom('extension_objects').select('extension_id').where('service_id', '=', serviceId))
    .orderBy('id')
    .execute();
  return withObjects(db, rows);
}

/** Takes a deleted service out of every extension (PagerDuty drops extension objects with their service). */
export async function deleteExtensionObjectsOfService(db: Db, serviceId: string): Promise<void> {
  await db.deleteFrom('extension_objects').where('service_id', '=', serviceId).execute();
}

/** Whether any extension exists (lets the event path skip its lookups when none does). */
export async function anyExtension(db: Db): Promise<boolean> {
  return (await db.selectFrom('extensions').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Records a delivery's outcome: a success clears the count of dropped deliveries; a drop adds one, and
 * the third in a row disables the extension (as PagerDuty does with webhooks). Returns whether it did now.
 */
export async function recordExtensionOutcome(db: Db, id: string, dropped: boolean, now: number): Promise<boolean> {
  if (!dropped) {
    await db.updateTable('extensions').set({ consecutive_drops: 0 }).where('id', '=', id).execute();
    return false;
  }
  const r = await db
    .updateTable('extensions')
    .set((eb) => ({ consecutive_drops: eb('consecutive_drops', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .returning(['consecutive_drops', 'temporarily_disabled'])
    .executeTakeFirst();
  if (!r || Number(r.temporarily_disabled) === 1 || Number(r.consecutive_drops) < 3) return false;
  await db.updateTable('extensions').set({ temporarily_disabled: 1 }).where('id', '=', id).execute();
  return true;
}

/** The Slack message posted for an incident by an extension, or null. */
export async function findSlackMessage(db: Db, extensionId: string, incidentId: string): Promise<{ channel: string; ts: string } | null> {
  const r = await db.selectFrom('slack_messages').select(['channel', 'ts']).where('extension_id', '=', extensionId).where('incident_id', '=', incidentId).executeTakeFirst();
  return r ?? null;
}

export async function insertSlackMessage(db: Db, m: { extensionId: string; incidentId: string; channel: string; ts: string; createdAt: number }): Promise<void> {
  await db
    .insertInto('slack_messages')
    .values({ extension_id: m.extensionId, incident_id: m.incidentId, channel: m.channel, ts: m.ts, created_at: m.createdAt })
    .onConflict((oc) => oc.columns(['extension_id', 'incident_id']).doUpdateSet({ channel: m.channel, ts: m.ts }))
    .execute();
}
