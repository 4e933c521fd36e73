// Run by scripts/test.mjs before the tests: checks PostgreSQL and migrates the template database
// that every PostgreSQL test file clones. Prints `pg=1` or `pg=0` for the runner.
import pg from 'pg';
import { openPostgres } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { TEMPLATE_DB, TEST_PG_URL, dbUrl } from '../src/testing/dialects.js';

const admin = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
try {
  await admin.connect();
} catch (err) {
  if (process.env.CI === 'true') {
    console.error(`PostgreSQL at ${TEST_PG_URL} is unreachable and CI=true requires it: ${(err as Error).message}`);
    process.exit(1);
  }
  console.error(`WARNING: PostgreSQL at ${TEST_PG_URL} is unreachable; PostgreSQL tests will not run. (${(err as Error).message})`);
  console.log('pg=0');
  process.exit(0);
}
const leftovers = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'tocsin_t_%' OR datname = $1`, [TEMPLATE_DB]);
for (const r of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
await admin.end();
const d = openPostgres(dbUrl(TEMPLATE_DB), 1);
await migrateToLatest(d.db);
await d.close();
console.log('pg=1');
