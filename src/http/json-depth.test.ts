import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

const nested = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not scalars, and allows exactly the maximum', () => {
    assert.equal(nestsDeeperThan('x'), false);
    assert.equal(nestsDeeperThan({ a: 1, b: [1, 2] }, 2), false);
    assert.equal(nestsDeeperThan({ a: { b: [1] } }, 2), true);
    assert.equal(nestsDeeperThan(nested(MAX_JSON_DEPTH)), false);
    assert.equal(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1)), true);
  });

  it('walks a body nested 100,000 levels without overflowing the stack', () => {
    assert.equal(nestsDeeperThan(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000))), true);
  });
});
