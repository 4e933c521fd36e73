// Run by scripts/test.mjs before the tests: checks PostgreSQL and makes sure a migrated template
// database exists for the current set of migrations; every PostgreSQL test suite clones it. Prints
// `pg=1 template=<name>` or `pg=0`. Several runs may share the machine: nothing a live run uses is dropped.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { openPostgres } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { TEST_PG_LIMITS, TEST_PG_URL, dbUrl } from '../src/testing/dialects.js';

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

const dir = 'src/store/migrations';
const hash = createHash('sha256');
for (const f of readdirSync(dir).sort()) hash.update(f).update(readFileSync(`${dir}/${f}`));
const template = `tocsin_tpl_${hash.digest('hex').slice(0, 12)}`;

// One run at a time builds templates; others wait here.
await admin.query('SELECT pg_advisory_lock(7262001)');
try {
  // Test databases of runs whose process is gone (names carry the pid).
  const dbs = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'tocsin_t\\_%'`);
  for (const { datname } of dbs.rows as Array<{ datname: string }>) {
    const pid = Number(datname.split('_')[2]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (!alive) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
  if (exists.rowCount === 0) {
    await admin.query(`CREATE DATABASE ${template}_build`).catch(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${template}_build WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${template}_build`);
    });
    const d = openPostgres(dbUrl(`${template}_build`), 1, TEST_PG_LIMITS);
    await migrateToLatest(d.db);
    await d.close();
    await admin.query(`ALTER DATABASE ${template}_build RENAME TO ${template}`);
  }
} finally {
  await admin.query('SELECT pg_advisory_unlock(7262001)');
  await admin.end();
}
console.log(`pg=1 template=${template}`);
