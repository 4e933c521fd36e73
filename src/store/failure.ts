import { StorageUnavailableError } from '../errors.js';

// Which storage errors pass by themselves (the database went away, the disk is full, a lock or a
// timeout) and which an operation's own data causes. The first kind is retried until it passes and
// answered 503 / 5xx; only the second may ever mark an accepted event failed. Both drivers, one table.

/** Why the database could not do what was asked, when it was not the data's fault. */
/** `timeout` is the server cancelling one slow statement; a server that does not answer is `unreachable`. */
export type StorageFailure = 'unreachable' | 'full' | 'read_only' | 'io' | 'busy' | 'timeout';

const NODE_ERRNO: Record<string, StorageFailure> = {
  ECONNREFUSED: 'unreachable',
  ECONNRESET: 'unreachable',
  ECONNABORTED: 'unreachable',
  EPIPE: 'unreachable',
  ETIMEDOUT: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EIO: 'io',
};

/** PostgreSQL SQLSTATE codes (exact) that are not the statement's fault. */
const PG_STATE: Record<string, StorageFailure> = {
  '53100': 'full', // disk_full
  '53200': 'busy', // out_of_memory
  '53300': 'busy', // too_many_connections
  '53400': 'busy', // configuration_limit_exceeded
  '57P01': 'unreachable', // admin_shutdown (pg_ctl restart -m fast)
  '57P02': 'unreachable', // crash_shutdown
  '57P03': 'unreachable', // cannot_connect_now (starting up, recovering)
  '57014': 'timeout', // query_canceled (statement_timeout)
  '55P03': 'busy', // lock_not_available (lock_timeout)
  '40001': 'busy', // serialization_failure
  '40P01': 'busy', // deadlock_detected
  '25006': 'read_only', // read_only_sql_transaction: a failover left us on a standby
  '58030': 'io', // io_error
};

/** Messages of pg and pg-pool that carry no code. */
const MESSAGES: Array<[RegExp, StorageFailure]> = [
  [/^Connection terminated/, 'unreachable'],
  // Client-side timeouts: the server did not answer at all (frozen, partitioned).
  [/timeout exceeded when trying to connect/, 'unreachable'],
  [/^Query read timeout/, 'unreachable'],
  [/not queryable|connection has been discarded|Client was closed and is not queryable/i, 'unreachable'],
  [/^connect ECONNREFUSED/, 'unreachable'],
];

function one(err: unknown): StorageFailure | null {
  if (!err || typeof err !== 'object') return null;
  const code = String((err as { code?: unknown }).code ?? '');
  if (code) {
    if (NODE_ERRNO[code]) return NODE_ERRNO[code];
    if (PG_STATE[code]) return PG_STATE[code];
    // PostgreSQL classes: 08 connection exception, 58 system error (I/O).
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'unreachable';
    if (/^58[0-9A-Z]{3}$/.test(code)) return 'io';
    // SQLite extended codes: SQLITE_FULL, SQLITE_IOERR_*, SQLITE_BUSY_*, SQLITE_LOCKED_*, …
    if (code === 'SQLITE_FULL') return 'full';
    if (code.startsWith('SQLITE_READONLY')) return 'read_only';
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_NOMEM') return 'io';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === 'SQLITE_PROTOCOL') return 'busy';
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string') for (const [re, kind] of MESSAGES) if (re.test(message)) return kind;
  return null;
}

/**
 * Classifies a thrown value, following its `cause` chain (and AggregateError's `errors`, which
 * node's net raises when every address of a host refuses): the failure kind, or null when the
 * error may be the operation's own (a constraint, a bad value, a bug).
 */
export function classifyStorageError(err: unknown): StorageFailure | null {
  for (let e: unknown = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const kind = one(e);
    if (kind) return kind;
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) for (const x of inner) if (one(x)) return one(x);
  }
  return null;
}

/** True when the error passes by itself (retry it; never blame the data for it). */
export function isTransientStorageError(err: unknown): boolean {
  return classifyStorageError(err) !== null;
}

/** A sentence for logs and health reports. */
export function describeStorageFailure(kind: StorageFailure): string {
  switch (kind) {
    case 'unreachable':
      return 'the database cannot be reached';
    case 'full':
      return 'the database disk is full';
    case 'read_only':
      return 'the database accepts no writes (a read-only standby)';
    case 'io':
      return 'the database reported an I/O error';
    case 'busy':
      return 'the database is busy (lock, deadlock or resource limit)';
    case 'timeout':
      return 'the database did not answer in time';
  }
}

/** A storage failure as the domain error the HTTP renderers answer 503 / 5xx; null for any other error. */
export function mapStorageError(err: unknown): StorageUnavailableError | null {
  if (err instanceof StorageUnavailableError) return err;
  const kind = classifyStorageError(err);
  return kind ? new StorageUnavailableError(describeStorageFailure(kind)) : null;
}
