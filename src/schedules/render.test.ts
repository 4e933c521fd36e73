import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoIn } from '../time-zone.js';
import type { Entry } from './model.js';
import { coveragePercentage, onCallAt, renderLayer, renderSchedule, restrictionWindows, timeOfDaySeconds } from './render.js';
import { DAY, HOUR, T, WEEK, daily, layer, override, weekly } from './test-fixtures.js';

/** Entries printed as "start end user" in a zone, so expectations read as local wall clocks. */
const show = (entries: Entry[], tz = 'UTC') => entries.map((e) => `${isoIn(e.start, tz)} ${isoIn(e.end, tz)} ${e.userId}`);
const hours = (entries: Entry[]) => entries.map((e) => (e.end - e.start) / 3_600_000);

describe('renderLayer', () => {
  it('rotates a weekly layer of three users, turn k going to user k mod 3', () => {
    const l = layer({ rotationVirtualStart: T('2026-01-05T09:00:00Z'), rotationTurnLengthSeconds: WEEK, userIds: ['a', 'b', 'c'] });
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2026-01-01T00:00:00Z'), T('2026-02-02T00:00:00Z'))), [
      '2026-01-05T09:00:00.000Z 2026-01-12T09:00:00.000Z a',
      '2026-01-12T09:00:00.000Z 2026-01-19T09:00:00.000Z b',
      '2026-01-19T09:00:00.000Z 2026-01-26T09:00:00.000Z c',
      '2026-01-26T09:00:00.000Z 2026-02-02T00:00:00.000Z a',
    ]);
  });

  it('keeps a daily 09:00 handoff at 09:00 New York time across spring-forward (a 23-hour turn)', () => {
    const l = layer({ rotationVirtualStart: T('2026-03-06T09:00:00-05:00'), userIds: ['a', 'b'] });
    const entries = renderLayer(l, 'America/New_York', T('2026-03-06T14:00:00Z'), T('2026-03-10T13:00:00Z'));
    assert.deepEqual(show(entries, 'America/New_York'), [
      '2026-03-06T09:00:00-05:00 2026-03-07T09:00:00-05:00 a',
      '2026-03-07T09:00:00-05:00 2026-03-08T09:00:00-04:00 b',
      '2026-03-08T09:00:00-04:00 2026-03-09T09:00:00-04:00 a',
      '2026-03-09T09:00:00-04:00 2026-03-10T09:00:00-04:00 b',
    ]);
    assert.deepEqual(hours(entries), [24, 23, 24, 24]);
  });

  it('keeps it at 09:00 across fall-back too (a 25-hour turn), 238 turns after the virtual start', () => {
    const l = layer({ rotationVirtualStart: T('2026-03-06T09:00:00-05:00'), userIds: ['a', 'b'] });
    const entries = renderLayer(l, 'America/New_York', T('2026-10-30T13:00:00Z'), T('2026-11-03T14:00:00Z'));
    assert.deepEqual(show(entries, 'America/New_York'), [
      '2026-10-30T09:00:00-04:00 2026-10-31T09:00:00-04:00 a',
      '2026-10-31T09:00:00-04:00 2026-11-01T09:00:00-05:00 b',
      '2026-11-01T09:00:00-05:00 2026-11-02T09:00:00-05:00 a',
      '2026-11-02T09:00:00-05:00 2026-11-03T09:00:00-05:00 b',
    ]);
    assert.deepEqual(hours(entries), [24, 25, 24, 24]);
  });

  it('keeps weekly handoffs at their local time across DST (a 167-hour week)', () => {
    const l = layer({ rotationVirtualStart: T('2026-03-02T09:00:00-05:00'), rotationTurnLengthSeconds: WEEK, userIds: ['a', 'b'] });
    const entries = renderLayer(l, 'America/New_York', T('2026-03-02T14:00:00Z'), T('2026-03-16T13:00:00Z'));
    assert.deepEqual(show(entries, 'America/New_York'), [
      '2026-03-02T09:00:00-05:00 2026-03-09T09:00:00-04:00 a',
      '2026-03-09T09:00:00-04:00 2026-03-16T09:00:00-04:00 b',
    ]);
    assert.deepEqual(hours(entries), [167, 168]);
  });

  it('counts 12-hour turns in absolute seconds, so the local handoff moves by the DST hour', () => {
    const l = layer({ rotationVirtualStart: T('2026-03-07T09:00:00-05:00'), rotationTurnLengthSeconds: 12 * HOUR, userIds: ['a', 'b'] });
    const entries = renderLayer(l, 'America/New_York', T('2026-03-07T14:00:00Z'), T('2026-03-09T14:00:00Z'));
    assert.deepEqual(show(entries, 'America/New_York'), [
      '2026-03-07T09:00:00-05:00 2026-03-07T21:00:00-05:00 a',
      '2026-03-07T21:00:00-05:00 2026-03-08T10:00:00-04:00 b',
      '2026-03-08T10:00:00-04:00 2026-03-08T22:00:00-04:00 a',
      '2026-03-08T22:00:00-04:00 2026-03-09T10:00:00-04:00 b',
    ]);
    assert.deepEqual(hours(entries), [12, 12, 12, 12]);
  });

  it("follows Lord Howe Island's 30-minute DST shift: a 24.5-hour day when clocks go back", () => {
    const l = layer({ rotationVirtualStart: T('2026-04-03T09:00:00+11:00'), userIds: ['a', 'b'] });
    const entries = renderLayer(l, 'Australia/Lord_Howe', T('2026-04-02T22:00:00Z'), T('2026-04-05T22:30:00Z'));
    assert.deepEqual(show(entries, 'Australia/Lord_Howe'), [
      '2026-04-03T09:00:00+11:00 2026-04-04T09:00:00+11:00 a',
      '2026-04-04T09:00:00+11:00 2026-04-05T09:00:00+10:30 b',
      '2026-04-05T09:00:00+10:30 2026-04-06T09:00:00+10:30 a',
    ]);
    assert.deepEqual(hours(entries), [24, 24.5, 24]);
  });

  it('moves a Lord Howe handoff that falls in the 30-minute spring gap to just past it (02:15 -> 02:45)', () => {
    const l = layer({ rotationVirtualStart: T('2026-10-02T02:15:00+10:30'), userIds: ['a', 'b'] });
    const entries = renderLayer(l, 'Australia/Lord_Howe', T('2026-10-01T15:45:00Z'), T('2026-10-05T02:15:00+11:00'));
    assert.deepEqual(show(entries, 'Australia/Lord_Howe'), [
      '2026-10-02T02:15:00+10:30 2026-10-03T02:15:00+10:30 a',
      '2026-10-03T02:15:00+10:30 2026-10-04T02:45:00+11:00 b',
      '2026-10-04T02:45:00+11:00 2026-10-05T02:15:00+11:00 a',
    ]);
    assert.deepEqual(hours(entries), [24, 24, 23.5]);
  });

  it('masks turns with a daily 22:00-06:00 restriction that crosses midnight, without changing whose turn it is', () => {
    // Midnight handoffs inside the window split it between two users; the DST night's window is 7 hours.
    const l = layer({ rotationVirtualStart: T('2026-03-02T00:00:00-05:00'), userIds: ['a', 'b'], restrictions: [daily('22:00:00', 8 * HOUR)] });
    const entries = renderLayer(l, 'America/New_York', T('2026-03-06T00:00:00-05:00'), T('2026-03-09T00:00:00-04:00'));
    assert.deepEqual(show(entries, 'America/New_York'), [
      '2026-03-06T00:00:00-05:00 2026-03-06T06:00:00-05:00 a',
      '2026-03-06T22:00:00-05:00 2026-03-07T00:00:00-05:00 a',
      '2026-03-07T00:00:00-05:00 2026-03-07T06:00:00-05:00 b',
      '2026-03-07T22:00:00-05:00 2026-03-08T00:00:00-05:00 b',
      '2026-03-08T00:00:00-05:00 2026-03-08T06:00:00-04:00 a',
      '2026-03-08T22:00:00-04:00 2026-03-09T00:00:00-04:00 a',
    ]);
    assert.deepEqual(hours(entries), [6, 2, 6, 2, 5, 2]);
  });

  it('masks with a weekly restriction Friday 18:00 -> Monday 08:00 across the week boundary and a handoff', () => {
    const l = layer({
      start: T('2025-12-01T00:00:00Z'),
      rotationVirtualStart: T('2026-01-05T00:00:00Z'),
      rotationTurnLengthSeconds: WEEK,
      userIds: ['a', 'b'],
      restrictions: [weekly(5, '18:00:00', 62 * HOUR)],
    });
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2026-01-05T00:00:00Z'), T('2026-01-19T00:00:00Z'))), [
      '2026-01-05T00:00:00.000Z 2026-01-05T08:00:00.000Z a',
      '2026-01-09T18:00:00.000Z 2026-01-12T00:00:00.000Z a',
      '2026-01-12T00:00:00.000Z 2026-01-12T08:00:00.000Z b',
      '2026-01-16T18:00:00.000Z 2026-01-19T00:00:00.000Z b',
    ]);
  });

  it('keeps a weekly restriction at its local wall times in the zone (Europe/Berlin, CET)', () => {
    const l = layer({ rotationVirtualStart: T('2026-01-05T00:00:00+01:00'), rotationTurnLengthSeconds: WEEK, userIds: ['a'], restrictions: [weekly(5, '18:00:00', 62 * HOUR)] });
    assert.deepEqual(show(renderLayer(l, 'Europe/Berlin', T('2026-01-05T00:00:00+01:00'), T('2026-01-12T00:00:00+01:00')), 'Europe/Berlin'), [
      '2026-01-05T00:00:00+01:00 2026-01-05T08:00:00+01:00 a',
      '2026-01-09T18:00:00+01:00 2026-01-12T00:00:00+01:00 a',
    ]);
  });

  it('unions several restrictions, and a restriction as long as its period leaves the layer always on', () => {
    const l = layer({ rotationVirtualStart: T('2026-01-05T00:00:00Z'), userIds: ['a'], restrictions: [daily('09:00:00', 2 * HOUR), daily('10:00:00', 2 * HOUR), daily('15:00:00', HOUR)] });
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2026-01-05T00:00:00Z'), T('2026-01-06T00:00:00Z'))), [
      '2026-01-05T09:00:00.000Z 2026-01-05T12:00:00.000Z a',
      '2026-01-05T15:00:00.000Z 2026-01-05T16:00:00.000Z a',
    ]);
    const always = layer({ rotationVirtualStart: T('2026-01-05T00:00:00Z'), rotationTurnLengthSeconds: 2 * DAY, userIds: ['a'], restrictions: [daily('13:00:00', DAY)] });
    assert.deepEqual(show(renderLayer(always, 'UTC', T('2026-01-05T06:00:00Z'), T('2026-01-06T06:00:00Z'))), ['2026-01-05T06:00:00.000Z 2026-01-06T06:00:00.000Z a']);
  });

  it("clips to the layer's start and end, with or without overflow", () => {
    const l = layer({ start: T('2026-01-01T12:00:00Z'), end: T('2026-01-03T06:00:00Z'), rotationVirtualStart: T('2026-01-01T00:00:00Z'), userIds: ['a', 'b', 'c'] });
    const expected = [
      '2026-01-01T12:00:00.000Z 2026-01-02T00:00:00.000Z a',
      '2026-01-02T00:00:00.000Z 2026-01-03T00:00:00.000Z b',
      '2026-01-03T00:00:00.000Z 2026-01-03T06:00:00.000Z c',
    ];
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2025-12-31T00:00:00Z'), T('2026-01-05T00:00:00Z'))), expected);
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2025-12-31T00:00:00Z'), T('2026-01-05T00:00:00Z'), { overflow: true })), expected);
    assert.deepEqual(renderLayer(l, 'UTC', T('2026-01-03T06:00:00Z'), T('2026-01-04T00:00:00Z')), []);
    assert.deepEqual(renderLayer(l, 'UTC', T('2025-12-01T00:00:00Z'), T('2026-01-01T12:00:00Z')), []);
  });

  it('finds the turn by arithmetic when the virtual start is 10 years back (1-hour turns)', () => {
    // 2016-12-06 -> 2026-12-06 is 3,652 days = 87,648 hours; 87,648 mod 5 = 3 -> user d.
    const l = layer({ rotationVirtualStart: T('2016-12-06T00:00:00Z'), rotationTurnLengthSeconds: HOUR, userIds: ['a', 'b', 'c', 'd', 'e'] });
    assert.deepEqual(show(renderLayer(l, 'America/New_York', T('2026-12-06T00:00:00Z'), T('2026-12-06T03:00:00Z'))), [
      '2026-12-06T00:00:00.000Z 2026-12-06T01:00:00.000Z d',
      '2026-12-06T01:00:00.000Z 2026-12-06T02:00:00.000Z e',
      '2026-12-06T02:00:00.000Z 2026-12-06T03:00:00.000Z a',
    ]);
  });

  it('never loops over history: one-second turns from 158,000 years back render at once', () => {
    // About 5e12 turns lie between the virtual start and the window: a loop over them would never end
    // (no timing assertion, which a loaded machine would make flaky; the test finishing is the check).
    const v = -5e15;
    const l = layer({ start: v, rotationVirtualStart: v, rotationTurnLengthSeconds: 1, userIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    const since = T('2026-12-06T12:00:00Z');
    const k = (BigInt(since) - BigInt(v)) / 1000n;
    const users = [0n, 1n, 2n].map((i) => l.userIds[Number((k + i) % 7n)]);
    const entries = renderLayer(l, 'UTC', since, since + 3000);
    assert.deepEqual(entries, users.map((userId, i) => ({ start: since + i * 1000, end: since + (i + 1) * 1000, userId })));
  });

  it('rotates backwards from a virtual start that lies after the window', () => {
    const l = layer({ start: T('2026-01-01T00:00:00Z'), rotationVirtualStart: T('2026-01-10T00:00:00Z'), userIds: ['a', 'b', 'c'] });
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2026-01-07T00:00:00Z'), T('2026-01-10T00:00:00Z'))), [
      '2026-01-07T00:00:00.000Z 2026-01-08T00:00:00.000Z a',
      '2026-01-08T00:00:00.000Z 2026-01-09T00:00:00.000Z b',
      '2026-01-09T00:00:00.000Z 2026-01-10T00:00:00.000Z c',
    ]);
  });

  it('keeps whole turns with overflow, as PagerDuty documents (midnight rotation, 10:00-14:00 window)', () => {
    const l = layer({ rotationVirtualStart: T('2011-05-01T00:00:00Z'), userIds: ['a'] });
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2011-06-01T10:00:00Z'), T('2011-06-01T14:00:00Z'))), ['2011-06-01T10:00:00.000Z 2011-06-01T14:00:00.000Z a']);
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2011-06-01T10:00:00Z'), T('2011-06-01T14:00:00Z'), { overflow: true })), ['2011-06-01T00:00:00.000Z 2011-06-02T00:00:00.000Z a']);
  });

  it('with overflow and restrictions, returns the whole masked pieces that touch the window, not the whole week', () => {
    const l = layer({ rotationVirtualStart: T('2026-01-05T00:00:00Z'), rotationTurnLengthSeconds: WEEK, userIds: ['a'], restrictions: [daily('09:00:00', 8 * HOUR)] });
    assert.deepEqual(show(renderLayer(l, 'UTC', T('2026-01-07T10:00:00Z'), T('2026-01-07T14:00:00Z'), { overflow: true })), ['2026-01-07T09:00:00.000Z 2026-01-07T17:00:00.000Z a']);
    assert.deepEqual(renderLayer(l, 'UTC', T('2026-01-07T18:00:00Z'), T('2026-01-08T08:00:00Z'), { overflow: true }), []);
  });

  it('renders nothing for an empty user list or an empty window', () => {
    const l = layer({ rotationVirtualStart: T('2026-01-05T00:00:00Z'), userIds: [] });
    assert.deepEqual(renderLayer(l, 'UTC', T('2026-01-05T00:00:00Z'), T('2026-01-19T00:00:00Z')), []);
    const one = layer({ rotationVirtualStart: T('2026-01-05T00:00:00Z'), userIds: ['a'] });
    assert.deepEqual(renderLayer(one, 'UTC', T('2026-01-06T00:00:00Z'), T('2026-01-06T00:00:00Z')), []);
    assert.deepEqual(renderSchedule([l], [], 'UTC', T('2026-01-05T00:00:00Z'), T('2026-01-06T00:00:00Z')), { layers: [[]], overrides: [], final: [] });
  });

  it('works in instants: the schedule zone moves day handoffs, the zone of the request only changes the printing', () => {
    const l = layer({ rotationVirtualStart: T('2026-07-01T09:00:00-04:00'), userIds: ['a', 'b'] });
    const since = T('2026-07-01T13:00:00Z');
    const until = T('2026-07-03T13:00:00Z');
    const entries = renderLayer(l, 'America/New_York', since, until);
    assert.deepEqual(show(entries, 'Europe/London'), ['2026-07-01T14:00:00+01:00 2026-07-02T14:00:00+01:00 a', '2026-07-02T14:00:00+01:00 2026-07-03T14:00:00+01:00 b']);
    assert.deepEqual(show(entries, 'Asia/Kolkata'), ['2026-07-01T18:30:00+05:30 2026-07-02T18:30:00+05:30 a', '2026-07-02T18:30:00+05:30 2026-07-03T18:30:00+05:30 b']);
    // Hour-based turns do not depend on any zone.
    const hourly = layer({ rotationVirtualStart: T('2026-07-01T09:00:00Z'), rotationTurnLengthSeconds: 8 * HOUR, userIds: ['a', 'b', 'c'] });
    assert.deepEqual(renderLayer(hourly, 'Asia/Tokyo', since, until), renderLayer(hourly, 'America/Los_Angeles', since, until));
  });
});

