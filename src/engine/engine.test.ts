import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { sql } from 'kysely';
import pg from 'pg';
import { FakeClock } from '../clock.js';
import { createPgTestDatabase, forEachDialect, openTestDatabase, TEST_PG_LIMITS } from '../testing/dialects.js';
import { openPostgres, type Db } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { cancelTimers as cancelAnyTimers, listTimersOfSubject, scheduleTimer as scheduleAnyTimer, TimerEngine, type Timer } from './index.js';
import { countTimers } from './store.js';

const log = pino({ level: 'silent' });
// The engine's own tests use made-up kinds, not the app's TimerKind.
const scheduleTimer = scheduleAnyTimer<string>;
const cancelTimers = cancelAnyTimers<string>;

forEachDialect((dialect) => {
  describe(`${dialect}: timer engine`, async () => {
    const database = await openTestDatabase(dialect);
    const db = database.db;
    const clock = new FakeClock();

    function engineWith(handlers: Record<string, (db: Db, t: Timer) => Promise<void>>, batchSize = 100): TimerEngine {
      const e = new TimerEngine<string>({ db, dialect, clock, log }, { batchSize });
      for (const [k, h] of Object.entries(handlers)) e.register(k, h);
      return e;
    }

    it('runs a timer once, at its due time and not before', async () => {
      const seen: Timer[] = [];
      const e = engineWith({ 'test.a': async (_db, t) => void seen.push(t) });
      await scheduleTimer(db, { kind: 'test.a', subjectId: 'S1', dueAt: clock.now() + 60_000, fence: 7 });
      assert.equal(await e.runDue(), 0);
      clock.advance('59s');
      assert.equal(await e.runDue(), 0);
      clock.advance('1s');
      assert.equal(await e.runDue(), 1);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].subjectId, 'S1');
      assert.equal(seen[0].fence, 7);
      assert.equal(await e.runDue(), 0);
      assert.equal(seen.length, 1);
    });

    it('keeps one pending timer per kind and subject: scheduling again replaces it', async () => {
      await scheduleTimer(db, { kind: 'test.b', subjectId: 'S2', dueAt: clock.now() + 1000, fence: 1 });
      await scheduleTimer(db, { kind: 'test.b', subjectId: 'S2', dueAt: clock.now() + 5000, fence: 2 });
      await scheduleTimer(db, { kind: 'test.c', subjectId: 'S2', dueAt: clock.now() + 3000, fence: 1 });
      const timers = await listTimersOfSubject(db, 'S2');
      assert.deepEqual(
        timers.map((t) => [t.kind, t.dueAt - clock.now(), t.fence]),
        [
          ['test.c', 3000, 1],
          ['test.b', 5000, 2],
        ],
      );
      await cancelTimers(db, 'S2', ['test.c']);
      assert.deepEqual((await listTimersOfSubject(db, 'S2')).map((t) => t.kind), ['test.b']);
      await cancelTimers(db, 'S2');
      assert.deepEqual(await listTimersOfSubject(db, 'S2'), []);
    });

    it('runs timers that fell due while no node was running in due order', async () => {
      const order: string[] = [];
      const e = engineWith({ 'test.d': async (_db, t) => void order.push(t.subjectId) }, 2);
      const base = clock.now();
      for (const [s, off] of [['D3', 3000], ['D1', 1000], ['D5', 5000], ['D2', 2000], ['D4', 4000]] as const) {
        await scheduleTimer(db, { kind: 'test.d', subjectId: s, dueAt: base + off });
      }
      clock.advance('1h');
      assert.equal(await e.runDue(), 5);
      assert.deepEqual(order, ['D1', 'D2', 'D3', 'D4', 'D5']);
    });

    it('commits a handler writes together with the removal of its timer, and the next timer it schedules survives', async () => {
      let runs = 0;
      const e = engineWith({
        'test.chain': async (tx, t) => {
          runs++;
          if (t.fence < 3) await scheduleTimer(tx, { kind: 'test.chain', subjectId: t.subjectId, dueAt: clock.now() + 1000, fence: t.fence + 1 });
        },
      });
      await scheduleTimer(db, { kind: 'test.chain', subjectId: 'C1', dueAt: clock.now(), fence: 1 });
      await e.runDue();
      assert.equal(runs, 1);
      assert.deepEqual((await listTimersOfSubject(db, 'C1')).map((t) => t.fence), [2]);
      clock.advance('1s');
      await e.runDue();
      clock.advance('1s');
      await e.runDue();
      clock.advance('1s');
      await e.runDue();
      assert.equal(runs, 3);
      assert.deepEqual(await listTimersOfSubject(db, 'C1'), []);
    });

    it('rolls back a failing handler, keeps the timer with an attempt count and retries it with backoff', async () => {
      let succeeded = 0;
      const e = engineWith({
        'test.fail': async (tx, t) => {
          // A write that must vanish with the failure.
          await scheduleTimer(tx, { kind: 'test.side', subjectId: t.subjectId, dueAt: clock.now() + 999_999 });
          if (t.attempt < 2) throw new Error('boom');
          succeeded++;
        },
        'test.ok': async () => undefined,
      });
      await scheduleTimer(db, { kind: 'test.fail', subjectId: 'F1', dueAt: clock.now() });
      await scheduleTimer(db, { kind: 'test.ok', subjectId: 'F2', dueAt: clock.now() });
      assert.equal(await e.runDue(), 2);
      // The other timer of the batch committed; the failing one is postponed by 1 s.
      assert.deepEqual(await listTimersOfSubject(db, 'F2'), []);
      let f = await listTimersOfSubject(db, 'F1');
      assert.deepEqual(f.map((t) => [t.kind, t.attempt, t.dueAt - clock.now()]), [['test.fail', 1, 1000]]);
      clock.advance('1s');
      await e.runDue();
      f = await listTimersOfSubject(db, 'F1');
      assert.deepEqual(f.map((t) => [t.kind, t.attempt, t.dueAt - clock.now()]), [['test.fail', 2, 2000]]);
      clock.advance('2s');
      await e.runDue();
      assert.equal(succeeded, 1);
      f = await listTimersOfSubject(db, 'F1');
      assert.deepEqual(f.map((t) => t.kind), ['test.side']);
      await cancelTimers(db, 'F1');
    });

    it('leaves timers of kinds it has no handler for', async () => {
      const e = engineWith({ 'test.known': async () => undefined });
      await scheduleTimer(db, { kind: 'test.unknown', subjectId: 'U1', dueAt: clock.now() });
      assert.equal(await e.runDue(), 0);
      assert.equal((await listTimersOfSubject(db, 'U1')).length, 1);
      await cancelTimers(db, 'U1');
    });

    it('runs due timers by itself once started, and drains on stop', async () => {
      let resolveSeen!: (t: Timer) => void;
      const seen = new Promise<Timer>((r) => (resolveSeen = r));
      const e = new TimerEngine<string>({ db, dialect, clock, log }, { pollMs: 10 });
      e.register('test.loop', async (_db, t) => resolveSeen(t));
      e.start();
      await scheduleTimer(db, { kind: 'test.loop', subjectId: 'L1', dueAt: clock.now() - 1 });
      assert.equal((await seen).subjectId, 'L1');
      await e.stop();
      assert.deepEqual(await listTimersOfSubject(db, 'L1'), []);
    });
  });
});

