import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buckets, zonedMidnight } from './buckets.js';

describe('buckets', () => {
  it('cuts days at local midnight across a daylight-saving change', () => {
    // Europe/Berlin moves to summer time on 2026-03-29: that day is 23 hours long.
    const start = zonedMidnight(2026, 3, 28, 'Europe/Berlin');
    const end = zonedMidnight(2026, 3, 31, 'Europe/Berlin');
    const b = buckets(start, end, 'day', 'Europe/Berlin');
    assert.deepEqual(b.map((x) => x.label), ['2026-03-28T00:00:00', '2026-03-29T00:00:00', '2026-03-30T00:00:00']);
    assert.deepEqual(b.map((x) => (x.end - x.start) / 3_600_000), [24, 23, 24]);
    assert.equal(new Date(start).toISOString(), '2026-03-27T23:00:00.000Z');
  });

  it('starts weeks on Monday and months on the first', () => {
    const start = Date.parse('2026-03-04T12:00:00Z'); // a Wednesday
    const end = Date.parse('2026-03-20T00:00:00Z');
    const w = buckets(start, end, 'week', 'UTC');
    assert.deepEqual(w.map((x) => x.label), ['2026-03-02T00:00:00', '2026-03-09T00:00:00', '2026-03-16T00:00:00']);
    assert.equal(w[0].start, start, 'the first bucket is clipped to the range');
    const m = buckets(Date.parse('2026-01-15T00:00:00Z'), Date.parse('2026-03-02T00:00:00Z'), 'month', 'UTC');
    assert.deepEqual(m.map((x) => x.label), ['2026-01-01T00:00:00', '2026-02-01T00:00:00', '2026-03-01T00:00:00']);
  });
});