describe('renderSchedule', () => {
  const base = layer({ id: 'PL1', rotationVirtualStart: T('2026-01-01T00:00:00Z'), userIds: ['a'] });
  const days = layer({ id: 'PL2', name: 'Business hours', rotationVirtualStart: T('2026-01-01T00:00:00Z'), userIds: ['b'], restrictions: [daily('09:00:00', 8 * HOUR)] });
  const since = T('2026-01-05T00:00:00Z');
  const until = T('2026-01-06T00:00:00Z');

  it('lets a later layer win where it has someone, and the earlier one show through its gaps', () => {
    const r = renderSchedule([base, days], [], 'UTC', since, until);
    assert.deepEqual(show(r.layers[0]), ['2026-01-05T00:00:00.000Z 2026-01-06T00:00:00.000Z a']);
    assert.deepEqual(show(r.layers[1]), ['2026-01-05T09:00:00.000Z 2026-01-05T17:00:00.000Z b']);
    assert.deepEqual(show(r.final), [
      '2026-01-05T00:00:00.000Z 2026-01-05T09:00:00.000Z a',
      '2026-01-05T09:00:00.000Z 2026-01-05T17:00:00.000Z b',
      '2026-01-05T17:00:00.000Z 2026-01-06T00:00:00.000Z a',
    ]);
    // In the other order the 24/7 layer covers everything.
    assert.deepEqual(show(renderSchedule([days, base], [], 'UTC', since, until).final), ['2026-01-05T00:00:00.000Z 2026-01-06T00:00:00.000Z a']);
  });

  it('shows the earlier layer where the later one has ended or not yet started', () => {
    const late = { ...days, restrictions: [], start: T('2026-01-05T06:00:00Z'), end: T('2026-01-05T12:00:00Z') };
    assert.deepEqual(show(renderSchedule([base, late], [], 'UTC', since, until).final), [
      '2026-01-05T00:00:00.000Z 2026-01-05T06:00:00.000Z a',
      '2026-01-05T06:00:00.000Z 2026-01-05T12:00:00.000Z b',
      '2026-01-05T12:00:00.000Z 2026-01-06T00:00:00.000Z a',
    ]);
  });

  it('puts overrides over every layer, the later-created winning where overrides overlap', () => {
    const overrides = [
      override('PO1', '2026-01-05T08:00:00Z', '2026-01-05T10:00:00Z', 'c'),
      override('PO2', '2026-01-05T09:30:00Z', '2026-01-05T12:00:00Z', 'd'),
      override('PO3', '2026-01-05T16:00:00Z', '2026-01-05T18:00:00Z', 'c'),
      override('PO4', '2026-01-05T11:00:00Z', '2026-01-05T11:30:00Z', 'c'),
      override('PO5', '2026-01-04T20:00:00Z', '2026-01-04T22:00:00Z', 'e'),
    ];
    const r = renderSchedule([base, days], overrides, 'UTC', since, until);
    assert.deepEqual(show(r.overrides), [
      '2026-01-05T08:00:00.000Z 2026-01-05T09:30:00.000Z c',
      '2026-01-05T09:30:00.000Z 2026-01-05T11:00:00.000Z d',
      '2026-01-05T11:00:00.000Z 2026-01-05T11:30:00.000Z c',
      '2026-01-05T11:30:00.000Z 2026-01-05T12:00:00.000Z d',
      '2026-01-05T16:00:00.000Z 2026-01-05T18:00:00.000Z c',
    ]);
    assert.deepEqual(show(r.final), [
      '2026-01-05T00:00:00.000Z 2026-01-05T08:00:00.000Z a',
      '2026-01-05T08:00:00.000Z 2026-01-05T09:30:00.000Z c',
      '2026-01-05T09:30:00.000Z 2026-01-05T11:00:00.000Z d',
      '2026-01-05T11:00:00.000Z 2026-01-05T11:30:00.000Z c',
      '2026-01-05T11:30:00.000Z 2026-01-05T12:00:00.000Z d',
      '2026-01-05T12:00:00.000Z 2026-01-05T16:00:00.000Z b',
      '2026-01-05T16:00:00.000Z 2026-01-05T18:00:00.000Z c',
      '2026-01-05T18:00:00.000Z 2026-01-06T00:00:00.000Z a',
    ]);
    // An earlier-created override wholly inside a later one disappears; a later one inside an earlier splits it.
    const nested = renderSchedule([base], [override('PO6', '2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z', 'x'), override('PO7', '2026-01-05T09:00:00Z', '2026-01-05T12:00:00Z', 'y')], 'UTC', since, until);
    assert.deepEqual(show(nested.overrides), ['2026-01-05T09:00:00.000Z 2026-01-05T12:00:00.000Z y']);
  });

  it('merges adjacent final entries of the same user, but keeps layer entries one per turn', () => {
    const hourly = layer({ rotationVirtualStart: T('2026-01-05T00:00:00Z'), rotationTurnLengthSeconds: HOUR, userIds: ['a', 'a', 'b'] });
    const r = renderSchedule([hourly], [override('PO1', '2026-01-05T03:00:00Z', '2026-01-05T04:00:00Z', 'b')], 'UTC', T('2026-01-05T00:00:00Z'), T('2026-01-05T05:00:00Z'));
    assert.deepEqual(show(r.layers[0]), [
      '2026-01-05T00:00:00.000Z 2026-01-05T01:00:00.000Z a',
      '2026-01-05T01:00:00.000Z 2026-01-05T02:00:00.000Z a',
      '2026-01-05T02:00:00.000Z 2026-01-05T03:00:00.000Z b',
      '2026-01-05T03:00:00.000Z 2026-01-05T04:00:00.000Z a',
      '2026-01-05T04:00:00.000Z 2026-01-05T05:00:00.000Z a',
    ]);
    assert.deepEqual(show(r.final), [
      '2026-01-05T00:00:00.000Z 2026-01-05T02:00:00.000Z a',
      '2026-01-05T02:00:00.000Z 2026-01-05T04:00:00.000Z b',
      '2026-01-05T04:00:00.000Z 2026-01-05T05:00:00.000Z a',
    ]);
  });

  it('keeps whole turns and overrides with overflow, and the final span as far as the same user stays on', () => {
    const window = [T('2026-01-05T10:00:00Z'), T('2026-01-05T14:00:00Z')] as const;
    const evening = { ...days, restrictions: [daily('15:00:00', HOUR)] };
    const overrides = [override('PO1', '2026-01-05T11:00:00Z', '2026-01-05T20:00:00Z', 'c'), override('PO2', '2026-01-05T19:00:00Z', '2026-01-06T02:00:00Z', 'd')];
    const plain = renderSchedule([base, evening], [], 'UTC', ...window, { overflow: true });
    assert.deepEqual(show(plain.layers[0]), ['2026-01-05T00:00:00.000Z 2026-01-06T00:00:00.000Z a']);
    assert.deepEqual(plain.layers[1], []);
    // Layer 2's 15:00 window lies outside the request but inside a's whole turn: the final span stops there.
    assert.deepEqual(show(plain.final), ['2026-01-05T00:00:00.000Z 2026-01-05T15:00:00.000Z a']);
    const r = renderSchedule([base, evening], overrides, 'UTC', ...window, { overflow: true });
    // The override is whole except where a later-created one (outside the window) wins.
    assert.deepEqual(show(r.overrides), ['2026-01-05T11:00:00.000Z 2026-01-05T19:00:00.000Z c']);
    assert.deepEqual(show(r.final), ['2026-01-05T00:00:00.000Z 2026-01-05T11:00:00.000Z a', '2026-01-05T11:00:00.000Z 2026-01-05T19:00:00.000Z c']);
    assert.deepEqual(show(renderSchedule([base, evening], overrides, 'UTC', ...window).final), [
      '2026-01-05T10:00:00.000Z 2026-01-05T11:00:00.000Z a',
      '2026-01-05T11:00:00.000Z 2026-01-05T14:00:00.000Z c',
    ]);
  });
});

