import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';

/** The executor every store and logic function takes first: the database or a transaction on it. */
// Each module types its own tables in its store.ts (see `tables()` there); the shared executor is untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = Kysely<any>;

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

/** pg returns int8 and numeric as strings; every bigint we store is an epoch-ms time or a counter. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function openPostgres(url: string, poolSize = 10, onIdleError: (err: Error) => void = reportIdleError): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes as pg.CustomTypesConfig });
  // An idle connection the server drops (restart, failover, admin command) must not crash the process:
  // pg emits it on the pool, and an unhandled 'error' event would. The pool replaces the connection.
  pool.on('error', onIdleError);
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }) as Db;
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing was a quarter of the CPU time of
 * the event processor. Statements are reused by SQL text (bounded; SQLite re-prepares a statement
 * itself when the schema changes). Kysely runs them synchronously (all/run), one at a time.
 */
function cachePreparedStatements(conn: SQLite.Database, max = 1000): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, SQLite.Statement>();
  (conn as { prepare: (sql: string) => SQLite.Statement }).prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt || stmt.busy) {
      stmt = prepare(sql);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

function reportIdleError(err: Error): void {
  process.stderr.write(`tocsin: an idle PostgreSQL connection failed and will be replaced: ${err.message}\n`);
}

/** SQLite in WAL mode; `file` may be ':memory:'. */
export function openSqlite(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, so a 202 survives power loss, not just kill -9.
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  cachePreparedStatements(conn);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: conn }) }) as Db;
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Opens the configured database: PostgreSQL for postgres:// URLs, otherwise SQLite in the data dir. */
export function openDatabase(databaseUrl: string | null, dataDir: string): Database {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgres(databaseUrl);
  const file = databaseUrl?.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : path.join(dataDir, 'tocsin.db');
  return openSqlite(file);
}
