import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RateMeter } from './rate.js';

it('RateMeter: per second over the last minute of samples; null before a second sample', () => {
  const m = new RateMeter();
  assert.equal(m.sample(0, 0), null);
  assert.equal(m.sample(500, 1000), 500);
  assert.equal(m.sample(1500, 3000), 500);
  // Past the window the oldest samples drop out: only the last minute counts.
  m.sample(1500, 61_000);
  assert.equal(m.sample(1500, 122_000), 0);
});
