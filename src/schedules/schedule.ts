// The stored schedule around the renderer's model (model.ts is the rendering engine's pure shapes).
import type { Override, ScheduleLayer } from './model.js';

export interface Schedule {
  id: string;
  name: string;
  description: string | null;
  /** IANA zone the layers' handoffs and restrictions are counted in. */
  timeZone: string;
  /** Ordered: index 0 is the first (lowest-priority) layer. */
  layers: ScheduleLayer[];
  teamIds: string[];
  /** Bumped by every write to the schedule or its overrides (keys caches of rendered spans). */
  revision: number;
  createdAt: number;
  deletedAt: number | null;
}

/** An override as stored: the renderer's Override plus when it was made (creation order is `seq`). */
export interface StoredOverride extends Override {
  scheduleId: string;
  createdAt: number;
}

/** A schedule with the overrides that matter for a window, ready for the renderer. */
export interface ScheduleWithOverrides {
  schedule: Schedule;
  overrides: StoredOverride[];
}

/** What rendering needs of a schedule (a Schedule is one). */
export type RenderableSchedule = Pick<Schedule, 'id' | 'name' | 'timeZone' | 'layers' | 'revision' | 'deletedAt'>;
