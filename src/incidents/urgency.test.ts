import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inSupportHours, localTime, urgencyFor, urgencyOfSeverity, type SupportHoursRule, type UrgencyRule } from './urgency.js';

const nyWeekdays: SupportHoursRule = { type: 'fixed_time_per_day', time_zone: 'America/New_York', days_of_week: [1, 2, 3, 4, 5], start_time: '09:00:00', end_time: '17:00:00' };
const bySupportHours: UrgencyRule = {
  type: 'use_support_hours',
  during_support_hours: { type: 'constant', urgency: 'high' },
  outside_support_hours: { type: 'constant', urgency: 'low' },
};

describe('urgency', () => {
  it('maps severities: critical/error high, warning/info low, unknown high', () => {
    for (const [sev, want] of [['critical', 'high'], ['error', 'high'], ['warning', 'low'], ['info', 'low'], [undefined, 'high'], ['bogus', 'high']] as const) {
      assert.equal(urgencyOfSeverity(sev), want, String(sev));
    }
  });

  it('constant and severity-based rules', () => {
    assert.equal(urgencyFor({ type: 'constant', urgency: 'low' }, null, 0), 'low');
    assert.equal(urgencyFor({ type: 'constant', urgency: 'high' }, null, 0, 'info'), 'high');
    assert.equal(urgencyFor({ type: 'constant', urgency: 'severity_based' }, null, 0, 'info'), 'low');
    assert.equal(urgencyFor({ type: 'severity_based' }, null, 0, 'error'), 'high');
    assert.equal(urgencyFor(null, null, 0), 'high');
  });

  // New York leaves EST (UTC-5) for EDT (UTC-4) on Sunday 2026-03-08 at 02:00 local.
  const cases: Array<[string, string, boolean]> = [
    ['Fri before DST, 16:30 EST', '2026-03-06T21:30:00Z', true],
    ['Fri before DST, 17:30 EST', '2026-03-06T22:30:00Z', false],
    ['Fri before DST, 08:30 EST', '2026-03-06T13:30:00Z', false],
    ['Sun of the change, 12:00 EDT (weekend)', '2026-03-08T16:00:00Z', false],
    ['Mon after DST, 09:30 EDT (would be 08:30 EST)', '2026-03-09T13:30:00Z', true],
    ['Mon after DST, 17:30 EDT (would be 16:30 EST)', '2026-03-09T21:30:00Z', false],
    ['Mon after DST, 16:59:59 EDT', '2026-03-09T20:59:59Z', true],
    ['Mon after DST, 17:00:00 EDT (end exclusive)', '2026-03-09T21:00:00Z', false],
  ];
  for (const [name, at, inside] of cases) {
    it(`support hours across the DST change: ${name}`, () => {
      assert.equal(inSupportHours(Date.parse(at), nyWeekdays), inside);
      assert.equal(urgencyFor(bySupportHours, nyWeekdays, Date.parse(at)), inside ? 'high' : 'low');
    });
  }

  it('reads local weekday and time across the autumn change in London', () => {
    assert.deepEqual(localTime(Date.parse('2026-10-24T08:00:00Z'), 'Europe/London'), { day: 6, seconds: 9 * 3600 });
    assert.deepEqual(localTime(Date.parse('2026-10-26T08:00:00Z'), 'Europe/London'), { day: 1, seconds: 8 * 3600 });
  });

  it('support hours ending at midnight run to the end of the day; an unknown zone falls back to UTC', () => {
    const late: SupportHoursRule = { ...nyWeekdays, time_zone: 'Etc/UTC', start_time: '20:00:00', end_time: '00:00:00' };
    assert.equal(inSupportHours(Date.parse('2026-03-09T23:59:00Z'), late), true);
    assert.equal(inSupportHours(Date.parse('2026-03-09T09:30:00Z'), { ...nyWeekdays, time_zone: 'Not/AZone' }), true);
  });
});
