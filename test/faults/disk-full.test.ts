// SQLite's disk fills up under a steady load and is freed again. The real thing where this machine
// allows it: `tocsin serve` as a child process with its data dir on a 16 MB tmpfs that the test fills
// with a file until ENOSPC, then deletes. Where mounting is not permitted (not root, a container
// without CAP_SYS_ADMIN) the equivalent runs in-process: `PRAGMA max_page_count` on the app's own
// connection, with which SQLite reports SQLITE_FULL exactly as on a full disk; the test says which
// it ran (TOCSIN_TEST_NO_MOUNT=1 forces the in-process one). Checks: the process never exits; every 202 has its incident afterwards; refusals are
// 503s; /readyz reports disk_full; the log names the real cause (disk full), never the rollback
// error that used to replace it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { killAll, tocsin } from '../ops/proc.js';
import { makeServices, missingIncidents, probe, steadyLoad } from './helpers.js';

const TOKEN = 'fault_test_token_aaaaaaaaaaaa';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Target {
  how: string;
  base: string;
  fill(): Promise<void>;
  free(): Promise<void>;
  alive(): boolean;
  log(): string;
  close(): Promise<void>;
}

const env = (dir: string) => ({
  TOCSIN_DATA_DIR: dir,
  TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
  TOCSIN_EVENTS_RATE_LIMIT: '1000000',
  TOCSIN_READY_MIN_FREE_BYTES: '65536',
  TOCSIN_HTTP_HOST: '127.0.0.1',
  TOCSIN_HTTP_PORT: '0',
  TOCSIN_SMTP_PORT: '0',
});

/** A child process on a 16 MB tmpfs, or null when this machine does not let us mount one. */
async function onTmpfs(): Promise<Target | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const server = tocsin(['serve'], env(dir));
  const port = await server.serving();
  const filler = path.join(dir, 'filler');
  return {
    how: 'a real full disk (tmpfs)',
    base: `http://127.0.0.1:${port}`,
    async fill() {
      const fd = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
      // The last few bytes too: nothing left for SQLite.
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(512, 1));
      } catch {
        /* full */
      }
      fs.closeSync(fd);
    },
    async free() {
      fs.rmSync(filler, { force: true });
    },
    alive: () => server.child.exitCode === null && server.child.signalCode === null,
    log: () => server.stdout + server.stderr,
    async close() {
      await server.kill('SIGKILL');
      execFileSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The equivalent in-process: SQLite's page limit on the app's own connection. */
async function withPageLimit(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-full-'));
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
  const app = await createApp(loadConfig(env(dir)), { log });
  const { httpPort } = await app.start();
  return {
    how: 'SQLite max_page_count (mounting a tmpfs is not permitted here)',
    base: `http://127.0.0.1:${httpPort}`,
    async fill() {
      const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(app.ctx.db)).rows[0].page_count);
      await sql.raw(`pragma max_page_count = ${pages}`).execute(app.ctx.db);
    },
    async free() {
      await sql.raw('pragma max_page_count = 1073741823').execute(app.ctx.db);
    },
    alive: () => true,
    log: () => lines.join(''),
    async close() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('sqlite: the disk fills up and is freed under load', () => {
  let target: Target | null = null;
  after(async () => {
    await target?.close();
    await killAll();
  });

  it('keeps running, refuses with 503 while full, and applies every event it answered 202', { timeout: 120_000 }, async () => {
    target = (process.env.TOCSIN_TEST_NO_MOUNT ? null : await onTmpfs()) ?? (await withPageLimit());
    process.stderr.write(`disk-full test runs on ${target.how}\n`);
    const { base } = target;
    const keys = await makeServices(base, TOKEN, 4);
    // Big enough that the inbox needs new pages often (not only reuses freed ones).
    const load = steadyLoad(base, keys);
    await sleep(1500);

    await target.fill();
    await sleep(1500);
    assert.equal((await probe(base, '/healthz')).status, 200);
    const full = await probe(base, '/readyz');
    assert.equal(full.status, 503, JSON.stringify(full.body));
    assert.ok(full.body.reasons.includes('disk_full'), JSON.stringify(full.body));
    await sleep(1500);
    const refusedWhileFull = load.refused.get(503) ?? 0;

    await target.free();
    await load.next202(Date.now());
    await sleep(1500);
    await load.stop();
    process.stderr.write(`disk full: ${load.accepted.size} accepted, refused ${JSON.stringify([...load.refused])}\n`);

    assert.ok(target.alive(), `the process exited:\n${target.log().slice(-2000)}`);
    assert.ok(refusedWhileFull > 0, 'no 503 while the disk was full');
    assert.deepEqual([...load.refused.keys()].filter((s) => s !== 503), [], 'every refusal is a 503, none a 500 or a hang');
    assert.deepEqual(await missingIncidents(base, TOKEN, load.accepted), [], 'events answered 202 without an incident');
    assert.equal((await probe(base, '/readyz')).status, 200);
    const log = target.log();
    assert.match(log, /database unavailable: the database disk is full/);
    assert.match(log, /database or disk is full/);
    assert.doesNotMatch(log, /cannot rollback/);
    // The return is logged once writes have succeeded for the settle time (3 s) with no new failure: a
    // readiness probe writes, so probe until then (bounded) rather than race the settle time.
    for (let i = 0; i < 40 && !/database available again/.test(target.log()); i++) {
      await probe(base, '/readyz');
      await sleep(250);
    }
    assert.match(target.log(), /database available again/);
    assert.ok(target.alive());
  });
});
