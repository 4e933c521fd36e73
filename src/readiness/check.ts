// Readiness: can this node store an event now? A load balancer asks /readyz and stops sending to a
// node that cannot (503). Liveness (/healthz) stays a cheap "the process answers".
import { hostname } from 'node:os';
import type { Context } from '../context.js';
import { pendingEventsBacklog } from '../events/index.js';
import { outboxBacklog } from '../notify/index.js';
import { classifyStorageError, type StorageFailure } from '../store/failure.js';
import { upsertHeartbeat } from './store.js';

/** Why a node is not ready; each a state a load balancer or a person can act on. */
export type NotReadyReason =
  | 'database_unreachable'
  | 'disk_full'
  | 'database_read_only'
  | 'database_io_error'
  | 'database_slow'
  | 'database_error'
  | 'backlog'
  | 'backlog_age'
  | 'outbox_backlog'
  | 'outbox_backlog_age';

export interface Readiness {
  ready: boolean;
  reasons: NotReadyReason[];
  database: { writable: boolean; write_ms: number | null; error: string | null };
  /** Inbox events waiting for the processor (all nodes); ages in ms, null when none is waiting or unknown. */
  backlog: { pending: number | null; max: number; oldest_age_ms: number | null; max_age_ms: number };
  /** Outbox rows (webhooks, notifications) due and not yet delivered, all nodes. */
  outbox: { due: number | null; pending: number | null; max: number; oldest_due_age_ms: number | null; max_age_ms: number };
  /** Bytes the database can still grow by (SQLite), null where unknown (PostgreSQL reports a full disk on write). */
  room_bytes: number | null;
}

const REASON: Record<StorageFailure, NotReadyReason> = {
  unreachable: 'database_unreachable',
  full: 'disk_full',
  read_only: 'database_read_only',
  io: 'database_io_error',
  busy: 'database_slow',
  timeout: 'database_slow',
};

class ProbeTimeout extends Error {}

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const nodeId = `${hostname()}:${process.pid}`;

/** Writes this node's heartbeat and counts the backlog, each within the configured time. */
export async function checkReadiness(ctx: Pick<Context, 'db' | 'disk' | 'clock' | 'config'>): Promise<Readiness> {
  const { readyTimeoutMs, readyMaxBacklog, readyMaxBacklogAgeMs, readyMaxOutbox, readyMaxOutboxAgeMs, readyMinFreeBytes } = ctx.config.database;
  const reasons: NotReadyReason[] = [];
  const database: Readiness['database'] = { writable: false, write_ms: null, error: null };
  const started = performance.now();
  try {
    await within(readyTimeoutMs, upsertHeartbeat(ctx.db, nodeId, ctx.clock.now()));
    database.writable = true;
    database.write_ms = Math.round((performance.now() - started) * 10) / 10;
  } catch (err) {
    database.error = err instanceof Error ? err.message : String(err);
    const kind = classifyStorageError(err);
    reasons.push(err instanceof ProbeTimeout ? 'database_slow' : kind ? REASON[kind] : 'database_error');
  }
  const backlog: Readiness['backlog'] = { pending: null, max: readyMaxBacklog, oldest_age_ms: null, max_age_ms: readyMaxBacklogAgeMs };
  const outbox: Readiness['outbox'] = { due: null, pending: null, max: readyMaxOutbox, oldest_due_age_ms: null, max_age_ms: readyMaxOutboxAgeMs };
  if (database.writable) {
    try {
      const now = ctx.clock.now();
      const [inbox, out] = await within(readyTimeoutMs, Promise.all([pendingEventsBacklog(ctx.db), outboxBacklog(ctx.db, now)]));
      backlog.pending = inbox.pending;
      backlog.oldest_age_ms = inbox.oldestReceivedAt === null ? null : Math.max(0, now - inbox.oldestReceivedAt);
      outbox.due = out.due;
      outbox.pending = out.pending;
      outbox.oldest_due_age_ms = out.oldestDueAt === null ? null : Math.max(0, now - out.oldestDueAt);
      if (inbox.pending > readyMaxBacklog) reasons.push('backlog');
      if ((backlog.oldest_age_ms ?? 0) > readyMaxBacklogAgeMs) reasons.push('backlog_age');
      if (out.due > readyMaxOutbox) reasons.push('outbox_backlog');
      if ((outbox.oldest_due_age_ms ?? 0) > readyMaxOutboxAgeMs) reasons.push('outbox_backlog_age');
    } catch {
      reasons.push('database_slow');
    }
  }
  // A write that overwrites a row needs no new space: a disk too full for new events still takes
  // it. So the room left is asked of the file system (and of SQLite's page limit) directly.
  const room = await ctx.disk.room().catch(() => null);
  if (room !== null && room < readyMinFreeBytes && !reasons.includes('disk_full')) reasons.push('disk_full');
  return { ready: reasons.length === 0, reasons, database, backlog, outbox, room_bytes: room };
}
