import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomIds } from './ids.js';

describe('randomIds', () => {
  it('makes ids, keys and tokens of the shapes PagerDuty clients check', () => {
    for (let k = 0; k < 2000; k++) {
      assert.match(randomIds.id(), /^P[0-9A-Z]{6}$/);
      assert.match(randomIds.logEntryId(), /^R[0-9A-Z]{13}$/);
      assert.match(randomIds.integrationKey(), /^[0-9a-f]{32}$/);
      assert.match(randomIds.apiToken(), /^[0-9A-Za-z_+-]{20}$/);
      assert.match(randomIds.hex32(), /^[0-9a-f]{32}$/);
    }
  });

  it('never repeats across many draws (the byte pool is refilled, not reused)', () => {
    const keys = new Set<string>();
    for (let k = 0; k < 20_000; k++) keys.add(randomIds.hex32());
    assert.equal(keys.size, 20_000);
  });

  it('uses every character of the alphabet about equally often', () => {
    const counts = new Map<string, number>();
    for (let k = 0; k < 5000; k++) for (const c of randomIds.apiToken()) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 65);
    // 100,000 characters over 65 symbols: about 1,538 each; a biased pick would be far off.
    for (const [c, n] of counts) assert.ok(n > 1200 && n < 1900, `${c} drawn ${n} times`);
  });
});
