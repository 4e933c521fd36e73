// The only code that touches alert_grouping_settings and alert_grouping_setting_services.
import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';

interface SettingsTable {
  id: string;
  name: string | null;
  description: string | null;
  type: string;
  config: Json<Record<string, unknown>>;
  created_at: number;
  updated_at: number;
}

interface Tables {
  alert_grouping_settings: SettingsTable;
  alert_grouping_setting_services: { service_id: string; setting_id: string };
}

declare module '../executor.js' {
  interface TableRegistry {
    'services/grouping-store': Tables;
  }
}

/** A stored alert grouping setting; `config` is in the setting's own units (seconds). */
export interface GroupingSetting {
  id: string;
  name: string | null;
  description: string | null;
  type: 'time' | 'content_based' | 'intelligent';
  config: Record<string, unknown>;
  serviceIds: string[];
  createdAt: number;
  updatedAt: number;
}

type Row = Omit<GroupingSetting, 'serviceIds'>;

export async function insertGroupingSetting(db: Db, s: Row): Promise<void> {
  await db
    .insertInto('alert_grouping_settings')
    .values({ id: s.id, name: s.name, description: s.description, type: s.type, config: toJson(s.config), created_at: s.createdAt, updated_at: s.updatedAt })
    .execute();
}

export async function updateGroupingSetting(db: Db, s: Row): Promise<void> {
  await db
    .updateTable('alert_grouping_settings')
    .set({ name: s.name, description: s.description, type: s.type, config: toJson(s.config), updated_at: s.updatedAt })
    .where('id', '=', s.id)
    .execute();
}

/** Deletes the setting and its links. */
export async function deleteGroupingSetting(db: Db, id: string): Promise<void> {
  await db.deleteFrom('alert_grouping_setting_services').where('setting_id', '=', id).execute();
  await db.deleteFrom('alert_grouping_settings').where('id', '=', id).execute();
}

/** Makes these exactly the setting's services; each leaves any other setting it was in. */
export async function replaceSettingServices(db: Db, settingId: string, serviceIds: string[]): Promise<void> {
  await db.deleteFrom('alert_grouping_setting_services').where('setting_id', '=', settingId).execute();
  if (serviceIds.length === 0) return;
  await db.deleteFrom('alert_grouping_setting_services').where('service_id', 'in', serviceIds).execute();
  await db.insertInto('alert_grouping_setting_services').values(serviceIds.map((service_id) => ({ service_id, setting_id: settingId }))).execute();
}

/** Takes a service out of whatever setting it is in. */
export async function unlinkServiceFromSetting(db: Db, serviceId: string): Promise<void> {
  await db.deleteFrom('alert_grouping_setting_services').where('service_id', '=', serviceId).execute();
}

/** The id of the setting a service is in, or null. */
export async function findSettingIdOfService(db: Db, serviceId: string): Promise<string | null> {
  const r = await db.selectFrom('alert_grouping_setting_services').select('setting_id').where('service_id', '=', serviceId).executeTakeFirst();
  return r?.setting_id ?? null;
}

async function withServices(db: Db, rows: SettingsTable[]): Promise<GroupingSetting[]> {
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? await db.selectFrom('alert_grouping_setting_services').selectAll().where('setting_id', 'in', ids).orderBy('service_id').execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    type: r.type as GroupingSetting['type'],
    config: fromJson(r.config, {}),
    serviceIds: links.filter((l) => l.setting_id === r.id).map((l) => l.service_id),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

export async function findGroupingSettingById(db: Db, id: string): Promise<GroupingSetting | null> {
  const r = await db.selectFrom('alert_grouping_settings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? (await withServices(db, [r]))[0] : null;
}

/** Settings by id after the cursor (exclusive), optionally only those holding one of the services; one more than `limit` tells there is a next page. */
export async function listGroupingSettings(db: Db, f: { after?: string; serviceIds: string[]; limit: number }): Promise<{ items: GroupingSetting[]; count: number }> {
  let q = db.selectFrom('alert_grouping_settings');
  if (f.serviceIds.length) {
    const ids = f.serviceIds;
    q = q.where('id', 'in', (eb) => eb.selectFrom('alert_grouping_setting_services').select('setting_id').where('service_id', 'in', ids));
  }
  const n = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (f.after) q = q.where('id', '>', f.after);
  const rows = await q.selectAll().orderBy('id').limit(f.limit + 1).execute();
  return { items: await withServices(db, rows), count: Number(n.n) };
}
