import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Driver } from 'kysely';
import { DatabaseHealth, watchDriver } from './health.js';

// The executor `Db`, `Dialect` and `Disk` are kernel shapes (src/executor.ts); this file implements them.
import type { Database as Schema, Db, Dialect, Disk } from '../executor.js';
export type { Db, Dialect, Disk } from '../executor.js';

export interface Database {
  db: Db;
  dialect: Dialect;
  disk: Disk;
  /** What the process knows of the database's health (fed by every query; see store/health.ts). */
  health: DatabaseHealth;
  close(): Promise<void>;
}

/** Bounds on every wait for PostgreSQL (config.ts `database`); none on SQLite, whose waits are its busy timeout. */
export interface PostgresLimits {
  /** Most ms to open a connection (or wait for a pooled one). */
  connectTimeoutMs?: number;
  /** statement_timeout: the server cancels a statement running longer. */
  statementTimeoutMs?: number;
  /** Most ms the client waits for any answer (a frozen server); longer than the statement timeout. */
  queryTimeoutMs?: number;
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
      // Never let this replace the transaction's own error; a connection left NORMAL is no worse
      // than lazy, and the next lazy commit sets FULL again.
      await sql`pragma synchronous = FULL`.execute(conn).catch(() => undefined);
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

export function openPostgres(url: string, poolSize = 10, limits: PostgresLimits = {}): Database {
  const health = new DatabaseHealth();
  const db = openPostgresPool(url, poolSize, limits, health);
  // pg waits for the disk off the event loop already: ordinary commits, nothing left to sync.
  const disk: Disk = { commit: (fn) => db.transaction().execute(fn), sync: async () => undefined, room: async () => null };
  return { db, dialect: 'postgres', disk, health, close: () => db.destroy() };
}

/**
 * A pool of `poolSize` connections (opened as needed) reporting to `health`. `openPostgres` opens
 * the shared one; app.ts opens a second, small one for the inbox processor, whose batches must not
 * wait for a connection behind deliveries and requests (`destroy()` closes it).
 */
export function openPostgresPool(url: string, poolSize: number, limits: PostgresLimits, health: DatabaseHealth): Db {
  const statementTimeoutMs = limits.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: pgTypes as pg.CustomTypesConfig,
    // No wait without end: a frozen or unreachable server fails the operation, which is retried.
    connectionTimeoutMillis: limits.connectTimeoutMs ?? 10_000,
    statement_timeout: statementTimeoutMs,
    query_timeout: limits.queryTimeoutMs ?? statementTimeoutMs + 2000,
    // A server that vanished without a FIN (failover, cable) is noticed on idle connections too.
    keepAlive: true,
  });
  // A connection the server drops (restart, failover, admin command) must not crash the process:
  // pg emits 'error' on the client (checked out) or on the pool (idle), and an unhandled 'error'
  // event ends Node. The pool replaces an idle one; a checked-out one fails its query, is discarded
  // on release, and the operation is retried by its owner.
  pool.on('error', (err) => health.failed(err, 'idle connection'));
  pool.on('connect', (client) => client.on('error', (err) => health.failed(err, 'connection')));
  return new Kysely<Schema>({ dialect: new WatchedPostgresDialect({ pool }, health) });
}

class WatchedPostgresDialect extends PostgresDialect {
  constructor(
    config: ConstructorParameters<typeof PostgresDialect>[0],
    private readonly health: DatabaseHealth,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    return watchDriver(super.createDriver(), this.health);
  }
}

class WatchedSqliteDialect extends SqliteDialect {
  constructor(
    private readonly conn: SQLite.Database,
    private readonly health: DatabaseHealth,
  ) {
    super({ database: conn });
  }
  override createDriver(): Driver {
    // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR): then
    // the driver's own ROLLBACK fails with "no transaction is active" and must not hide the cause.
    return watchDriver(super.createDriver(), this.health, () => this.conn.inTransaction);
  }
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
  // 64 MiB of page cache (SQLite's default is 2 MiB): the event processor's inserts touch the tails
  // of a dozen indexes and the outbox's payloads; re-reading evicted pages was CPU spent in read().
  // Pages are allocated as they are used.
  conn.pragma('cache_size = -65536');
  cachePreparedStatements(conn);
  const health = new DatabaseHealth();
  const db: Db = new Kysely<Schema>({ dialect: new WatchedSqliteDialect(conn, health) });
  // Lazy commits, then the WAL synced on libuv's thread pool: what synchronous=FULL does at every
  // commit, but the event loop goes on with other work while the disk works.
  // Without a WAL (in memory, or refused) commits stay synchronous=FULL and there is nothing to sync.
  const walFile = wal ? walSyncer(file + '-wal') : null;
  const room = async () => {
    const pages = (conn.pragma('max_page_count', { simple: true }) as number) - (conn.pragma('page_count', { simple: true }) as number);
    const free = (pages + (conn.pragma('freelist_count', { simple: true }) as number)) * (conn.pragma('page_size', { simple: true }) as number);
    if (file === ':memory:') return free;
    const fsys = await fs.promises.statfs(path.dirname(file));
    return Math.min(free, fsys.bavail * fsys.bsize);
  };
  const disk: Disk = walFile
    ? { commit: (fn) => lazyCommit(db, 'sqlite', fn), sync: walFile.sync, room }
    : { commit: (fn) => db.transaction().execute(fn), sync: async () => undefined, room };
  const close = async () => {
    walFile?.close();
    await db.destroy();
  };
  return { db, dialect: 'sqlite', disk, health, close };
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
export function openDatabase(databaseUrl: string | null, dataDir: string, limits: PostgresLimits = {}): Database {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return openPostgres(databaseUrl, 10, limits);
  const file = databaseUrl?.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : path.join(dataDir, 'tocsin.db');
  return openSqlite(file);
}
