// bench/timers: how many due timers per second the engine completes, and the lag from due time to
// effect, on SQLite (one node) and PostgreSQL (one or two node processes).
//   node --import tsx bench/timers/run.ts --dialect sqlite|postgres --nodes 1|2 [--burst 5000] [--rate 1000 --seconds 10]
// Burst: N timers all due at the same instant (capacity, timers/s). Steady: timers falling due at
// `rate` per second for `seconds` (lag p50/p99 at that load). Each timer's handler writes one row.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { scheduleTimer } from '../../src/engine/index.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { nearestRank } from '../lib/stats.js';

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    nodes: { type: 'string', default: '1' },
    burst: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    pg: { type: 'string', default: process.env.TOCSIN_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const dialect = values.dialect as 'sqlite' | 'postgres';
const nodes = Number(values.nodes);
if (dialect === 'sqlite' && nodes !== 1) throw new Error('SQLite runs one node only');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = nearestRank;

async function setup(): Promise<{ url: string; database: Database; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tocsin-bench-timers-'));
    const url = `sqlite:${dir}/bench.db`;
    const database = openDatabase(url, dir);
    return { url, database, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `tocsin_bench_timers_${process.pid}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: values.pg });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(values.pg!);
  u.pathname = '/' + name;
  const database = openDatabase(u.toString(), '/tmp');
  return { url: u.toString(), database, cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function startNode(url: string, k: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/timers/node.ts'], {
    env: { ...process.env, BENCH_DB: url, BENCH_NODE: `node${k}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.once('exit', (c) => reject(new Error(`bench node exited ${c}`)));
  });
}

async function effects(db: Database['db']): Promise<Array<{ due_at: number; done_at: number; node: string }>> {
  const r = await sql<{ due_at: number; done_at: number; node: string }>`select due_at, done_at, node from bench_effects`.execute(db);
  return r.rows.map((x) => ({ due_at: Number(x.due_at), done_at: Number(x.done_at), node: x.node }));
}

async function waitFor(db: Database['db'], n: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await sql<{ n: number }>`select count(*) as n from bench_effects`.execute(db);
    if (Number(r.rows[0].n) >= n) return;
    if (Date.now() > end) throw new Error(`only ${r.rows[0].n} of ${n} timers ran in time`);
    await sleep(50);
  }
}

async function schedule(db: Database['db'], dues: number[]): Promise<void> {
  for (let i = 0; i < dues.length; i += 500) {
    await db.transaction().execute(async (tx) => {
      for (let k = i; k < Math.min(dues.length, i + 500); k++) await scheduleTimer<string>(tx, { kind: 'bench.tick', subjectId: `S${k}`, dueAt: dues[k] });
    });
  }
}

function summary(label: string, rows: Awaited<ReturnType<typeof effects>>, t0: number) {
  const lags = rows.map((r) => r.done_at - r.due_at).sort((a, b) => a - b);
  const last = Math.max(...rows.map((r) => r.done_at));
  const perNode = Object.entries(rows.reduce<Record<string, number>>((m, r) => ((m[r.node] = (m[r.node] ?? 0) + 1), m), {}));
  return {
    label,
    timers: rows.length,
    seconds: +((last - t0) / 1000).toFixed(2),
    timersPerSecond: Math.round(rows.length / ((last - t0) / 1000)),
    lagP50ms: pct(lags, 50),
    lagP99ms: pct(lags, 99),
    lagMaxms: lags[lags.length - 1],
    perNode: Object.fromEntries(perNode),
  };
}

const { url, database, cleanup } = await setup();
const db = database.db;
const children: ChildProcess[] = [];
try {
  await migrateToLatest(db);
  await sql`create table bench_effects (subject_id text not null, due_at bigint not null, done_at bigint not null, node text not null)`.execute(db);
  for (let k = 0; k < nodes; k++) children.push(await startNode(url, k));
  const results = [];

  // Burst: every timer due at one instant, scheduled before it.
  const burst = Number(values.burst);
  let t0 = Date.now() + 2000 + burst / 5;
  await schedule(db, Array.from({ length: burst }, () => t0));
  await waitFor(db, burst, 120_000);
  results.push(summary(`burst of ${burst}`, await effects(db), t0));
  await sql`delete from bench_effects`.execute(db);

  // Steady: `rate` timers/s falling due for `seconds`.
  const rate = Number(values.rate);
  const n = rate * Number(values.seconds);
  t0 = Date.now() + 2000 + n / 5;
  await schedule(db, Array.from({ length: n }, (_, k) => t0 + Math.floor((k * 1000) / rate)));
  await waitFor(db, n, 120_000);
  results.push(summary(`steady ${rate}/s for ${values.seconds}s`, await effects(db), t0));

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`;
  console.log(JSON.stringify({ dialect, nodes, machine, results }, null, 2));
  for (const r of results) {
    console.log(`| ${dialect} | ${nodes} | ${r.label} | ${r.timersPerSecond} | ${r.lagP50ms} | ${r.lagP99ms} |`);
  }
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await database.close();
  await cleanup();
}
