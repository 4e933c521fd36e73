import { sql } from 'kysely';
import { likeContains } from '../store/like.js';
import type { Db } from '../store/db.js';
import type { MaintenanceWindow, WindowFilter } from './model.js';

interface Tables {
  maintenance_windows: {
    id: string;
    sequence_number: number;
    start_time: number;
    end_time: number;
    description: string | null;
    created_by: string | null;
    created_at: number;
  };
  maintenance_window_services: { window_id: string; service_id: string };
}

declare module '../executor.js' {
  interface TableRegistry {
    'maintenance/store': Tables;
  }
}
type WindowRow = Tables['maintenance_windows'];

async function withServices(db: Db, rows: WindowRow[]): Promise<MaintenanceWindow[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('maintenance_window_services')
    .select(['window_id', 'service_id'])
    .where('window_id', 'in', rows.map((r) => r.id))
    .orderBy('service_id')
    .execute();
  const byWindow = new Map<string, string[]>();
  for (const l of links) byWindow.set(l.window_id, [...(byWindow.get(l.window_id) ?? []), l.service_id]);
  return rows.map((r) => ({
    id: r.id,
    sequenceNumber: Number(r.sequence_number),
    startTime: Number(r.start_time),
    endTime: Number(r.end_time),
    description: r.description,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    serviceIds: byWindow.get(r.id) ?? [],
  }));
}

/** The next sequence number: one more than the highest so far (the unique index settles races). */
export async function nextSequenceNumber(db: Db): Promise<number> {
  const r = await db
    .selectFrom('maintenance_windows')
    .select((eb) => eb.fn.max('sequence_number').as('max'))
    .executeTakeFirst();
  return Number(r?.max ?? 0) + 1;
}

export async function insertWindow(db: Db, w: MaintenanceWindow): Promise<void> {
  await db
    .insertInto('maintenance_windows')
    .values({
      id: w.id,
      sequence_number: w.sequenceNumber,
      start_time: w.startTime,
      end_time: w.endTime,
      description: w.description,
      created_by: w.createdBy,
      created_at: w.createdAt,
    })
    .execute();
  await replaceWindowServices(db, w.id, w.serviceIds);
}

export async function updateWindow(db: Db, w: MaintenanceWindow): Promise<void> {
  await db
    .updateTable('maintenance_windows')
    .set({ start_time: w.startTime, end_time: w.endTime, description: w.description })
    .where('id', '=', w.id)
    .execute();
  await replaceWindowServices(db, w.id, w.serviceIds);
}

async function replaceWindowServices(db: Db, windowId: string, serviceIds: string[]): Promise<void> {
  await db.deleteFrom('maintenance_window_services').where('window_id', '=', windowId).execute();
  const unique = [...new Set(serviceIds)];
  if (unique.length) {
    await db
      .insertInto('maintenance_window_services')
      .values(unique.map((s) => ({ window_id: windowId, service_id: s })))
      .execute();
  }
}

export async function deleteWindowById(db: Db, id: string): Promise<void> {
  await db.deleteFrom('maintenance_windows').where('id', '=', id).execute();
}

export async function findWindowById(db: Db, id: string): Promise<MaintenanceWindow | null> {
  const row = await db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await withServices(db, [row]))[0] : null;
}

/** Locks the window row for an update (PostgreSQL); SQLite has one writer. */
export async function lockWindowById(db: Db, id: string, dialect: 'sqlite' | 'postgres'): Promise<MaintenanceWindow | null> {
  let q = db.selectFrom('maintenance_windows').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? (await withServices(db, [row]))[0] : null;
}

/**
 * Windows matching the filter at `now`, the services and the description query, newest start first.
 * Team filtering is done by the caller, which knows services' teams.
 */
export async function listWindows(
  db: Db,
  q: { filter: WindowFilter; now: number; serviceIds?: string[]; query?: string },
): Promise<MaintenanceWindow[]> {
  let s = db.selectFrom('maintenance_windows').selectAll();
  const now = q.now;
  if (q.filter === 'past') s = s.where('end_time', '<=', now);
  else if (q.filter === 'future') s = s.where('start_time', '>', now);
  else if (q.filter === 'ongoing') s = s.where('start_time', '<=', now).where('end_time', '>', now);
  else if (q.filter === 'open') s = s.where('end_time', '>', now);
  if (q.serviceIds && q.serviceIds.length) {
    const ids = q.serviceIds;
    s = s.where('id', 'in', (eb) =>
      eb.selectFrom('maintenance_window_services').select('window_id').where('service_id', 'in', ids),
    );
  }
  if (q.query) s = s.where(likeContains(sql`lower(coalesce(description, ''))`, q.query.toLowerCase()));
  const rows = await s.orderBy('start_time', 'desc').orderBy('sequence_number', 'desc').execute();
  return withServices(db, rows);
}

/** The subset of `serviceIds` in an ongoing window at `at`. */
export async function findServicesInMaintenance(db: Db, serviceIds: string[], at: number): Promise<Set<string>> {
  if (serviceIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('maintenance_window_services as s')
    .innerJoin('maintenance_windows as w', 'w.id', 's.window_id')
    .select('s.service_id')
    .distinct()
    .where('s.service_id', 'in', [...new Set(serviceIds)])
    .where('w.start_time', '<=', at)
    .where('w.end_time', '>', at)
    .execute();
  return new Set(rows.map((r) => r.service_id));
}