describe('onCallAt', () => {
  const l1 = layer({ rotationVirtualStart: T('2026-03-06T09:00:00-05:00'), userIds: ['a', 'b'] });
  const l2 = layer({ id: 'PL2', rotationVirtualStart: T('2026-03-06T00:00:00-05:00'), userIds: ['n'], restrictions: [daily('22:00:00', 8 * HOUR)] });
  const tz = 'America/New_York';

  it("names the final schedule's user at the instant, a handoff belonging to the incoming user", () => {
    assert.deepEqual(onCallAt([l1], [], tz, T('2026-03-08T08:59:59-04:00')), ['b']);
    assert.deepEqual(onCallAt([l1], [], tz, T('2026-03-08T09:00:00-04:00')), ['a']);
    assert.deepEqual(onCallAt([l1, l2], [], tz, T('2026-03-08T05:59:59-04:00')), ['n']);
    assert.deepEqual(onCallAt([l1, l2], [], tz, T('2026-03-08T06:00:00-04:00')), ['b']);
  });

  it('lets an override win, and names nobody where no layer has anyone', () => {
    const o = [override('PO1', '2026-03-08T12:00:00-04:00', '2026-03-08T13:00:00-04:00', 'x')];
    assert.deepEqual(onCallAt([l1], o, tz, T('2026-03-08T12:30:00-04:00')), ['x']);
    assert.deepEqual(onCallAt([l1], o, tz, T('2026-03-08T13:00:00-04:00')), ['a']);
    assert.deepEqual(onCallAt([l2], [], tz, T('2026-03-08T12:00:00-04:00')), []);
    assert.deepEqual(onCallAt([l1], [], tz, T('2026-03-06T08:59:59-05:00')), []);
    assert.deepEqual(onCallAt([], [], tz, T('2026-03-08T12:00:00-04:00')), []);
  });
});

