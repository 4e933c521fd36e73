import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, WorkerLoop, type LoopLog } from './worker-loop.js';

const quietLog = (lines: string[] = []): LoopLog => ({ warn: (_o, m) => void lines.push(m) });
const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('worker loop', () => {
  it('backoffMs doubles from the base up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 10, 100].map((a) => backoffMs(a, 50, 1000)), [50, 100, 200, 400, 1000, 1000]);
  });

  it('runs again at once while a cycle says more is waiting, then sleeps until woken (not the poll)', async () => {
    let left = 5;
    let cycles = 0;
    const loop = new WorkerLoop({ name: 't', log: quietLog(), idleMs: 60_000, backoff: { baseMs: 1, maxMs: 1 }, cycle: async () => (cycles++, left-- > 0) });
    loop.start();
    await until(() => cycles === 6);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(cycles, 6, 'idle: no cycle without a wake before the 60 s poll');
    const t0 = performance.now();
    loop.wake();
    await until(() => cycles === 7);
    assert.ok(performance.now() - t0 < 50, 'a wake runs a cycle at once');
    await loop.stop();
  });

  it('backs off after failed cycles (doubling), logs them unless quiet, and resets after a pass', async () => {
    const at: number[] = [];
    const lines: string[] = [];
    let fail = 4;
    const loop = new WorkerLoop({
      name: 'flaky',
      log: quietLog(lines),
      idleMs: 60_000,
      backoff: { baseMs: 20, maxMs: 1000 },
      quiet: (err) => (err as Error).message === 'quiet',
      cycle: async () => {
        at.push(performance.now());
        if (fail-- > 0) throw new Error(fail % 2 ? 'loud' : 'quiet');
        return false;
      },
    });
    loop.start();
    await until(() => at.length === 5);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    assert.ok(gaps[0] >= 19 && gaps[1] >= 39 && gaps[2] >= 79 && gaps[3] >= 159, `gaps ${gaps.map(Math.round)}`);
    assert.equal(loop.stats.failures, 4);
    assert.equal(lines.filter((l) => l.includes('cycle failed')).length, 2, 'quiet errors are not logged');
    await loop.stop();
  });

  it('stop ends a backoff and an idle sleep at once and waits for the cycle in flight', async () => {
    let release!: () => void;
    let finished = false;
    const loop = new WorkerLoop({
      name: 'slow',
      log: quietLog(),
      idleMs: 60_000,
      backoff: { baseMs: 60_000, maxMs: 60_000 },
      cycle: async () => {
        await new Promise<void>((r) => (release = r));
        finished = true;
        return false;
      },
    });
    loop.start();
    await until(() => release !== undefined);
    const stopped = loop.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(done, false, 'stop waits for the cycle in flight');
    release();
    await stopped;
    assert.equal(finished, true);
  });

  it('logs a cycle that takes longer than slowCycleMs', async () => {
    const lines: string[] = [];
    const loop = new WorkerLoop({ name: 'long', log: quietLog(lines), idleMs: 60_000, slowCycleMs: 5, backoff: { baseMs: 1, maxMs: 1 }, cycle: () => new Promise((r) => setTimeout(() => r(false), 20)) });
    loop.start();
    await until(() => loop.stats.slowCycles === 1);
    await loop.stop();
    assert.deepEqual(lines, ['long: a cycle took long']);
  });

  it('runs `concurrency` cycles at once', async () => {
    let inside = 0;
    let most = 0;
    let runs = 0;
    const loop = new WorkerLoop({
      name: 'wide',
      log: quietLog(),
      idleMs: 60_000,
      concurrency: 3,
      backoff: { baseMs: 1, maxMs: 1 },
      cycle: async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 10));
        inside--;
        return ++runs < 12;
      },
    });
    loop.start();
    await until(() => runs >= 12);
    await loop.stop();
    assert.equal(most, 3);
  });
});
