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

  it('a failed write rejects every caller of that batch and not the next', async () => {
    let fail = true;
    const gc = new GroupCommit<number>(async () => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
    });
    const results = await Promise.allSettled([gc.add(1), gc.add(2)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    await gc.add(3);
    await gc.drain();
  });
});