describe('helpers', () => {
  it('parses times of day strictly', () => {
    assert.equal(timeOfDaySeconds('22:00:00'), 79_200);
    assert.equal(timeOfDaySeconds('06:30'), 23_400);
    for (const bad of ['24:00:00', '9:00:00', '12:60:00', 'noon', '12:00:00Z']) assert.equal(timeOfDaySeconds(bad), null);
  });

  it('builds restriction windows as local wall clocks, merged', () => {
    assert.deepEqual(show(restrictionWindows([daily('22:00:00', 8 * HOUR)], 'America/New_York', T('2026-03-08T00:00:00-05:00'), T('2026-03-08T12:00:00-04:00')), 'America/New_York'), [
      '2026-03-07T22:00:00-05:00 2026-03-08T06:00:00-04:00 ',
    ]);
    // The fall-back night's window is 9 hours and still ends at 06:00.
    const fall = restrictionWindows([daily('22:00:00', 8 * HOUR)], 'America/New_York', T('2026-11-01T00:00:00-04:00'), T('2026-11-01T12:00:00-05:00'));
    assert.deepEqual(show(fall, 'America/New_York'), ['2026-10-31T22:00:00-04:00 2026-11-01T06:00:00-05:00 ']);
    assert.deepEqual(hours(fall), [9]);
  });

  it("computes PagerDuty's rendered_coverage_percentage", () => {
    const e = [{ start: 0, end: 25, userId: 'a' }, { start: 50, end: 200, userId: 'b' }];
    assert.equal(coveragePercentage(e, 0, 100), 75);
    assert.equal(coveragePercentage([], 0, 100), 0);
  });
});
