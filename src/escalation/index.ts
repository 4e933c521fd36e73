// escalation: escalation policies, their rules (targets of users) and their teams; owns the tables
// escalation_policies, escalation_rules and escalation_policy_teams. Offers policy lookups to incidents
// (level 1 on trigger, next level on escalation). Depends on accounts (users and teams as targets and
// owners); it must not know about services (their references are injected into its routes).
export type { EscalationPolicy, EscalationRule, EscalationTarget, TargetType } from './model.js';
/** A policy with its rules (in order) and team ids, or null. */
export { findEscalationPolicyById, findEscalationPoliciesByIds } from './store.js';
/** Names of policies of a team / targeting a user (used to refuse deleting them). */
export { listPolicyNamesByTeam, listPolicyNamesTargetingUser } from './store.js';
/** The `escalation_policy_reference` of a policy. */
export { escalationPolicyReference } from './present.js';
