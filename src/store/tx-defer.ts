// Deferred inserts for one transaction that asked for them (the event processor's batch): rows that
// nothing in the transaction reads back (outbox rows, analytics' dirty marks) are collected and
// written once, as multi-row inserts, just before the commit, instead of one statement per
// incident. Keyed by the executor like tx-cache.ts; transactions that did not ask write at once.
import type { Db } from './db.js';

interface Pending {
  rows: unknown[];
  write: (db: Db, rows: never[]) => Promise<void>;
}

const buffers = new WeakMap<object, Map<string, Pending>>();

/** Lets `txDefer` on `db` (a batch transaction) collect rows until `flushTxDeferred`. */
export function enableTxDefer(db: Db): void {
  if (!buffers.has(db)) buffers.set(db, new Map());
}

/**
 * Collects `rows` for `write` under `key` when the transaction defers; returns false when it does
 * not (the caller then writes them at once).
 */
export function txDefer<T>(db: Db, key: string, rows: T[], write: (db: Db, rows: T[]) => Promise<void>, opts: { first?: boolean } = {}): boolean {
  const map = buffers.get(db);
  if (!map) return false;
  const p = map.get(key);
  if (p) p.rows.push(...rows);
  else if (opts.first) {
    // Written before every other key (a delete of rows older than this transaction, before its inserts).
    const rest = [...map];
    map.clear();
    map.set(key, { rows: [...rows], write: write as Pending['write'] });
    for (const [k, v] of rest) map.set(k, v);
  } else map.set(key, { rows: [...rows], write: write as Pending['write'] });
  return true;
}

/** Forgets collected rows under `key` that `drop` picks (they would have been deleted once written); nothing when not deferring. */
export function txDeferDrop<T>(db: Db, key: string, drop: (row: T) => boolean): void {
  const p = buffers.get(db)?.get(key);
  if (p) p.rows = p.rows.filter((r) => !drop(r as T));
}

/** Writes every collected row, in the order the keys were first used; the transaction stays deferring. */
export async function flushTxDeferred(db: Db): Promise<void> {
  const map = buffers.get(db);
  if (!map) return;
  for (const [key, p] of [...map]) {
    map.delete(key);
    if (p.rows.length) await p.write(db, p.rows as never[]);
  }
}
