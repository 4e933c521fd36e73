import { after } from 'node:test';
import pg from 'pg';
import { openPostgres, openSqlite, type Database, type Dialect, type PostgresLimits } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';

/** The admin URL of the test PostgreSQL server (a database on it that exists: `test`). */
export const TEST_PG_URL = process.env.TOCSIN_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
/** The migrated template scripts/prepare-test-db.ts made for this run. */
export const TEMPLATE_DB = process.env.TOCSIN_TEST_TEMPLATE || 'tocsin_template';

/**
 * The waits of a test's PostgreSQL pool. Tests share a busy machine (several suites at once, load
 * 40 on two cores): opening a connection may take seconds, and a statement of the setup (a
 * migration, a clone's first query) may wait long for the CPU; the defaults (10 s, 30 s, 32 s)
 * then fail a healthy run with "Query read timeout". Longer, a frozen server still fails the test,
 * within two and a half minutes. The fault tests set their own limits.
 */
export const TEST_PG_LIMITS: PostgresLimits = { connectTimeoutMs: 60_000, statementTimeoutMs: 120_000, queryTimeoutMs: 150_000 };

/** The dialects this run covers: scripts/test.mjs sets TOCSIN_TEST_PG=0 only outside CI when PostgreSQL is down. */
export const DIALECTS: Dialect[] = process.env.TOCSIN_TEST_PG === '0' ? ['sqlite'] : ['sqlite', 'postgres'];

/** Runs the body once per dialect, naming it in the describe title. */
export function forEachDialect(body: (dialect: Dialect) => void): void {
  for (const d of DIALECTS) body(d);
}

export function dbUrl(name: string): string {
  const u = new URL(TEST_PG_URL);
  u.pathname = '/' + name;
  return u.toString();
}

let counter = 0;

/** A new PostgreSQL database cloned from the migrated template; returns its URL and a function that drops it. */
export async function createPgTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tocsin_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await c.end();
  };
  return { url: dbUrl(name), drop };
}

/**
 * A fresh, migrated database of the dialect: in-memory SQLite, or a PostgreSQL clone of the template.
 * Unless `autoClose` is false, it is closed (and a PostgreSQL one dropped) after the current suite.
 */
export async function openTestDatabase(dialect: Dialect, autoClose = true): Promise<Database> {
  let d: Database;
  if (dialect === 'sqlite') {
    d = openSqlite(':memory:');
  } else {
    const { url, drop } = await createPgTestDatabase();
    const pgDb = openPostgres(url, 5, TEST_PG_LIMITS);
    d = { ...pgDb, close: async () => { await pgDb.close(); await drop(); } };
  }
  // On PostgreSQL the template may lag behind a migration added since scripts/test.mjs made it.
  await migrateToLatest(d.db);
  let closed = false;
  const close = d.close;
  d.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  if (autoClose) after(() => d.close());
  return d;
}
