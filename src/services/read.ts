import type { Db } from '../store/db.js';
import { txCached } from '../store/tx-cache.js';
import type { Service } from './model.js';
import { findServiceById } from './store.js';

/** A service (deleted ones too), read once per transaction that asked for a read cache. */
export function readService(db: Db, id: string): Promise<Service | null> {
  return txCached(db, `service:${id}`, () => findServiceById(db, id));
}
