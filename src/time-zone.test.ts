import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoIn, isTimeZone, localLabel, localTime, wallClock, zonedInstant } from './time-zone.js';

describe('time zones', () => {
  it('reads local wall clocks on both sides of a DST change', () => {
    assert.deepEqual(localTime(Date.parse('2026-10-24T08:00:00Z'), 'Europe/London'), { day: 6, seconds: 9 * 3600 });
    assert.deepEqual(localTime(Date.parse('2026-10-26T08:00:00Z'), 'Europe/London'), { day: 1, seconds: 8 * 3600 });
    assert.equal(wallClock(Date.parse('2026-03-29T01:30:00Z'), 'Europe/Berlin'), Date.parse('2026-03-29T03:30:00Z'));
  });

  it('finds the instant of a local time, first occurrence when ambiguous, past the gap when missing', () => {
    assert.equal(zonedInstant(Date.parse('2026-07-01T09:00:00Z'), 'America/New_York'), Date.parse('2026-07-01T13:00:00Z'));
    // 02:30 does not exist in Berlin on 2026-03-29; it lands an hour later, at 01:30 UTC.
    assert.equal(zonedInstant(Date.parse('2026-03-29T02:30:00Z'), 'Europe/Berlin'), Date.parse('2026-03-29T01:30:00Z'));
    // 02:30 happens twice on 2026-10-25; the first is 00:30 UTC.
    assert.equal(zonedInstant(Date.parse('2026-10-25T02:30:00Z'), 'Europe/Berlin'), Date.parse('2026-10-25T00:30:00Z'));
  });

  it('prints ISO times with the zone offset, and labels without one', () => {
    const t = Date.parse('2026-07-01T12:00:00Z');
    assert.equal(isoIn(t, null), '2026-07-01T12:00:00.000Z');
    assert.equal(isoIn(t, 'America/New_York'), '2026-07-01T08:00:00-04:00');
    assert.equal(isoIn(t, 'Asia/Kolkata'), '2026-07-01T17:30:00+05:30');
    assert.equal(isoIn(t, 'America/St_Johns'), '2026-07-01T09:30:00-02:30');
    assert.equal(localLabel(t, 'Asia/Tokyo'), '2026-07-01T21:00:00');
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });
});
