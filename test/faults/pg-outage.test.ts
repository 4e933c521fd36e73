// PostgreSQL goes away under a steady load and comes back: a real `tocsin serve` process whose pg
// client reaches PostgreSQL through a TCP proxy this test cuts (every connection ended, as
// `pg_ctl restart -m fast` or a failover does), refuses (the server is down), freezes (bytes stop:
// a frozen or partitioned server) and restores. Checks: the process never exits; every event
// answered 202 has its incident afterwards; refusals are quick 503s, never hangs; /healthz stays
// ok while /readyz says why it is not ready; the outage is logged once when it starts and once when
// it ends, per outage.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createScratchPostgres } from '../../bench/ingest/server-process.js';
import { DIALECTS, TEST_PG_URL } from '../../src/testing/dialects.js';
import { startTcpProxy } from '../../src/testing/tcp-proxy.js';
import { killAll, tocsin } from '../ops/proc.js';
import { makeServices, missingIncidents, probe, steadyLoad } from './helpers.js';

const TOKEN = 'fault_test_token_aaaaaaaaaaaa';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lines = (out: string, text: string) => out.split('\n').filter((l) => l.includes(text)).length;

describe('postgres: the database goes away and comes back under load', { skip: !DIALECTS.includes('postgres') && 'PostgreSQL is not running' }, () => {
  const cleanup: Array<() => Promise<void>> = [];
  after(async () => {
    await killAll();
    for (const fn of cleanup.reverse()) await fn();
  });

  it('rides through a cut, a refusal and a freeze: no exit, no lost 202, quick 503s', { timeout: 120_000 }, async () => {
    const scratch = await createScratchPostgres(TEST_PG_URL, 'outage');
    cleanup.push(scratch.drop);
    const target = new URL(TEST_PG_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanup.push(() => proxy.close());
    const viaProxy = new URL(scratch.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const server = tocsin(['serve'], {
      TOCSIN_DATABASE_URL: viaProxy.toString(),
      TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
      TOCSIN_EVENTS_RATE_LIMIT: '1000000',
      TOCSIN_DB_CONNECT_TIMEOUT_MS: '1000',
      TOCSIN_DB_STATEMENT_TIMEOUT_MS: '1000',
      TOCSIN_READY_TIMEOUT_MS: '500',
    });
    const base = `http://127.0.0.1:${await server.serving()}`;
    const keys = await makeServices(base, TOKEN, 4);
    const load = steadyLoad(base, keys);
    await sleep(1500);

    // 1. Every connection cut and new ones refused, for 3 s.
    await proxy.refuse();
    await sleep(1000);
    assert.equal((await probe(base, '/healthz')).status, 200);
    const down = await probe(base, '/readyz');
    assert.equal(down.status, 503);
    assert.deepEqual(down.body.reasons, ['database_unreachable']);
    await sleep(2000);
    await proxy.restore();
    const back = Date.now();
    await load.next202(back);
    await sleep(1500);

    // 2. A frozen server for 4 s: bytes stop, connections stay open.
    proxy.freeze();
    await sleep(2500);
    const frozen = await probe(base, '/readyz');
    assert.equal(frozen.status, 503);
    assert.ok(['database_slow', 'database_unreachable'].includes(frozen.body.reasons[0]), JSON.stringify(frozen.body));
    await sleep(1500);
    await proxy.restore();
    await load.next202(Date.now());
    await sleep(1500);
    await load.stop();
    process.stderr.write(`pg outage: ${load.accepted.size} accepted, refused ${JSON.stringify([...load.refused])}, slowest refusal ${load.slowestRefusalMs} ms\n`);

    assert.equal(server.child.exitCode, null, `the process exited:\n${server.stderr.slice(-2000)}`);
    assert.ok(load.accepted.size > 50, `only ${load.accepted.size} events accepted`);
    assert.ok((load.refused.get(503) ?? 0) > 0, `no 503 during the outages: ${JSON.stringify([...load.refused])}`);
    assert.deepEqual([...load.refused.keys()].filter((s) => s !== 503), [], 'every refusal is a 503 with a body, none a hang or a 500');
    // Connect timeout 1 s, query timeout 3 s: a refusal never waits for long.
    assert.ok(load.slowestRefusalMs < 8000, `a refusal took ${load.slowestRefusalMs} ms`);
    // The backlog drains at the processor's pace, which a loaded CI host slows: wait up to 60 s for it.
    const missing = await missingIncidents(base, TOKEN, load.accepted, 60_000);
    if (missing.length) {
      // What the node says about its inbox and database, to tell a stalled processor from a lost event.
      const metrics = await fetch(`${base}/metrics`).then((r) => r.text()).catch((e) => String(e));
      process.stderr.write(`pg outage, missing ${missing.length}:\n${metrics}\n${JSON.stringify((await probe(base, '/readyz')).body)}\n${server.stdout.slice(-6000)}\n`);
    }
    assert.deepEqual(missing, [], 'events answered 202 without an incident');
    assert.equal((await probe(base, '/readyz')).status, 200);
    // Logged once when it goes and once when it comes back, per outage (two outages). An outage is
    // over after 3 s without a storage failure (store/health.ts), which a fast drain may not have
    // lasted yet: wait for the line, for as long as the settle time and a slow host need.
    const settled = () => lines(server.stdout, 'database available again') >= lines(server.stdout, 'database unavailable');
    for (const end = Date.now() + 15_000; !settled() && Date.now() < end; ) await sleep(100);
    const gone = lines(server.stdout, 'database unavailable');
    const returned = lines(server.stdout, 'database available again');
    assert.ok(gone >= 1 && gone <= 2, `"database unavailable" logged ${gone} times`);
    assert.equal(returned, gone);
    assert.equal(server.child.exitCode, null);
  });
});
