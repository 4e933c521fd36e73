import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('writes everything handed in during one turn as one batch, and settles callers after the write', async () => {
    const batches: number[][] = [];
    let committed = false;
    const gc = new GroupCommit<number>(async (items) => {
      await new Promise((r) => setTimeout(r, 5));
      batches.push(items);
      committed = true;
    });
    const ps = [1, 2, 3].map((n) => gc.add(n).then(() => assert.equal(committed, true)));
    await Promise.all(ps);
    assert.deepEqual(batches, [[1, 2, 3]]);
  });

  it('what arrives during a write forms the next batch, in order', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 5));
    });
    const first = gc.add(1);
    await new Promise((r) => setImmediate(r));
    const later = [gc.add(2), gc.add(3)];
    await Promise.all([first, ...later]);
    assert.deepEqual(batches, [[1], [2, 3]]);
  });

  it('a write that fails for every item rejects every caller of that batch and not the next', async () => {
    let fail = true;
    const gc = new GroupCommit<number>(async () => {
      if (fail) throw new Error('disk full');
    });
    const results = await Promise.allSettled([gc.add(1), gc.add(2), gc.add(3)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    fail = false;
    await gc.add(4);
    await gc.drain();
  });

  it('a batch the database refuses as a whole (gone, full) is not split: every caller hears at once, after one write', async () => {
    let writes = 0;
    const gone = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const gc = new GroupCommit<number>(
      async () => {
        writes++;
        throw gone;
      },
      undefined,
      undefined,
      undefined,
      (err) => (err as { code?: string }).code !== 'ECONNREFUSED',
    );
    const all = await Promise.allSettled(Array.from({ length: 64 }, (_, i) => gc.add(i)));
    assert.ok(all.every((r) => r.status === 'rejected' && r.reason === gone));
    // Split in halves it took 2n-1 = 127 writes, each waiting for the connect timeout.
    assert.equal(writes, 1);
  });

  it('an item the store refuses fails alone: every other item of its batch commits, in order', async () => {
    const committed: number[] = [];
    const gc = new GroupCommit<number>(async (items) => {
      if (items.includes(13)) throw new Error('poison');
      committed.push(...items);
    });
    const items = Array.from({ length: 40 }, (_, i) => i);
    const results = await Promise.allSettled(items.map((n) => gc.add(n)));
    assert.deepEqual(results.filter((r) => r.status === 'rejected').length, 1);
    assert.equal(results[13].status, 'rejected');
    assert.deepEqual(committed, items.filter((n) => n !== 13));
    await gc.drain();
  });

  it('a write that fails once is retried in halves, and its callers succeed', async () => {
    let fail = true;
    const gc = new GroupCommit<number>(async () => {
      if (fail) {
        fail = false;
        throw new Error('busy');
      }
    });
    const results = await Promise.allSettled([gc.add(1), gc.add(2)]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled']);
    await gc.drain();
  });

  it('settles callers, and wakes the processor, only after a sync that started after their commit', async () => {
    const log: string[] = [];
    let release: (() => void) | null = null;
    const gc = new GroupCommit<number>(
      async (items) => {
        log.push(`commit ${items.join(',')}`);
      },
      () =>
        new Promise<void>((r) => {
          log.push('sync start');
          release = () => {
            log.push('sync end');
            r();
          };
        }),
      () => log.push('wake'),
    );
    let settled = false;
    const p = gc.add(1).then(() => (settled = true));
    while (!release) await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'committed but not yet on disk: the caller waits');
    (release as () => void)();
    await p;
    assert.deepEqual(log, ['commit 1', 'sync start', 'sync end', 'wake']);
  });

  it('commits the next batches while a sync runs, and covers all of them with one more sync', async () => {
    const commits: number[][] = [];
    const releases: Array<() => void> = [];
    const gc = new GroupCommit<number>(
      async (items) => {
        commits.push(items);
      },
      () => new Promise<void>((r) => releases.push(r)),
    );
    const first = gc.add(1);
    while (releases.length === 0) await new Promise((r) => setImmediate(r));
    // The first sync is still running: two more batches commit meanwhile.
    const second = gc.add(2);
    await new Promise((r) => setImmediate(r));
    const third = gc.add(3);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(commits, [[1], [2], [3]]);
    assert.equal(releases.length, 1, 'one sync at a time');
    releases[0]();
    await first;
    while (releases.length === 1) await new Promise((r) => setImmediate(r));
    releases[1]();
    await Promise.all([second, third]);
    assert.equal(releases.length, 2, 'one sync covered both later batches');
    assert.equal(gc.stats.syncs, 2);
    await gc.drain();
  });

  it('a failed sync rejects the callers it covered, and drain still settles', async () => {
    let fail = true;
    const gc = new GroupCommit<number>(
      async () => undefined,
      async () => {
        if (fail) {
          fail = false;
          throw new Error('EIO');
        }
      },
    );
    await assert.rejects(gc.add(1), /EIO/);
    await gc.add(2);
    await gc.drain();
  });
});
