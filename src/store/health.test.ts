// The database's health as the process sees it, on real failures: a rollback that fails after its
// transaction's error (SQLite rolled back by itself; a pg connection killed) must not hide that
// error, and a PostgreSQL connection killed while checked out must not crash the process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { forEachDialect, openTestDatabase, TEST_PG_URL } from '../testing/dialects.js';
import type { HealthLog } from './health.js';

function captureLog(): HealthLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, error: (_o, m) => lines.push(`error: ${m}`), warn: (_o, m) => lines.push(`warn: ${m}`), info: (_o, m) => lines.push(`info: ${m}`) };
}

/** Terminates a backend from another connection, as an administrator or a failover would. */
async function terminate(pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query('select pg_terminate_backend($1)', [pid]);
  await admin.end();
}

forEachDialect((dialect) => {
  describe(`${dialect}: database health`, async () => {
    const d = await openTestDatabase(dialect);
    // An outage ends at the first success here (the settle time has its own test).
    d.health.settleMs = 0;

    it('a rollback that fails after the transaction’s error does not replace that error', async () => {
      // The transaction is already gone when Kysely rolls back: SQLite ended it (as it does itself
      // at disk full), or the pg connection was killed. The caller must see the first error.
      const original = new Error('the original cause');
      await assert.rejects(
        d.db.transaction().execute(async (tx) => {
          if (dialect === 'sqlite') await sql`rollback`.execute(tx);
          else await sql`select pg_terminate_backend(pg_backend_pid())`.execute(tx).catch(() => undefined);
          throw original;
        }),
        (err) => err === original,
      );
      assert.equal(Number((await sql<{ one: number }>`select 1 as one`.execute(d.db)).rows[0].one), 1);
    });

    it('an outage is logged once when it starts and once when it ends, with its cause and operation', async () => {
      const log = captureLog();
      d.health.useLog(log);
      const full = Object.assign(new Error('database or disk is full'), { code: dialect === 'sqlite' ? 'SQLITE_FULL' : '53100' });
      assert.equal(d.health.failed(full, 'insert into event_inbox'), 'full');
      assert.equal(d.health.failed(full, 'insert into event_inbox'), 'full');
      assert.equal(d.health.snapshot().up, false);
      assert.equal(d.health.snapshot().failure?.operation, 'insert into event_inbox');
      // A read does not end a disk-full outage; a write does.
      await sql`select 1`.execute(d.db);
      assert.equal(d.health.snapshot().up, false);
      await d.db.transaction().execute(async (tx) => void (await sql`select 1`.execute(tx)));
      assert.equal(d.health.snapshot().up, true);
      assert.deepEqual(log.lines, ['error: database unavailable: the database disk is full; retrying until it returns', 'info: database available again']);
      // The data's own errors are not outages.
      assert.equal(d.health.failed(Object.assign(new Error('dup'), { code: dialect === 'sqlite' ? 'SQLITE_CONSTRAINT_UNIQUE' : '23505' }), 'insert'), null);
      assert.equal(d.health.snapshot().up, true);
    });

    it('an outage ends only after operations succeed for the settle time, so a nearly full disk does not flap the log', async () => {
      const log = captureLog();
      d.health.useLog(log);
      d.health.settleMs = 150;
      const full = Object.assign(new Error('database or disk is full'), { code: dialect === 'sqlite' ? 'SQLITE_FULL' : '53100' });
      const write = () => d.db.transaction().execute(async (tx) => void (await sql`select 1`.execute(tx)));
      d.health.failed(full, 'insert');
      for (let i = 0; i < 5; i++) {
        await write();
        d.health.failed(full, 'insert');
      }
      assert.equal(d.health.snapshot().up, false);
      await write();
      await new Promise((r) => setTimeout(r, 200));
      await write();
      assert.equal(d.health.snapshot().up, true);
      assert.deepEqual(log.lines, ['error: database unavailable: the database disk is full; retrying until it returns', 'info: database available again']);
      d.health.settleMs = 0;
    });

    it('once a write has started the end of an outage, reads finish it after the settle time (an idle node only polls)', async () => {
      const log = captureLog();
      d.health.useLog(log);
      d.health.settleMs = 150;
      const full = Object.assign(new Error('database or disk is full'), { code: dialect === 'sqlite' ? 'SQLITE_FULL' : '53100' });
      const read = () => sql`select 1`.execute(d.db);
      const pause = () => new Promise((r) => setTimeout(r, 200));
      d.health.failed(full, 'insert');
      // Reads alone start nothing: a full disk still reads.
      await read();
      await pause();
      await read();
      assert.equal(d.health.snapshot().up, false);
      await d.db.transaction().execute(async (tx) => void (await sql`select 1`.execute(tx)));
      await pause();
      await read();
      assert.equal(d.health.snapshot().up, true);
      assert.deepEqual(log.lines, ['error: database unavailable: the database disk is full; retrying until it returns', 'info: database available again']);
      d.health.settleMs = 0;
    });

    if (dialect === 'postgres') {
      it('a connection killed while checked out (between queries) fails its transaction, not the process', async () => {
        const log = captureLog();
        d.health.useLog(log);
        await assert.rejects(
          d.db.transaction().execute(async (tx) => {
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
            await terminate(rows[0].pid);
            // The client emits 'error' now, with no query running: unhandled, it ended the process.
            await new Promise((r) => setTimeout(r, 200));
            await sql`select 1`.execute(tx);
          }),
        );
        // The broken connection was discarded; the pool serves the next query.
        assert.equal(Number((await sql<{ one: number }>`select 1 as one`.execute(d.db)).rows[0].one), 1);
        assert.equal(log.lines[0], 'error: database unavailable: the database cannot be reached; retrying until it returns');
        assert.equal(log.lines.at(-1), 'info: database available again');
        assert.equal(log.lines.length, 2);
      });
    }
  });
});
