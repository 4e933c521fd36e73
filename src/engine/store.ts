import { sql } from 'kysely';
import type { Db, Dialect } from '../store/db.js';
import { insertObjects } from '../store/insert-rows.js';
import type { Timer } from './model.js';

interface TimersTable {
  id: string;
  kind: string;
  subject_id: string;
  due_at: number;
  fence: number;
  attempt: number;
  last_error: string | null;
  first_due_at: number;
  created_at: number;
}

interface Tables {
  timers: TimersTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'engine/store': Tables;
  }
}

function toTimer(r: TimersTable): Timer {
  return {
    id: r.id,
    kind: r.kind,
    subjectId: r.subject_id,
    dueAt: Number(r.due_at),
    firstDueAt: Number(r.first_due_at),
    fence: Number(r.fence),
    attempt: Number(r.attempt),
  };
}

/** Inserts the timer, or replaces the pending one of the same kind and subject. */
export async function upsertTimer(
  db: Db,
  row: { id: string; kind: string; subjectId: string; dueAt: number; fence: number; createdAt: number },
): Promise<void> {
  await db
    .insertInto('timers')
    .values({
      id: row.id,
      kind: row.kind,
      subject_id: row.subjectId,
      due_at: row.dueAt,
      first_due_at: row.dueAt,
      fence: row.fence,
      attempt: 0,
      last_error: null,
      created_at: row.createdAt,
    })
    .onConflict((oc) =>
      oc.columns(['kind', 'subject_id']).doUpdateSet({
        id: row.id,
        due_at: row.dueAt,
        first_due_at: row.dueAt,
        fence: row.fence,
        attempt: 0,
        last_error: null,
        created_at: row.createdAt,
      }),
    )
    .execute();
}

/** A new timer replaces the pending one of its kind and subject (fresh attempts, no error). */
const UPSERT_TIMER = `on conflict (kind, subject_id) do update set id = excluded.id, due_at = excluded.due_at,
  first_due_at = excluded.first_due_at, fence = excluded.fence, attempt = 0, last_error = null, created_at = excluded.created_at`;

/** Inserts or replaces many timers (one per kind and subject; the last of a pair wins), in one statement. */
export async function upsertTimers(db: Db, rows: Array<{ id: string; kind: string; subjectId: string; dueAt: number; fence: number; createdAt: number }>): Promise<void> {
  const last = new Map<string, (typeof rows)[number]>();
  for (const r of rows) last.set(`${r.kind}\u0000${r.subjectId}`, r);
  await insertObjects(
    db,
    'timers',
    [...last.values()].map((r) => ({
      id: r.id,
      kind: r.kind,
      subject_id: r.subjectId,
      due_at: r.dueAt,
      first_due_at: r.dueAt,
      fence: r.fence,
      attempt: 0,
      last_error: null,
      created_at: r.createdAt,
    })),
    UPSERT_TIMER,
  );
}

/** Deletes pending timers of many subjects, each of its own kinds, in one statement. */
export async function deleteTimersOfSubjects(db: Db, cancels: Array<{ subjectId: string; kinds: readonly string[] }>): Promise<void> {
  const byKind = new Map<string, string[]>();
  for (const c of cancels) for (const k of c.kinds) byKind.set(k, [...(byKind.get(k) ?? []), c.subjectId]);
  if (byKind.size === 0) return;
  await db
    .deleteFrom('timers')
    .where((eb) => eb.or([...byKind].map(([kind, ids]) => eb.and([eb('kind', '=', kind), eb('subject_id', 'in', ids)]))))
    .execute();
}

/** Deletes the subject's pending timers (of the given kinds, or all). */
export async function deleteTimersOfSubject(db: Db, subjectId: string, kinds?: readonly string[]): Promise<void> {
  let q = db.deleteFrom('timers').where('subject_id', '=', subjectId);
  if (kinds) {
    if (kinds.length === 0) return;
    q = q.where('kind', 'in', kinds);
  }
  await q.execute();
}

/**
 * Locks up to `limit` timers due at `now`, earliest first. On PostgreSQL rows another node holds are
 * skipped (`FOR UPDATE SKIP LOCKED`), so nodes share the work; the locks last until the caller's
 * transaction ends, and a node that dies releases them with its connection. SQLite has one writer.
 */
export async function claimDueTimers(db: Db, dialect: Dialect, now: number, limit: number, kinds?: string[]): Promise<Timer[]> {
  let q = db.selectFrom('timers').selectAll().where('due_at', '<=', now);
  if (kinds) q = q.where('kind', 'in', kinds.length ? kinds : ['']);
  q = q.orderBy('due_at').orderBy('id').limit(limit);
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  return (await q.execute()).map(toTimer);
}

export async function deleteTimerById(db: Db, id: string): Promise<number> {
  const r = await db.deleteFrom('timers').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteTimersByIds(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.deleteFrom('timers').where('id', 'in', ids).execute();
}

/** Records a failed run: the attempt count, the error, and when to try again. */
export async function postponeTimer(db: Db, id: string, dueAt: number, attempt: number, error: string): Promise<void> {
  await db.updateTable('timers').set({ due_at: dueAt, attempt, last_error: error.slice(0, 2000) }).where('id', '=', id).execute();
}

/** The earliest due time of any pending timer, or null. */
export async function findNextDueAt(db: Db, kinds?: string[]): Promise<number | null> {
  let q = db.selectFrom('timers').select((eb) => eb.fn.min('due_at').as('next'));
  if (kinds) q = q.where('kind', 'in', kinds.length ? kinds : ['']);
  const r = await q.executeTakeFirst();
  return r?.next === null || r?.next === undefined ? null : Number(r.next);
}

export async function listTimersOfSubject(db: Db, subjectId: string): Promise<Timer[]> {
  const rows = await db.selectFrom('timers').selectAll().where('subject_id', '=', subjectId).orderBy('due_at').execute();
  return rows.map(toTimer);
}

export async function countTimers(db: Db): Promise<number> {
  const r = await db.selectFrom('timers').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
