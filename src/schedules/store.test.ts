import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertUser } from '../accounts/store.js';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import type { Schedule } from './schedule.js';
import {
  deleteOverride,
  deleteSchedule,
  findScheduleById,
  insertOverrides,
  insertSchedule,
  listOverridesOverlapping,
  listRenderable,
  listSchedulesWithUser,
  truncateOverride,
  updateSchedule,
} from './store.js';

const H = 3_600_000;

function schedule(id: string, name: string, userIds: string[]): Schedule {
  return {
    id,
    name,
    description: null,
    timeZone: 'Europe/Berlin',
    teamIds: [],
    revision: 0,
    createdAt: 1000,
    deletedAt: null,
    layers: [
      {
        id: `L${id}`,
        name: 'Layer 1',
        start: 0,
        end: null,
        rotationVirtualStart: 0,
        rotationTurnLengthSeconds: 86_400,
        userIds,
        restrictions: [{ type: 'weekly_restriction', startTimeOfDay: '18:00:00', startDayOfWeek: 5, durationSeconds: 3600 * 62 }],
      },
    ],
  };
}

forEachDialect((dialect) => {
  describe(`${dialect}: schedules store`, async () => {
    const { db } = await openTestDatabase(dialect);
    for (const u of ['PUSER01', 'PUSER02']) await insertUser(db, { id: u, name: u, email: `${u}@example.com`, role: 'user', createdAt: 0 });

    it('round-trips a schedule with its layers, users (repeats kept) and restrictions', async () => {
      const s = schedule('PSCH001', 'Alpha', ['PUSER01', 'PUSER02', 'PUSER01']);
      await insertSchedule(db, s);
      assert.deepEqual(await findScheduleById(db, 'PSCH001'), s);
    });

    it('bumps the revision on every change to the schedule or its overrides', async () => {
      const rev = async () => (await findScheduleById(db, 'PSCH001', { includeDeleted: true }))!.revision;
      const s = (await findScheduleById(db, 'PSCH001'))!;
      await updateSchedule(db, { ...s, name: 'Alpha 2' });
      assert.equal(await rev(), 1);
      await insertOverrides(db, [{ id: 'POVR001', scheduleId: s.id, userId: 'PUSER02', start: 10 * H, end: 12 * H, createdAt: 5 }]);
      assert.equal(await rev(), 2);
      await truncateOverride(db, { id: 'POVR001', scheduleId: s.id }, 11 * H);
      assert.equal(await rev(), 3);
      await deleteOverride(db, { id: 'POVR001', scheduleId: s.id });
      assert.equal(await rev(), 4);
      const [r] = await listRenderable(db, { ids: [s.id] }, () => undefined);
      assert.deepEqual([r.revision, r.layers.length, r.timeZone], [4, 1, 'Europe/Berlin']);
      // Layers already known for the revision are not read again.
      const [cached] = await listRenderable(db, { ids: [s.id] }, (_id, revision) => (revision === 4 ? [] : undefined));
      assert.deepEqual(cached.layers, []);
    });

    it('keeps overrides in creation order across inserts and finds those overlapping a window', async () => {
      await insertSchedule(db, schedule('PSCH002', 'Beta', ['PUSER01']));
      await insertOverrides(db, [
        { id: 'POVR00B', scheduleId: 'PSCH002', userId: 'PUSER02', start: 10 * H, end: 12 * H, createdAt: 7 },
        { id: 'POVR00A', scheduleId: 'PSCH002', userId: 'PUSER01', start: 11 * H, end: 13 * H, createdAt: 7 },
      ]);
      await insertOverrides(db, [{ id: 'POVR000', scheduleId: 'PSCH002', userId: 'PUSER02', start: 20 * H, end: 21 * H, createdAt: 7 }]);
      const ids = async (since: number, until: number) => (await listOverridesOverlapping(db, ['PSCH002'], since, until)).map((o) => o.id);
      assert.deepEqual(await ids(0, 30 * H), ['POVR00B', 'POVR00A', 'POVR000']);
      assert.deepEqual(await ids(12 * H, 20 * H), ['POVR00A']);
      assert.deepEqual(await ids(13 * H, 20 * H), []);
    });

    it('names the live schedules a user is on (layer or override not yet over)', async () => {
      assert.deepEqual((await listSchedulesWithUser(db, 'PUSER02', 0)).map((s) => s.name), ['Alpha 2', 'Beta']);
      assert.deepEqual((await listSchedulesWithUser(db, 'PUSER02', 30 * H)).map((s) => s.name), ['Alpha 2']);
      await deleteSchedule(db, 'PSCH001', 1);
      assert.deepEqual(await listSchedulesWithUser(db, 'PUSER02', 30 * H), []);
      assert.equal(await findScheduleById(db, 'PSCH001'), null);
      assert.equal((await findScheduleById(db, 'PSCH001', { includeDeleted: true }))?.deletedAt, 1);
    });
  });
});
