// Counts statements at the database drivers (better-sqlite3's prepared statements, pg's
// Client.query), so nothing the app does escapes: for the tests that hold a batch to a constant
// number of statements. The drivers' prototypes are wrapped once, when this file is loaded; the
// wrappers count only while `countStatements` runs, and count every statement of the process then.
import Database from 'better-sqlite3';
import pg from 'pg';

let counting = false;
let statements = 0;

const stmtProto = Object.getPrototypeOf(new Database(':memory:').prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
for (const m of ['run', 'all', 'get', 'iterate']) {
  const orig = stmtProto[m];
  stmtProto[m] = function (this: unknown, ...args: unknown[]) {
    if (counting) statements++;
    return orig.apply(this, args);
  };
}
const origQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) statements++;
  return (origQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

/** Runs `fn` and returns what it returned with the number of statements the drivers ran meanwhile. */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  statements = 0;
  counting = true;
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    counting = false;
  }
}
