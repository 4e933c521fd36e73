// The only code that touches the priorities table.
import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import type { Priority } from './model.js';

interface PriorityRow {
  id: string;
  name: string;
  description: string;
  position: number;
  created_at: number;
  updated_at: number;
}

declare module '../executor.js' {
  interface TableRegistry {
    'priorities/store': { priorities: PriorityRow };
  }
}

const toPriority = (r: PriorityRow): Priority => ({
  id: r.id,
  name: r.name,
  description: r.description,
  position: Number(r.position),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** Every priority, most urgent first. */
export async function listPriorities(db: Db): Promise<Priority[]> {
  return (await db.selectFrom('priorities').selectAll().orderBy('position').orderBy('id').execute()).map(toPriority);
}

export async function findPrioritiesByIds(db: Db, ids: string[]): Promise<Priority[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('priorities').selectAll().where('id', 'in', ids).execute()).map(toPriority);
}

/** By exact name, or case-insensitively (`p1` finds `P1`) when no exact match exists. */
export async function findPriorityByName(db: Db, name: string): Promise<Priority | null> {
  const rows = await db.selectFrom('priorities').selectAll().where(sql<string>`lower(name)`, '=', name.toLowerCase()).execute();
  const exact = rows.find((r) => r.name === name) ?? rows[0];
  return exact ? toPriority(exact) : null;
}

export async function insertPriority(db: Db, p: Priority): Promise<void> {
  await db
    .insertInto('priorities')
    .values({ id: p.id, name: p.name, description: p.description, position: p.position, created_at: p.createdAt, updated_at: p.updatedAt })
    .execute();
}

export async function updatePriority(db: Db, p: Priority): Promise<void> {
  await db
    .updateTable('priorities')
    .set({ name: p.name, description: p.description, position: p.position, updated_at: p.updatedAt })
    .where('id', '=', p.id)
    .execute();
}

export async function deletePriority(db: Db, id: string): Promise<void> {
  await db.deleteFrom('priorities').where('id', '=', id).execute();
}
