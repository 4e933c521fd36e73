// What the process knows of its database's health, from every query it runs: a watched Kysely
// driver reports each failure and success here. The database going away is logged once, with the
// original cause and the operation that met it; its return is logged once, with how long it was gone.
// It also keeps a failed transaction's own error: a rollback that fails after it (SQLite rolls back
// by itself at disk full; a dead pg connection cannot roll back) no longer replaces it.
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import { classifyStorageError, describeStorageFailure, type StorageFailure } from './failure.js';

/** The few logger methods health needs (pino's Logger fits). */
export interface HealthLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

const stderrLog: HealthLog = {
  error: (o, m) => process.stderr.write(`tocsin: ${m} ${JSON.stringify(o, errorFields)}\n`),
  warn: (o, m) => process.stderr.write(`tocsin: ${m} ${JSON.stringify(o, errorFields)}\n`),
  info: () => undefined,
};

function errorFields(_k: string, v: unknown): unknown {
  return v instanceof Error ? { message: v.message, code: (v as { code?: unknown }).code } : v;
}

/** The states that mean "this node cannot store now" (a deadlock or one slow statement does not). */
const DOWN: ReadonlySet<StorageFailure> = new Set(['unreachable', 'full', 'read_only', 'io']);

export interface HealthSnapshot {
  up: boolean;
  /** Why it is down (or the last failure seen), null when none. */
  failure: { kind: StorageFailure; message: string; operation: string; at: number } | null;
  /** Wall-clock ms since the state last changed. */
  sinceMs: number;
}

export class DatabaseHealth {
  private log: HealthLog = stderrLog;
  private down: HealthSnapshot['failure'] = null;
  private changedAt = Date.now();
  /** Since when operations have succeeded without a failure, while down. */
  private recovering: number | null = null;
  /**
   * How long operations must succeed, with no storage failure between, before an outage is over: a
   * nearly full disk lets some writes through (an overwrite, a reused WAL page) and must not make
   * the log say "gone, back, gone, back" for every event.
   */
  settleMs = 3000;
  /** Failures and recoveries seen, for /metrics and tests. */
  readonly stats = { failures: 0, outages: 0, recoveries: 0 };

  private commitListeners = new Set<() => void>();

  /** Calls `listener` after every transaction this process commits (workers wake on what it wrote); returns the unsubscribe. */
  onCommit(listener: () => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** A transaction committed (the watched driver calls this). */
  committed(): void {
    for (const l of this.commitListeners) l();
  }

  /** Logs through the app's logger from now on (the database is opened before it exists). */
  useLog(log: HealthLog): void {
    this.log = log;
  }

  snapshot(): HealthSnapshot {
    return { up: this.down === null, failure: this.down, sinceMs: Date.now() - this.changedAt };
  }

  /** Records a failed operation; returns its kind when it is a storage failure, null when it may be the data's fault. */
  failed(err: unknown, operation: string): StorageFailure | null {
    const kind = classifyStorageError(err);
    if (!kind) return null;
    this.stats.failures++;
    if (!DOWN.has(kind)) return kind;
    this.recovering = null;
    if (this.down) return kind;
    const message = err instanceof Error ? err.message : String(err);
    this.down = { kind, message, operation, at: Date.now() };
    this.changedAt = Date.now();
    this.stats.outages++;
    this.log.error({ err, kind, operation }, `database unavailable: ${describeStorageFailure(kind)}; retrying until it returns`);
    return kind;
  }

  /**
   * Records a successful operation. A write (or, after a lost connection, anything) starts the end
   * of an outage; it is over once operations, reads included, have gone on `settleMs` without a
   * storage failure (an idle node may then only read: its workers' polls).
   */
  succeeded(write: boolean): void {
    if (!this.down) return;
    const now = Date.now();
    if (write || this.down.kind === 'unreachable') this.recovering ??= now;
    if (this.recovering === null || now - this.recovering < this.settleMs) return;
    this.recovering = null;
    const goneMs = Date.now() - this.down.at;
    this.log.info({ goneMs, kind: this.down.kind }, 'database available again');
    this.down = null;
    this.changedAt = Date.now();
    this.stats.recoveries++;
  }
}

const WRITE = /^\s*(insert|update|delete|commit|replace|with)\b/i;
const ROLLBACK = /^\s*rollback\b/i;
const watched = Symbol('tocsin.watched');

function operationOf(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 80);
}

/**
 * Wraps a Kysely driver: every query's outcome goes to `health`, a connection that cannot be had
 * is reported as such, and a rollback that fails after its transaction's error is swallowed so
 * that Kysely rethrows the transaction's own error. `inTransaction` (SQLite) says whether the
 * connection is still in a transaction after a failed rollback: if it is, that rollback's error
 * is real and is thrown.
 */
export function watchDriver(inner: Driver, health: DatabaseHealth, inTransaction?: () => boolean): Driver {
  const watch = (conn: DatabaseConnection): DatabaseConnection => {
    const c = conn as DatabaseConnection & { [watched]?: true };
    if (c[watched]) return c;
    const run = c.executeQuery.bind(c);
    c.executeQuery = async <R>(q: CompiledQuery): Promise<QueryResult<R>> => {
      try {
        const r = await run<R>(q);
        health.succeeded(WRITE.test(q.sql));
        return r;
      } catch (err) {
        if (!ROLLBACK.test(q.sql)) health.failed(err, operationOf(q.sql));
        throw err;
      }
    };
    c[watched] = true;
    return c;
  };
  return {
    init: () => inner.init(),
    async acquireConnection() {
      try {
        return watch(await inner.acquireConnection());
      } catch (err) {
        health.failed(err, 'connect');
        throw err;
      }
    },
    beginTransaction: (c: DatabaseConnection, s: TransactionSettings) => inner.beginTransaction(c, s),
    async commitTransaction(c) {
      await inner.commitTransaction(c);
      health.committed();
    },
    async rollbackTransaction(c) {
      try {
        await inner.rollbackTransaction(c);
      } catch (err) {
        // pg has already marked the connection for discard; SQLite may have rolled back by itself.
        if (inTransaction?.() === true) throw err;
      }
    },
    savepoint: inner.savepoint?.bind(inner),
    rollbackToSavepoint: inner.rollbackToSavepoint?.bind(inner),
    releaseSavepoint: inner.releaseSavepoint?.bind(inner),
    releaseConnection: (c) => inner.releaseConnection(c),
    destroy: () => inner.destroy(),
  };
}
