// The schedule pages' pure pieces (web/src/zoned.ts, web/src/schedule-draft.ts), run in Node: wall
// clocks across DST changes, and the form's mapping to PagerDuty's layer and restriction fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromWire, newLayer, toWire, virtualStart, type LayerDraft } from '../../web/src/schedule-draft.js';
import { dayStart, mondayOf, spanText, zonedToMs } from '../../web/src/zoned.js';

const NY = 'America/New_York';
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('zoned wall clocks', () => {
  it('puts a time skipped in spring as far past the gap, and a repeated autumn time at its first occurrence', () => {
    assert.equal(iso(zonedToMs({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY)), '2026-03-08T07:30:00.000Z');
    assert.equal(iso(zonedToMs({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY)), '2026-11-01T05:30:00.000Z');
    // Lord Howe moves 30 minutes: 02:15 does not exist on 4 October 2026 and happens at 02:45 (+11:00).
    assert.equal(iso(zonedToMs({ year: 2026, month: 10, day: 4, hour: 2, minute: 15 }, 'Australia/Lord_Howe')), '2026-10-03T15:45:00.000Z');
  });

  it('finds local midnights and Mondays in the zone, 23-hour days included', () => {
    assert.equal(iso(dayStart('2026-03-08', 0, NY)), '2026-03-08T05:00:00.000Z');
    assert.equal(iso(dayStart('2026-03-08', 1, NY)), '2026-03-09T04:00:00.000Z');
    // Sunday 8 March 23:30 in New York is already Monday in UTC: the week is still the one of 2 March.
    assert.equal(mondayOf(Date.parse('2026-03-09T03:30:00Z'), NY), '2026-03-02');
    assert.equal(mondayOf(Date.parse('2026-03-09T03:30:00Z'), 'UTC'), '2026-03-09');
  });

  it('prints a span with the day only where it changes', () => {
    assert.equal(spanText(Date.parse('2026-03-09T13:00:00Z'), Date.parse('2026-03-09T21:00:00Z'), NY), 'Mon 9 Mar, 09:00 – 17:00');
    assert.equal(spanText(Date.parse('2026-03-09T13:00:00Z'), Date.parse('2026-03-10T13:00:00Z'), 'UTC'), 'Mon 9 Mar, 13:00 – Tue 10 Mar, 13:00');
  });
});

describe('schedule form ↔ API', () => {
  const layer = (o: Partial<LayerDraft>): LayerDraft => ({ ...newLayer(1, NY), users: ['PUSER1'], ...o });

  it('anchors the rotation at the last handoff at or before the start, so the first user starts it', () => {
    // Weekly, Monday 09:00 handoff, starting Wednesday noon: the anchor is that week's Monday 09:00.
    assert.equal(iso(virtualStart(layer({ start: '2026-03-11T12:00', turn: 'weekly', handoffDay: 1, handoffTime: '09:00' }), NY)), '2026-03-09T13:00:00.000Z');
    // Daily 09:00 handoff starting at 08:00: the previous day's 09:00.
    assert.equal(iso(virtualStart(layer({ start: '2026-03-11T08:00', turn: 'daily', handoffTime: '09:00' }), NY)), '2026-03-10T13:00:00.000Z');
    // Across spring-forward the local handoff time holds (EST the day before, EDT the day of the start).
    assert.equal(iso(virtualStart(layer({ start: '2026-03-08T10:00', turn: 'daily', handoffTime: '09:00' }), NY)), '2026-03-08T13:00:00.000Z');
  });

  it('turns restrictions into start and duration, across midnight and the week boundary, and back', () => {
    const body = toWire({
      name: 'R',
      description: '',
      timeZone: NY,
      teams: ['PTEAM1'],
      layers: [
        layer({
          restrictions: [
            { type: 'daily_restriction', startDay: 1, startTime: '22:00', endDay: 1, endTime: '06:00' },
            { type: 'weekly_restriction', startDay: 5, startTime: '18:00', endDay: 1, endTime: '08:00' },
            { type: 'daily_restriction', startDay: 1, startTime: '09:00', endDay: 1, endTime: '09:00' },
          ],
        }),
      ],
    });
    const l = body.schedule.schedule_layers[0];
    assert.deepEqual(l.restrictions, [
      { type: 'daily_restriction', start_time_of_day: '22:00:00', duration_seconds: 8 * 3600 },
      { type: 'weekly_restriction', start_time_of_day: '18:00:00', start_day_of_week: 5, duration_seconds: 62 * 3600 },
      { type: 'daily_restriction', start_time_of_day: '09:00:00', duration_seconds: 86_400 },
    ]);
    assert.equal('end' in l, false, 'a layer without an end sends no end field');
    assert.deepEqual(body.schedule.teams, [{ id: 'PTEAM1', type: 'team_reference' }]);
    const back = fromWire({ ...body.schedule, schedule_layers: [{ ...l, id: 'PL1', end: null, users: [{ user: { id: 'PUSER1' } }] }] });
    assert.deepEqual(back.layers[0].restrictions.slice(0, 2), [
      { type: 'daily_restriction', startDay: 1, startTime: '22:00', endDay: 2, endTime: '06:00' },
      { type: 'weekly_restriction', startDay: 5, startTime: '18:00', endDay: 1, endTime: '08:00' },
    ]);
  });

  it('keeps a stored virtual start on edit, so saving a rotation started long ago does not change whose turn it is', () => {
    const stored = {
      name: 'Old',
      description: null,
      time_zone: NY,
      schedule_layers: [
        {
          id: 'PL1',
          name: 'Layer 1',
          start: '2026-03-11T12:00:00-04:00',
          end: null,
          rotation_virtual_start: '2024-01-03T09:00:00-05:00',
          rotation_turn_length_seconds: 86_400,
          users: [{ user: { id: 'A' } }, { user: { id: 'B' } }, { user: { id: 'C' } }],
          restrictions: [],
        },
      ],
    };
    const draft = fromWire(stored);
    const l = toWire(draft).schedule.schedule_layers[0];
    assert.equal(l.rotation_virtual_start, '2024-01-03T14:00:00.000Z');
    assert.equal(l.id, 'PL1');
    assert.equal(l.start, '2026-03-11T16:00:00.000Z');
    assert.deepEqual([draft.layers[0].turn, draft.layers[0].handoffTime], ['daily', '09:00']);
  });
});
