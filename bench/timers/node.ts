// One benchmark node: a TimerEngine on the given database with a handler that records when each
// timer took effect (in its own transaction), until SIGTERM. Spawned by bench/timers/run.ts.
import { sql } from 'kysely';
import { pino } from 'pino';
import { systemClock } from '../../src/clock.js';
import { TimerEngine } from '../../src/engine/index.js';
import { openDatabase } from '../../src/store/db.js';

const url = process.env.BENCH_DB!;
const database = openDatabase(url, '/tmp');
const engine = new TimerEngine<string>(
  { db: database.db, dialect: database.dialect, clock: systemClock, log: pino({ level: 'warn' }) },
  { nodeId: process.env.BENCH_NODE ?? 'bench', pollMs: Number(process.env.BENCH_POLL_MS ?? 200), batchSize: Number(process.env.BENCH_BATCH ?? 100), concurrency: process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined },
);
engine.register('bench.tick', async (tx, timer) => {
  // The effect: one row written in the timer's transaction, stamped with the wall clock.
  await sql`insert into bench_effects (subject_id, due_at, done_at, node) values (${timer.subjectId}, ${timer.firstDueAt}, ${Date.now()}, ${engine.nodeId})`.execute(tx);
});
engine.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void engine.stop().then(() => database.close()).then(() => process.exit(0));
});
