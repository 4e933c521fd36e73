// schedules: on-call schedules (PagerDuty's /schedules) and GET /oncalls; owns the tables schedules,
// schedule_layers, schedule_overrides and schedule_teams. Offers escalation and incidents who is on
// call on a schedule at an instant, and accounts the removal of a deleted user from schedules. Depends on
// accounts and the kernel only: escalation policies reach it through the injected PolicyPort.
export type { Entry, Override, Rendered, Restriction, ScheduleLayer } from './model.js';
export type { Schedule } from './schedule.js';
export type { OncallPolicy, PolicyPort } from './ports.js';
/** Who is on call on each schedule at an instant (deleted or unknown schedules: nobody). */
export { whoIsOnCall, type ScheduleOnCall } from './on-call-now.js';
/** Live (or, with includeDeleted, any) schedules by id, with layers and teams. */
export { findScheduleById, findSchedulesByIds } from './store.js';
/** The `schedule_reference` of a schedule. */
export { scheduleReference } from './present.js';
export { registerScheduleRoutes } from './routes.js';
export { registerOncallRoutes } from './oncall-routes.js';
export { registerCalendarFeedRoutes, registerCalendarUrlRoutes } from './feed-routes.js';
/** Takes a deleted user off every schedule from now on (a UserRemoval for accounts). */
export { removeUserFromSchedules } from './offboard.js';
/** A user's calendar feed URLs when the actor may see them (GET /users/{id}). */
export { userFeedUrlsFor } from './feeds.js';
/** On-call handoffs for notify's handoff notifications: the final schedule's handoffs, the schedule.handoff timer. */
export { scheduleHandoffs, setHandoffTimer, replanHandoffsOfUser, type Handoff } from './handoff.js';

import type { Db } from '../store/db.js';
import { listScheduleNamesByTeam } from './store.js';

/** Refuses deleting a team that owns schedules (an InUseCheck for accounts; PagerDuty's rule). */
export async function schedulesOfTeam(db: Db, teamId: string): Promise<string | null> {
  const names = await listScheduleNamesByTeam(db, teamId);
  return names.length ? `The team has schedules ${names.map((n) => `"${n}"`).join(', ')}; remove them from the team first.` : null;
}
