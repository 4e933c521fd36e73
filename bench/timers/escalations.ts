// Escalations per second with the real lifecycle handler on a database: N incidents whose first
// escalation fell due at once, escalated by the app's own timer engine loop (claim a batch with
// FOR UPDATE SKIP LOCKED, escalate each incident in the batch's transaction: incident, log entries,
// the next timer, notification and webhook fan-out). Each configuration runs on a fresh copy of the
// same data, one after the other in one run, so that they compare.
//
//   node --import tsx bench/timers/escalations.ts --dialect postgres --incidents 3000 \
//     --configs 100x2,100x8
//
// The users have PagerDuty's default email contact and rules, so each escalation also queues an
// email (outbox row) and a webhook-free notification fan-out, as in a real account.
// A config is <batch size>x<concurrent batches>, with `/one-by-one` for the engine's path before
// set-based timers (every timer by its own handler), e.g. 100x2,100x2/one-by-one.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { sql } from 'kysely';
import { createApp } from '../../src/app.js';
import { FakeClock, systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { openIncident } from '../../src/incidents/index.js';
import { makePolicy, makeService, makeUsers, testContext } from '../../src/incidents/test-fixtures.js';
import { openPostgres, openSqlite, type Database } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createScratchPostgres } from '../ingest/server-process.js';

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'postgres' },
    incidents: { type: 'string', default: '3000' },
    configs: { type: 'string', default: '100x2,100x8' },
    pg: { type: 'string', default: process.env.TOCSIN_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const N = Number(values.incidents);

async function one(config: string): Promise<string> {
  const [size, mode] = config.split('/');
  const [batchSize, concurrency] = size.split('x').map(Number);
  const setBased = mode !== 'one-by-one';
  let database: Database;
  let drop = async () => undefined as void;
  if (values.dialect === 'postgres') {
    const scratch = await createScratchPostgres(values.pg!, 'escalations');
    drop = scratch.drop;
    database = openPostgres(scratch.url, Math.max(10, concurrency + 4));
  } else {
    database = openSqlite(':memory:');
  }
  await migrateToLatest(database.db);
  // Opened two minutes ago with a one-minute delay: every first escalation is due now.
  const clock = new FakeClock(Date.now() - 120_000);
  const ctx = testContext(database, clock);
  const users = await makeUsers(ctx, 2);
  const policy = await makePolicy(ctx, [[users[0]], [users[1]]], { delays: [1, 1] });
  const services = await Promise.all(Array.from({ length: 10 }, () => makeService(ctx, policy)));
  for (let k = 0; k < N; k += 500) {
    await database.db.transaction().execute(async (tx) => {
      for (let j = k; j < Math.min(N, k + 500); j++) {
        await openIncident(tx, ctx, { serviceId: services[j % services.length], title: `Disk full ${j}`, agent: { type: 'user', id: users[0] }, channel: { type: 'api' } });
      }
    });
  }
  // An SMTP relay (nothing is sent: the engine only writes outbox rows), so the users' email rules can deliver.
  const env = { TOCSIN_PUBLIC_URL: 'http://tocsin.test', TOCSIN_SMTP_RELAY_URL: 'smtp://127.0.0.1:2525', TOCSIN_DATABASE_URL: values.dialect === 'postgres' ? 'postgres://unused' : '' };
  const app = await createApp(loadConfig(env), {
    database,
    clock: systemClock,
    log: pino({ level: 'warn' }),
    engine: { batchSize, concurrency, setBased },
  });
  // As users made through REST: PagerDuty's default email contact and rules (else every escalation
  // also logs "could not reach", which real accounts do not).
  for (const u of users) await app.ctx.hooks.emit(database.db, 'user.created', { userId: u, email: `${u.toLowerCase()}@example.com` });
  const due = async () => Number((await sql<{ n: number }>`select count(*) as n from timers where kind = 'incident.escalate' and due_at <= ${Date.now()}`.execute(database.db)).rows[0].n);
  const before = await due();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  app.engine.start();
  while ((await due()) > 0) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await app.engine.stop();
  const escalated = Number((await sql<{ n: number }>`select count(*) as n from log_entries where type = 'escalate_log_entry'`.execute(database.db)).rows[0].n);
  await app.close();
  await database.close();
  await drop();
  return `${values.dialect} batch ${batchSize} x ${concurrency}${setBased ? '' : ' one by one'}: ${escalated}/${before} escalated in ${Math.round(ms)} ms = ${Math.round((escalated / ms) * 1000)}/s, node CPU ${((cpu.user + cpu.system) / 1000 / escalated).toFixed(2)} ms per escalation`;
}

for (const c of values.configs!.split(',')) console.log(await one(c));
