// src/schedules/model.ts — times are epoch milliseconds; user ids are Tocsin user ids.
// Pure domain types of on-call schedules (PagerDuty's Schedule, ScheduleLayer, Restriction, Override);
// the rendering engine over them lives in render.ts. No I/O here.

export interface Restriction {
  type: 'daily_restriction' | 'weekly_restriction';
  /** Local wall-clock start in the schedule's zone, "HH:MM:SS". */
  startTimeOfDay: string;
  /** weekly_restriction only: ISO day of week, 1 = Monday … 7 = Sunday. */
  startDayOfWeek: number | null;
  durationSeconds: number;
}
export interface ScheduleLayer {
  id: string;
  name: string;
  start: number;
  end: number | null;
  rotationVirtualStart: number;
  rotationTurnLengthSeconds: number;
  /** Ordered rotation; the same user may appear more than once. */
  userIds: string[];
  restrictions: Restriction[];
}
export interface Override { id: string; start: number; end: number; userId: string }
/** One rendered span: the user on call from start (inclusive) to end (exclusive). */
export interface Entry { start: number; end: number; userId: string }
export interface Rendered {
  /** One list per layer, in the layer order given (index 0 = the first, lowest-priority layer). */
  layers: Entry[][];
  overrides: Entry[];
  final: Entry[];
}
