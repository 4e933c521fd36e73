/** A maintenance window: while ongoing, its services open no incidents and show status `maintenance`. */
export interface MaintenanceWindow {
  id: string;
  sequenceNumber: number;
  startTime: number;
  endTime: number;
  description: string | null;
  createdBy: string | null;
  createdAt: number;
  serviceIds: string[];
}

export type WindowState = 'past' | 'ongoing' | 'future';

/** Ongoing from start_time (inclusive) to end_time (exclusive). */
export function windowState(w: Pick<MaintenanceWindow, 'startTime' | 'endTime'>, now: number): WindowState {
  if (w.endTime <= now) return 'past';
  if (w.startTime <= now) return 'ongoing';
  return 'future';
}

export type WindowFilter = 'past' | 'future' | 'ongoing' | 'open' | 'all';

/**
 * PagerDuty's time rules: a start in the past becomes now; the end must be after the start and in
 * the future. Returns the clean times or the reasons they are invalid.
 */
export function normalizeTimes(start: number, end: number, now: number): { start: number; end: number } | string[] {
  const errors: string[] = [];
  if (!Number.isFinite(start)) errors.push('Start time is not a valid date.');
  if (!Number.isFinite(end)) errors.push('End time is not a valid date.');
  if (errors.length) return errors;
  const s = Math.max(start, now);
  if (end <= now) errors.push('End time must be in the future.');
  if (end <= s) errors.push('End time must be after the start time.');
  return errors.length ? errors : { start: s, end };
}
