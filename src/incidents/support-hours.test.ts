import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextSupportHoursStart, zonedInstant } from './support-hours.js';

const weekdays = [1, 2, 3, 4, 5];
const ny = { time_zone: 'America/New_York', days_of_week: weekdays, start_time: '09:00:00', end_time: '17:00:00' };
const t = (s: string) => Date.parse(s);

describe('support hours start', () => {
  it('is today at 09:00 local when it is earlier than that on a weekday', () => {
    // Tuesday 2026-01-06 08:00 EST = 13:00Z.
    assert.equal(nextSupportHoursStart(ny, t('2026-01-06T13:00:00Z')), t('2026-01-06T14:00:00Z'));
  });

  it('skips to the next selected day after the start has passed, and over the weekend', () => {
    assert.equal(nextSupportHoursStart(ny, t('2026-01-06T14:00:00Z')), t('2026-01-07T14:00:00Z'));
    // Friday 2026-01-09 10:00 EST → Monday 2026-01-12 09:00 EST.
    assert.equal(nextSupportHoursStart(ny, t('2026-01-09T15:00:00Z')), t('2026-01-12T14:00:00Z'));
  });

  it('keeps 09:00 local across the spring-forward and fall-back changes', () => {
    // DST starts Sunday 2026-03-08 in New York: Friday 09:00 is 14:00Z, Monday 09:00 is 13:00Z.
    assert.equal(nextSupportHoursStart(ny, t('2026-03-06T15:00:00Z')), t('2026-03-09T13:00:00Z'));
    // DST ends Sunday 2026-11-01: Friday 09:00 EDT is 13:00Z, Monday 09:00 EST is 14:00Z.
    assert.equal(nextSupportHoursStart(ny, t('2026-10-30T14:00:00Z')), t('2026-11-02T14:00:00Z'));
    // Europe/Berlin, every day: the day after the change (2026-03-29) is 07:00Z instead of 08:00Z.
    const berlin = { time_zone: 'Europe/Berlin', days_of_week: [1, 2, 3, 4, 5, 6, 7], start_time: '09:00:00' };
    assert.equal(nextSupportHoursStart(berlin, t('2026-03-28T08:30:00Z')), t('2026-03-29T07:00:00Z'));
  });

  it('maps a start inside the spring-forward gap past the gap, and an ambiguous one to its first occurrence', () => {
    // 02:30 on 2026-03-08 does not exist in New York; 03:30 EDT = 07:30Z.
    assert.equal(zonedInstant(Date.UTC(2026, 2, 8, 2, 30), 'America/New_York'), t('2026-03-08T07:30:00Z'));
    // 01:30 on 2026-11-01 happens twice; the first is EDT = 05:30Z.
    assert.equal(zonedInstant(Date.UTC(2026, 10, 1, 1, 30), 'America/New_York'), t('2026-11-01T05:30:00Z'));
  });

  it('is null without days or with an unknown zone', () => {
    assert.equal(nextSupportHoursStart({ ...ny, days_of_week: [] }, 0), null);
    assert.equal(nextSupportHoursStart({ ...ny, time_zone: 'Mars/Olympus' }, 0), null);
  });
});
