import { sql } from 'kysely';
import type { Db, Dialect } from './db.js';

/** Advisory lock numbers, one per purpose, shared by every node on one PostgreSQL database. */
export const LOCKS = { bootstrap: 7262101 } as const;

/**
 * Runs fn while holding a PostgreSQL session advisory lock (on one connection, which fn gets), so
 * that nodes starting together do it one after the other. On SQLite (one process) it just runs fn.
 */
export async function withAdvisoryLock<T>(db: Db, dialect: Dialect, lock: number, fn: (db: Db) => Promise<T>): Promise<T> {
  if (dialect !== 'postgres') return fn(db);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${lock})`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${lock})`.execute(conn);
    }
  });
}
