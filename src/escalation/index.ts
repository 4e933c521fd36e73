// escalation: escalation policies, their rules (targets of users) and their teams; owns the tables
// escalation_policies, escalation_rules and escalation_policy_teams. Offers policy lookups to incidents
// (level 1 on trigger, next level on escalation). Depends on accounts (users and teams as targets and
// owners); it must not know about services (their references are injected into its routes).
export type { EscalationPolicy, EscalationRule, EscalationTarget, TargetType } from './model.js';
/**
 * Policies with their rules (in order) and team ids. Deleted policies are left out unless
 * `{ includeDeleted: true }` is passed (then `deletedAt` is set), e.g. to name them in references.
 */
export { findEscalationPolicyById, findEscalationPoliciesByIds, type FindOptions } from './store.js';
/** Names of policies of a team (used to refuse deleting it). */
export { listPolicyNamesByTeam } from './store.js';
/** Takes a deleted user out of every policy's rules (a UserRemoval for accounts). */
export { removeUserFromPolicies } from './offboard.js';
/** The `escalation_policy_reference` of a policy. */
export { escalationPolicyReference } from './present.js';
/** The wire form of policies (targets, teams, services as references unless included). */
export { renderPolicies, type ServiceRefsOf } from './render.js';
export { registerEscalationRoutes } from './routes.js';

import type { Db } from '../store/db.js';
import { listPoliciesTargetingSchedules, listPolicyNamesByTeam } from './store.js';

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/** Refuses deleting a team that owns escalation policies (an InUseCheck for accounts). */
export async function policiesOfTeam(db: Db, teamId: string): Promise<string | null> {
  const names = await listPolicyNamesByTeam(db, teamId);
  return names.length ? `The team has escalation policies ${quoted(names)}; remove them from the team first.` : null;
}

/** What schedules need of escalation policies (references, names, rules for /oncalls). */
export { schedulePolicyPort } from './oncall-port.js';

/** Live policies that target the schedule, with their `on_call_handoff_notifications` (notify's handoff notices). */
export async function policiesTargetingSchedule(db: Db, scheduleId: string): Promise<Array<{ id: string; onCallHandoffNotifications: 'if_has_services' | 'always' }>> {
  return (await listPoliciesTargetingSchedules(db, [scheduleId])).get(scheduleId) ?? [];
}
