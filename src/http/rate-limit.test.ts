import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows `limit` hits per key per minute, counting down remaining, then refuses until the window ends', () => {
    let now = 1_000_000;
    const rl = new RateLimiter(3, () => now);
    assert.deepEqual(rl.hit('a'), { allowed: true, remaining: 2, resetSeconds: 60 });
    now += 10_500;
    assert.deepEqual(rl.hit('a'), { allowed: true, remaining: 1, resetSeconds: 50 });
    assert.deepEqual(rl.hit('a'), { allowed: true, remaining: 0, resetSeconds: 50 });
    assert.deepEqual(rl.hit('a'), { allowed: false, remaining: 0, resetSeconds: 50 });
    assert.equal(rl.hit('b').allowed, true, 'keys are counted apart');
    now += 49_499;
    assert.deepEqual(rl.hit('a'), { allowed: false, remaining: 0, resetSeconds: 1 });
    now += 1;
    assert.deepEqual(rl.hit('a'), { allowed: true, remaining: 2, resetSeconds: 60 }, 'a new window');
  });
});

describe('RateLimiter.take', () => {
  it('grants what fits of a multi-unit request, counts only what it granted, and grants nothing at zero', () => {
    let now = 1_000_000;
    const rl = new RateLimiter(5, () => now);
    assert.deepEqual(rl.take('a', 3), { granted: 3, remaining: 2, resetSeconds: 60 });
    assert.deepEqual(rl.take('a', 4), { granted: 2, remaining: 0, resetSeconds: 60 });
    assert.deepEqual(rl.take('a', 1), { granted: 0, remaining: 0, resetSeconds: 60 });
    assert.equal(rl.take('b', 5).granted, 5, 'keys are counted apart');
    now += 60_000;
    assert.deepEqual(rl.take('a', 7), { granted: 5, remaining: 0, resetSeconds: 60 }, 'a new window');
  });
});