describe('postgres: several nodes share the timers', { skip: !process.env.TOCSIN_TEST_PG || process.env.TOCSIN_TEST_PG === '0' }, async () => {
  const { url, drop } = await createPgTestDatabase();
  const a = openPostgres(url, 4, TEST_PG_LIMITS);
  const b = openPostgres(url, 4, TEST_PG_LIMITS);
  await migrateToLatest(a.db);
  after(async () => {
    await a.close();
    await b.close();
    await drop();
  });
  const clock = new FakeClock();

  it('runs each of 1,000 timers exactly once when two nodes claim at the same time', async () => {
    const counts = new Map<string, number>();
    const handler = async (tx: Db, t: Timer) => {
      // The effect is a database write in the handler's transaction.
      await sql`select pg_sleep(0.0002)`.execute(tx);
      counts.set(t.subjectId, (counts.get(t.subjectId) ?? 0) + 1);
    };
    const nodes = [a, b].map((d, i) => {
      const e = new TimerEngine<string>({ db: d.db, dialect: 'postgres', clock, log }, { batchSize: 50, nodeId: `n${i}` });
      e.register('test.many', handler);
      return e;
    });
    const due = clock.now();
    await a.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 1000; i++) await scheduleTimer(tx, { kind: 'test.many', subjectId: `M${i}`, dueAt: due - (i % 7) });
    });
    const ran = await Promise.all(nodes.map((n) => n.runDue()));
    assert.equal(ran[0] + ran[1], 1000);
    assert.ok(ran[0] > 0 && ran[1] > 0, `both nodes took work: ${ran.join(', ')}`);
    assert.equal(counts.size, 1000);
    assert.ok([...counts.values()].every((n) => n === 1));
    assert.equal(await countTimers(a.db), 0);
  });

  it('skips timers a node holds, and takes them over when that node dies mid-batch', async () => {
    await scheduleTimer(a.db, { kind: 'test.crash', subjectId: 'K1', dueAt: clock.now() });
    const ran: string[] = [];
    const survivor = new TimerEngine<string>({ db: b.db, dialect: 'postgres', clock, log });
    survivor.register('test.crash', async (_tx, t) => void ran.push(t.subjectId));
    // Node c claims the timer in a transaction and then dies before committing.
    const crash = new pg.Client({ connectionString: url });
    crash.on('error', () => undefined);
    await crash.connect();
    await crash.query('begin');
    const pid = (await crash.query('select pg_backend_pid() as pid')).rows[0].pid as number;
    await crash.query("select id from timers where kind = 'test.crash' for update skip locked");
    assert.equal(await survivor.runDue(), 0);
    assert.deepEqual(ran, []);
    await sql`select pg_terminate_backend(${pid})`.execute(a.db);
    // Wait until the server has reaped the backend (and with it the row lock).
    while ((await sql`select 1 from pg_stat_activity where pid = ${pid}`.execute(a.db)).rows.length) await new Promise((r) => setImmediate(r));
    await crash.end().catch(() => undefined);
    assert.equal(await survivor.runDue(), 1);
    assert.deepEqual(ran, ['K1']);
  });
});
