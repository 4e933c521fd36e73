import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';

// The executor `Db`, `Dialect` and `Disk` are kernel shapes (src/executor.ts); this file implements them.
import type { Db, Dialect, Disk } from '../executor.js';
export type { Db, Dialect, Disk } from '../executor.js';

export interface Database {
  db: Db;
  dialect: Dialect;
  disk: Disk;
  close(): Promise<void>;
}

/**
 * Runs fn in a transaction whose commit does not wait for the disk: SQLite synchronous=NORMAL in
 * WAL mode (the commit is written to the WAL, not fsynced), PostgreSQL synchronous_commit=off. It
 * stays atomic and survives a crash of Tocsin (kill -9); only a power loss or OS crash can drop it.
 */
export async function lazyCommit<T>(db: Db, dialect: Dialect, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') {
    return db.transaction().execute(async (tx) => {
      await sql`set local synchronous_commit = off`.execute(tx);
      return fn(tx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(fn);
    } finally {
      await sql`pragma synchronous = FULL`.execute(conn);
    }
  });
}

/**
 * One write statement that need not wait for the disk (a lease, a cleanup): on SQLite a lazy
 * commit, so the event loop does not stop for an fsync; on PostgreSQL the statement alone, whose
 * commit already waits off the event loop (a transaction around it would cost two round trips).
 */
export function lazyWrite<T>(db: Db, dialect: Dialect, fn: (tx: Db) => Promise<T>): Promise<T> {
  return dialect === 'sqlite' ? lazyCommit(db, dialect, fn) : fn(db);
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
  // pg waits for the disk off the event loop already: ordinary commits, nothing left to sync.
  const disk: Disk = { commit: (fn) => db.transaction().execute(fn), sync: async () => undefined };
  return { db, dialect: 'postgres', disk, close: () => db.destroy() };
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
  // ':memory:' answers 'memory'; a filesystem without shared memory may refuse WAL and keep 'delete'.
  const wal = conn.pragma('journal_mode = WAL', { simple: true }) === 'wal';
  // FULL: a commit is on disk before we answer, so a 202 survives power loss, not just kill -9.
  conn.pragma('synchronous = FULL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  cachePreparedStatements(conn);
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: conn }) }) as Db;
  // Lazy commits, then the WAL synced on libuv's thread pool: what synchronous=FULL does at every
  // commit, but the event loop goes on with other work while the disk works.
  // Without a WAL (in memory, or refused) commits stay synchronous=FULL and there is nothing to sync.
  const walFile = wal ? walSyncer(file + '-wal') : null;
  const disk: Disk = walFile
    ? { commit: (fn) => lazyCommit(db, 'sqlite', fn), sync: walFile.sync }
    : { commit: (fn) => db.transaction().execute(fn), sync: async () => undefined };
  const close = async () => {
    walFile?.close();
    await db.destroy();
  };
  return { db, dialect: 'sqlite', disk, close };
}

/**
 * fdatasync of the WAL, as SQLite does at each commit with synchronous=FULL in WAL mode (in NORMAL
 * mode SQLite still syncs by itself at checkpoints and when the WAL restarts). The descriptor stays
 * open: SQLite keeps the same WAL file (it truncates or rewrites it, never replaces it) while a
 * connection is open, and removes it only when the last one closes. Until the WAL exists there is
 * nothing to sync.
 */
function walSyncer(walFile: string): { sync: () => Promise<void>; close: () => void } {
  let fd: number | null = null;
  return {
    sync: () =>
      new Promise<void>((resolve, reject) => {
        if (fd === null) {
          try {
            fd = fs.openSync(walFile, 'r');
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') return resolve();
            return reject(err);
          }
        }
        fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()));
      }),
    close: () => {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}

/** Opens the configured database: PostgreSQL for postgres:// URLs, otherwise SQLite in the data dir. */
export function openDatabase(databaseUrl: string | null, dataDir: string): Database {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgres(databaseUrl);
  const file = databaseUrl?.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : path.join(dataDir, 'tocsin.db');
  return openSqlite(file);
}
