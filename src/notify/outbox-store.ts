import { sql } from 'kysely';
import type { Db, Dialect } from '../store/db.js';
import { insertObjects } from '../store/insert-rows.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import { txDefer, txDeferDrop } from '../store/tx-defer.js';
import type { OutboxKind, OutboxRow } from './model.js';

interface OutboxTable {
  seq: number;
  id: string;
  kind: string;
  key: string;
  target_id: string | null;
  incident_id: string | null;
  payload: Json<unknown>;
  status: string;
  due_at: number;
  lease_until: number;
  attempt: number;
  last_error: string | null;
  created_at: number;
}

interface Tables {
  notify_outbox: Omit<OutboxTable, 'seq'> & { seq?: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'notify/outbox-store': Tables;
  }
}

function toRow(r: OutboxTable): OutboxRow {
  return {
    seq: Number(r.seq),
    id: r.id,
    kind: r.kind as OutboxKind,
    key: r.key,
    targetId: r.target_id,
    incidentId: r.incident_id,
    payload: fromJson(r.payload, null),
    status: r.status as 'pending' | 'dead',
    dueAt: Number(r.due_at),
    attempt: Number(r.attempt),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
  };
}

export interface NewOutboxRow {
  id: string;
  kind: OutboxKind;
  key: string;
  targetId?: string | null;
  incidentId?: string | null;
  payload: unknown;
  dueAt: number;
  createdAt: number;
  /** Attempts already made (a retry queued after a late failure report); 0 for a new row. */
  attempt?: number;
}

/**
 * Outbox inserts this process has made (committed or not). The delivery worker compares it after
 * each commit of the process (store/health.ts onCommit) and wakes when it moved: rows are picked up
 * as they commit, whoever wrote them, with no poll. A rolled-back insert only causes a spurious wake.
 */
let writes = 0;
export function outboxWrites(): number {
  return writes;
}

export async function insertOutboxRows(db: Db, rows: NewOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  writes++;
  // In an event-processor batch the rows are written together before its commit (store/tx-defer.ts).
  if (!txDefer(db, 'notify_outbox', rows, writeOutboxRows)) await writeOutboxRows(db, rows);
}

/** A new assignment of users to an incident: their unsent, unleased notification rows of it go. */
interface Restart {
  incidentId: string;
  userIds: string[];
  at: number;
}

/**
 * Deletes the users' pending email and contact rows of the incident (their rules start again). In a
 * deferring batch the rows this transaction collected are dropped now and the rows written before it
 * are deleted by one statement before the batch's inserts.
 */
export async function restartContactRows(db: Db, r: Restart): Promise<void> {
  if (txDefer(db, 'notify_outbox:restart', [r], deleteContactRows, { first: true })) {
    const users = new Set(r.userIds);
    txDeferDrop<NewOutboxRow>(db, 'notify_outbox', (x) => x.incidentId === r.incidentId && (x.kind === 'email' || x.kind === 'contact') && users.has(x.targetId ?? ''));
    return;
  }
  await deleteContactRows(db, [r]);
}

async function deleteContactRows(db: Db, list: Restart[]): Promise<void> {
  for (let i = 0; i < list.length; i += 500) {
    await db
      .deleteFrom('notify_outbox')
      .where('kind', 'in', ['email', 'contact'])
      .where('status', '=', 'pending')
      .where((eb) => eb.or(list.slice(i, i + 500).map((r) => eb.and([eb('incident_id', '=', r.incidentId), eb('target_id', 'in', r.userIds), eb('lease_until', '<=', r.at)]))))
      .execute();
  }
}

async function writeOutboxRows(db: Db, rows: NewOutboxRow[]): Promise<void> {
  await insertObjects(
    db,
    'notify_outbox',
    rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      key: r.key,
      target_id: r.targetId ?? null,
      incident_id: r.incidentId ?? null,
      payload: toJson(r.payload) as Json<unknown>,
      status: 'pending',
      due_at: r.dueAt,
      lease_until: 0,
      attempt: r.attempt ?? 0,
      last_error: null,
      created_at: r.createdAt,
    })),
  );
}

/**
 * Claims up to `limit` due rows for `leaseMs`: only the head (lowest seq) pending row of each key, so
 * rows of one key go out in order. One statement (a round trip matters on the latency path): on
 * PostgreSQL rows another node is claiming are skipped (`FOR UPDATE SKIP LOCKED`) and a row whose
 * lease another node just took fails the re-check; the lease then keeps the row ours. SQLite has one writer.
 */
