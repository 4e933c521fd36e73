// How fast Tocsin resumes after its database returns: a real server process, a burst of events so
// a backlog is pending, then the database goes away (PostgreSQL: a TCP proxy in front of it cuts
// and refuses every connection; SQLite: its 64 MB tmpfs is filled) for OUTAGE_MS under a steady
// load, then returns. Measured from the return: the first 202, and the backlog drained (pending
// inbox events 0, read from /metrics). Loopback only; bounded (ROUNDS rounds, each under a minute).
//   node --import tsx bench/resilience/run.ts [postgres|sqlite|both]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchPostgres, startServer, stopServer, type ServerProcess } from '../ingest/server-process.js';
import { startTcpProxy } from '../../src/testing/tcp-proxy.js';
import { TEST_PG_URL } from '../../src/testing/dialects.js';
import { makeServices, steadyLoad } from '../../test/faults/helpers.js';

const TOKEN = 'bench_resilience_token_aaaaaaaaa';
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 5000);
const BURST = Number(process.env.BURST ?? 300);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pending(base: string): Promise<number | null> {
  try {
    const text = await (await fetch(base + '/metrics', { signal: AbortSignal.timeout(2000) })).text();
    const m = /^tocsin_events_pending (\d+)$/m.exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** BURST events from 32 concurrent senders, as fast as they are answered. */
async function burst(base: string, keys: string[], round: number): Promise<void> {
  let next = 0;
  const one = async () => {
    for (let i = next++; i < BURST; i = next++) {
      await fetch(base + '/v2/enqueue', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ routing_key: keys[i % keys.length], event_action: 'trigger', dedup_key: `burst-${round}-${i}`, payload: { summary: `b${i}`, source: 'bench', severity: 'error' } }),
      }).then((r) => r.text());
    }
  };
  await Promise.all(Array.from({ length: 32 }, one));
}

interface Fault {
  name: string;
  server: ServerProcess;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

async function postgresFault(): Promise<Fault> {
  const scratch = await createScratchPostgres(TEST_PG_URL, 'resilience');
  const target = new URL(TEST_PG_URL);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const via = new URL(scratch.url);
  via.host = `127.0.0.1:${proxy.port}`;
  const server = await startServer({ TOCSIN_DATABASE_URL: via.toString(), TOCSIN_BOOTSTRAP_TOKEN: TOKEN, TOCSIN_EVENTS_RATE_LIMIT: '10000000', TOCSIN_DB_CONNECT_TIMEOUT_MS: '1000' });
  return {
    name: 'PostgreSQL (connections cut and refused)',
    server,
    down: () => proxy.refuse(),
    up: () => proxy.restore(),
    async close() {
      await stopServer(server, 'SIGKILL');
      await proxy.close();
      await scratch.drop();
    },
  };
}

async function sqliteFault(): Promise<Fault> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir]);
  const server = await startServer({ TOCSIN_DATA_DIR: dir, TOCSIN_BOOTSTRAP_TOKEN: TOKEN, TOCSIN_EVENTS_RATE_LIMIT: '10000000' });
  const filler = path.join(dir, 'filler');
  return {
    name: 'SQLite (tmpfs data dir filled)',
    server,
    async down() {
      const fd = fs.openSync(filler, 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(64 * 1024));
      } catch {
        /* ENOSPC */
      }
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(512));
      } catch {
        /* ENOSPC */
      }
      fs.closeSync(fd);
    },
    async up() {
      fs.rmSync(filler, { force: true });
    },
    async close() {
      await stopServer(server, 'SIGKILL');
      execFileSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function measure(make: () => Promise<Fault>): Promise<void> {
  const f = await make();
  const base = f.server.url;
  try {
    const keys = await makeServices(base, TOKEN, 8);
    const rows: Array<{ first202: number; drained: number; backlog: number; refused: number }> = [];
    // Control: the same burst and wait with no outage, so the drain time can be told from the
    // processing rate of this machine.
    {
      await burst(base, keys, -1);
      const load = steadyLoad(base, keys, 4, 20);
      await sleep(OUTAGE_MS);
      await load.stop();
      const from = Date.now();
      const backlog = (await pending(base)) ?? -1;
      while ((await pending(base)) !== 0 && Date.now() - from < 120_000) await sleep(50);
      console.log(`\n${f.name}, control without an outage: backlog of ${backlog} drained in ${Date.now() - from} ms`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      await burst(base, keys, round);
      const load = steadyLoad(base, keys, 4, 20);
      await f.down();
      await sleep(OUTAGE_MS);
      const backlog = (await pending(base)) ?? -1; // SQLite still reads while full; PostgreSQL: unknown (-1)
      await f.up();
      const back = Date.now();
      const first = await Promise.race([load.next202(back), sleep(60_000).then(() => NaN)]);
      await load.stop();
      let drainedAt = NaN;
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(50)) {
        if ((await pending(base)) === 0) {
          drainedAt = Date.now();
          break;
        }
      }
      rows.push({ first202: first - back, drained: drainedAt - back, backlog, refused: [...load.refused.values()].reduce((a, b) => a + b, 0) });
    }
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
    console.log(`${f.name}: outage ${OUTAGE_MS} ms after a burst of ${BURST} events, ${ROUNDS} rounds`);
    for (const r of rows) console.log(`  first 202 after ${r.first202} ms, backlog drained after ${r.drained} ms (pending before return: ${r.backlog < 0 ? 'unknown' : r.backlog}; refused during outage: ${r.refused})`);
    console.log(`  median: first 202 ${med(rows.map((r) => r.first202))} ms, drained ${med(rows.map((r) => r.drained))} ms`);
  } finally {
    await f.close();
  }
}

const which = process.argv[2] ?? 'both';
if (which === 'postgres' || which === 'both') await measure(postgresFault);
if (which === 'sqlite' || which === 'both') await measure(sqliteFault);
process.exit(0);
