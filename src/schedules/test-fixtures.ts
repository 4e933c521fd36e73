// Builders of the renderer's inputs for the schedule tests (render.test.ts pins cases,
// render-oracle.test.ts checks random ones): times in epoch ms, durations in seconds.
import type { Override, Restriction, ScheduleLayer } from './model.js';

export const T = (s: string) => Date.parse(s);
export const HOUR = 3600;
export const DAY = 86_400;
export const WEEK = 7 * DAY;

/** A layer of one-day turns from `rotationVirtualStart`, unrestricted unless `p` says otherwise. */
export function layer(p: Partial<ScheduleLayer> & { rotationVirtualStart: number; userIds: string[] }): ScheduleLayer {
  return { id: 'PL1', name: 'Layer 1', start: p.rotationVirtualStart, end: null, rotationTurnLengthSeconds: DAY, restrictions: [], ...p };
}
export const daily = (startTimeOfDay: string, durationSeconds: number): Restriction => ({ type: 'daily_restriction', startTimeOfDay, startDayOfWeek: null, durationSeconds });
export const weekly = (startDayOfWeek: number, startTimeOfDay: string, durationSeconds: number): Restriction => ({ type: 'weekly_restriction', startTimeOfDay, startDayOfWeek, durationSeconds });
export const override = (id: string, start: string, end: string, userId: string): Override => ({ id, start: T(start), end: T(end), userId });
