// Read caches for one transaction that asked for them (the event processor's batch): reads that
// cannot change inside it (a service, a policy, webhook subscriptions, notification rules) are done
// once per batch instead of once per incident. Keyed by the executor, so a cache lives exactly as
// long as its transaction object; transactions that did not ask (REST requests) never have one.
import type { Db } from './db.js';

const caches = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Lets reads through `txCached` on `db` (a batch transaction) be reused until it ends. */
export function enableTxCache(db: Db): void {
  if (!caches.has(db)) caches.set(db, new Map());
}

/** `load()`, or its earlier result for the same key in this transaction when it has a cache. A failed load is not kept. */
export function txCached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  const map = caches.get(db);
  if (!map) return load();
  let p = map.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    map.set(key, p);
    p.catch(() => map.delete(key));
  }
  return p;
}

/** Remembers `value` under `key` for the rest of the transaction (a row it wrote); nothing without a cache. */
export function txRemember<T>(db: Db, key: string, value: T): void {
  caches.get(db)?.set(key, Promise.resolve(value));
}

/** What `txRemember` or `txCached` keeps under `key` in this transaction, or undefined. */
export function txRecall<T>(db: Db, key: string): Promise<T> | undefined {
  return caches.get(db)?.get(key) as Promise<T> | undefined;
}
