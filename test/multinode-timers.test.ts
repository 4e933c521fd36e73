// Two real `tocsin serve` processes on one PostgreSQL database share the timers: 1,000 incidents
// whose escalation is due at once, one process SIGKILLed halfway: every incident escalates exactly
// once (one escalate_log_entry each, none missing, none duplicated).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { bootstrapOwner } from '../src/accounts/bootstrap.js';
import { FakeClock } from '../src/clock.js';
import { openIncident } from '../src/incidents/index.js';
import { makePolicy, makeService, makeUsers, testContext } from '../src/incidents/test-fixtures.js';
import { openPostgres } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import pg from 'pg';
import { dbUrl, DIALECTS, TEST_PG_LIMITS, TEST_PG_URL } from '../src/testing/dialects.js';

const N = 1000;

/**
 * A database of its own, migrated here. Not a clone named tocsin_t_*: scripts/prepare-test-db.ts
 * drops those when another test run starts, and this test runs long enough to meet one.
 */
async function createOwnDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tocsin_multinode_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  return { url: dbUrl(name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined) };
}
const until = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('postgres: two server processes share the escalation timers', { skip: !DIALECTS.includes('postgres') }, async () => {
  const { url, drop } = await createOwnDatabase();
  const database = openPostgres(url, 4, TEST_PG_LIMITS);
  await migrateToLatest(database.db);
  const db = database.db;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tocsin-multinode-'));
  const procs: ChildProcess[] = [];
  after(async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await Promise.all(procs.map((p) => (p.exitCode === null && p.signalCode === null ? new Promise((r) => p.once('exit', r)) : null)));
    await database.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startNode(name: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "const { main } = await import('./src/cli.ts'); await main(['serve']);"], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        TOCSIN_DATABASE_URL: url,
        TOCSIN_HTTP_HOST: '127.0.0.1',
        TOCSIN_HTTP_PORT: '0',
        TOCSIN_SMTP_PORT: '0',
        TOCSIN_DATA_DIR: path.join(dataDir, name),
        TOCSIN_LOG_LEVEL: 'info',
        TOCSIN_PUBLIC_URL: 'http://tocsin.test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    procs.push(child);
    let out = '';
    child.stderr!.on('data', (d) => (out += d));
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('tocsin is serving')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`node ${name} exited (${code}) before serving:\n${out.slice(-2000)}`)));
    });
  }

  it('escalates each of 1,000 due incidents exactly once although one node is killed halfway', { timeout: 180_000 }, async (t) => {
    // The owner first, so the two nodes do not race to bootstrap one.
    const clock = new FakeClock(Date.now() - 120_000);
    const ctx = testContext(database, clock);
    await bootstrapOwner(db, ctx, { email: 'owner@example.com', password: null, token: 'owner_token_aaaaaaaaa' });
    const [u1, u2] = await makeUsers(ctx, 2);
    const policy = await makePolicy(ctx, [[u1], [u2]], { delays: [1, 1] });
    const service = await makeService(ctx, policy);

    const T0 = Date.now();
    const [a, b] = await Promise.all([startNode('a'), startNode('b')]);
    const phases: string[] = [`started ${Date.now() - T0} ms`];
    // Opened two minutes ago (fake clock) with a one-minute delay: all 1,000 are due now, at once.
    const openedAt = clock.now();
    await db.transaction().execute(async (tx) => {
      for (let k = 0; k < N; k++) {
        await openIncident(tx, ctx, { serviceId: service, title: `Disk full ${k}`, agent: { type: 'user', id: u1 }, channel: { type: 'api' } });
      }
    });
    phases.push(`opened ${Date.now() - T0} ms`);
    const remaining = async () => {
      const r = await sql<{ n: number }>`select count(*) as n from timers where kind = 'incident.escalate' and due_at <= ${openedAt + 60_000}`.execute(db);
      return Number(r.rows[0].n);
    };
    await until('half of the escalations', async () => (await remaining()) <= N / 2, 120_000);
    a.kill('SIGKILL');
    phases.push(`killed ${Date.now() - T0} ms`);
    const left = await remaining();
    assert.ok(left > 0, 'node a was killed before the work was done');
    await until('the surviving node to finish', async () => (await remaining()) === 0, 120_000);
    assert.equal(b.exitCode, null, 'node b is still running');
    phases.push(`done ${Date.now() - T0} ms`);

    const counts = await sql<{ incident_id: string; n: number }>`
      select i.id as incident_id, count(l.id) as n
      from incidents i left join log_entries l on l.incident_id = i.id and l.type = 'escalate_log_entry'
      group by i.id`.execute(db);
    assert.equal(counts.rows.length, N);
    const wrong = counts.rows.filter((r) => Number(r.n) !== 1);
    assert.deepEqual(wrong, [], 'every incident has exactly one escalate_log_entry');
    t.diagnostic(phases.join(', '));
    b.kill('SIGTERM');
    await new Promise((r) => b.once('exit', r));
  });
});