export async function claimOutbox(db: Db, dialect: Dialect, now: number, limit: number, leaseMs: number, kinds: OutboxKind[] | null = null): Promise<OutboxRow[]> {
  if (kinds && kinds.length === 0) return [];
  const r = await sql<OutboxTable>`
    UPDATE notify_outbox SET lease_until = ${now + leaseMs}
    WHERE seq IN (
      SELECT o.seq FROM notify_outbox o
      WHERE o.status = 'pending' AND o.due_at <= ${now} AND o.lease_until <= ${now}
        ${kinds ? sql`AND o.kind IN (${sql.join(kinds)})` : sql``}
        AND NOT EXISTS (SELECT 1 FROM notify_outbox p WHERE p.key = o.key AND p.status = 'pending' AND p.seq < o.seq)
      ORDER BY o.due_at, o.seq
      LIMIT ${limit}
      ${dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``}
    )
    RETURNING *`.execute(db);
  return r.rows.map(toRow).sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
}

/** Keeps the rows a node is delivering leased to it until `until` (it renews them while it works). */
export async function renewOutboxLeases(db: Db, seqs: number[], until: number): Promise<void> {
  if (seqs.length) await db.updateTable('notify_outbox').set({ lease_until: until }).where('seq', 'in', seqs).where('status', '=', 'pending').execute();
}

/** Delivered: the row goes away. */
export async function deleteOutboxRow(db: Db, seq: number): Promise<void> {
  await db.deleteFrom('notify_outbox').where('seq', '=', seq).execute();
}

/** Delivered rows, several at once (one commit instead of one each). */
export async function deleteOutboxRows(db: Db, seqs: number[]): Promise<void> {
  if (seqs.length) await db.deleteFrom('notify_outbox').where('seq', 'in', seqs).execute();
}

/** A failed attempt to retry at `dueAt`. */
export async function retryOutboxRow(db: Db, seq: number, attempt: number, dueAt: number, error: string): Promise<void> {
  await db
    .updateTable('notify_outbox')
    .set({ attempt, due_at: dueAt, lease_until: 0, last_error: error.slice(0, 2000) })
    .where('seq', '=', seq)
    .execute();
}

/** Given up: kept as 'dead' for inspection, no longer blocking its key. */
export async function markOutboxDead(db: Db, seq: number, attempt: number, error: string): Promise<void> {
  await db
    .updateTable('notify_outbox')
    .set({ status: 'dead', attempt, lease_until: 0, last_error: error.slice(0, 2000) })
    .where('seq', '=', seq)
    .execute();
}

/** Drops the pending rows of a target (a disabled or deleted subscription). */
export async function dropPendingOfTarget(db: Db, targetId: string): Promise<number> {
  const r = await db.deleteFrom('notify_outbox').where('target_id', '=', targetId).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listOutbox(db: Db, filter: { status?: 'pending' | 'dead'; kind?: OutboxKind } = {}): Promise<OutboxRow[]> {
  let q = db.selectFrom('notify_outbox').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return (await q.orderBy('seq').execute()).map((r) => toRow(r as OutboxTable));
}

/** The earliest due time of a pending row, or null. */
export async function nextOutboxDueAt(db: Db): Promise<number | null> {
  const r = await db
    .selectFrom('notify_outbox')
    .select((eb) => eb.fn.min('due_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r?.next === null || r?.next === undefined ? null : Number(r.next);
}

/** The delivery backlog (all nodes): rows pending, how many are due at `now`, and the due time of the oldest due one. */
export async function outboxBacklog(db: Db, now: number): Promise<{ pending: number; due: number; oldestDueAt: number | null }> {
  const r = await db
    .selectFrom('notify_outbox')
    .select((eb) => [
      eb.fn.countAll<number>().as('pending'),
      eb.fn.count<number>(eb.case().when('due_at', '<=', now).then(1).end()).as('due'),
      eb.fn.min(eb.case().when('due_at', '<=', now).then(eb.ref('due_at')).end()).as('oldest'),
    ])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const oldest = r?.oldest as number | null | undefined;
  return { pending: Number(r?.pending ?? 0), due: Number(r?.due ?? 0), oldestDueAt: oldest === null || oldest === undefined ? null : Number(oldest) };
}

/** Forgets given-up rows older than `before` (they were logged and shown on the incident already). */
export async function purgeDeadBefore(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('notify_outbox').where('status', '=', 'dead').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Pending notifications (email, contact) of a user on an incident. */
export async function countPendingForUser(db: Db, incidentId: string, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notify_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incident_id', '=', incidentId)
    .where('target_id', '=', userId)
    .where('kind', 'in', ['email', 'contact'])
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
