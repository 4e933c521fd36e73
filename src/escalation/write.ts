import { can, findTeamsByIds, findUserById, type Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import { findScheduleById } from '../schedules/index.js';
import { MAX_TARGETS_PER_RULE, type EscalationPolicy, type EscalationRule, type EscalationTarget, type HandoffNotifications } from './model.js';
import {
  deleteEscalationPolicy,
  deletePolicyTeam,
  findEscalationPolicyById,
  insertEscalationPolicy,
  insertPolicyTeam,
  updateEscalationPolicy,
} from './store.js';

/** A policy as the API takes it (snake_case wire names); undefined means "not given" (PUT is partial). */
export interface PolicyInput {
  name?: string;
  description?: string | null;
  num_loops?: number;
  on_call_handoff_notifications?: HandoffNotifications;
  escalation_rules?: Array<{
    id?: string;
    escalation_delay_in_minutes: number;
    targets: Array<{ id: string; type: string }>;
    escalation_rule_assignment_strategy?: string | { type?: string } | null;
  }>;
  teams?: Array<{ id: string }>;
}

/** Live services' references by policy id (injected from services through src/routes.ts). */
export type ServiceRefsByPolicyIds = (db: Db, policyIds: string[]) => Promise<Map<string, Array<{ id: string; summary: string | null }>>>;

const USER_TYPES = new Set(['user', 'user_reference']);
const SCHEDULE_TYPES = new Set(['schedule', 'schedule_reference', 'schedule_v3_reference']);

function strategyOf(raw: string | { type?: string } | null | undefined): string | null | 'invalid' {
  const v = typeof raw === 'string' ? raw : (raw?.type ?? null);
  if (v === null || v === 'assign_to_everyone') return v;
  return 'invalid';
}

/** Checks the rules and their targets (users that exist); keeps ids of rules the policy already has. */
async function normalizeRules(db: Db, ids: Ids, input: NonNullable<PolicyInput['escalation_rules']>, existing: EscalationRule[]): Promise<EscalationRule[]> {
  const errors: string[] = [];
  if (input.length === 0) errors.push('At least one escalation rule must be provided');
  const rules: EscalationRule[] = [];
  for (const [i, r] of input.entries()) {
    const n = i + 1;
    if (!Number.isInteger(r.escalation_delay_in_minutes) || r.escalation_delay_in_minutes < 1) {
      errors.push(`Escalation rule ${n}: escalation_delay_in_minutes must be a whole number of minutes, at least 1.`);
    }
    if (r.targets.length === 0) errors.push(`Escalation rule ${n} must have at least one target.`);
    if (r.targets.length > MAX_TARGETS_PER_RULE) errors.push(`Escalation rule ${n} may have at most ${MAX_TARGETS_PER_RULE} targets.`);
    const strategy = strategyOf(r.escalation_rule_assignment_strategy);
    if (strategy === 'invalid') {
      errors.push(`Escalation rule ${n}: Tocsin assigns every target of a rule (assign_to_everyone); round_robin is not supported.`);
    }
    const targets: EscalationTarget[] = [];
    for (const target of r.targets) {
      if (SCHEDULE_TYPES.has(target.type)) {
        if (!(await findScheduleById(db, target.id))) errors.push(`Escalation rule ${n}: schedule ${target.id} does not exist.`);
        else if (!targets.some((x) => x.type === 'schedule_reference' && x.id === target.id)) targets.push({ type: 'schedule_reference', id: target.id });
      } else if (!USER_TYPES.has(target.type)) {
        errors.push(`Escalation rule ${n}: target type ${target.type} is not one of user_reference, user, schedule_reference or schedule.`);
      } else if (!(await findUserById(db, target.id))) {
        errors.push(`Escalation rule ${n}: user ${target.id} does not exist.`);
      } else if (!targets.some((x) => x.type === 'user_reference' && x.id === target.id)) {
        targets.push({ type: 'user_reference', id: target.id });
      }
    }
    const kept = r.id && existing.some((x) => x.id === r.id) && !rules.some((x) => x.id === r.id) ? r.id : null;
    rules.push({
      id: kept ?? ids.id(),
      escalationDelayInMinutes: r.escalation_delay_in_minutes,
      assignmentStrategy: strategy === 'invalid' ? null : strategy,
      targets,
    });
  }
  if (errors.length) throw new InvalidInputError(errors);
  return rules;
}

async function normalizeTeams(db: Db, teams: Array<{ id: string }>): Promise<string[]> {
  const ids = [...new Set(teams.map((t) => t.id))];
  if (ids.length > 1) throw new InvalidInputError('An escalation policy may belong to at most one team.');
  const found = await findTeamsByIds(db, ids);
  const missing = ids.filter((id) => !found.some((t) => t.id === id));
  if (missing.length) throw new InvalidInputError(missing.map((id) => `Team ${id} does not exist.`));
  return ids;
}

function normalizeName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (!n) throw new InvalidInputError('Name cannot be empty.');
  return n;
}

const DENIED = 'Only the account owner, admins, users and managers of the policy’s team may change escalation policies.';

export async function createEscalationPolicy(db: Db, deps: { clock: Clock; ids: Ids }, actor: Actor, input: PolicyInput): Promise<EscalationPolicy> {
  const teamIds = await normalizeTeams(db, input.teams ?? []);
  if (!can(actor, 'escalation_policies.write', teamIds)) throw new ForbiddenError(DENIED);
  const name = normalizeName(input.name);
  if (!input.escalation_rules || input.escalation_rules.length === 0) throw new InvalidInputError('At least one escalation rule must be provided');
  const policy: EscalationPolicy = {
    id: deps.ids.id(),
    name,
    description: input.description ?? null,
    numLoops: input.num_loops ?? 0,
    onCallHandoffNotifications: input.on_call_handoff_notifications ?? 'if_has_services',
    rules: await normalizeRules(db, deps.ids, input.escalation_rules, []),
    teamIds,
    createdAt: deps.clock.now(),
    deletedAt: null,
  };
  await insertEscalationPolicy(db, policy);
  return policy;
}

async function loadPolicy(db: Db, id: string): Promise<EscalationPolicy> {
  const p = await findEscalationPolicyById(db, id);
  if (!p) throw new NotFoundError('Escalation Policy', id);
  return p;
}

export async function updateEscalationPolicyById(db: Db, deps: { ids: Ids }, actor: Actor, id: string, input: PolicyInput): Promise<EscalationPolicy> {
  const old = await loadPolicy(db, id);
  if (!can(actor, 'escalation_policies.write', old.teamIds)) throw new ForbiddenError(DENIED);
  const teamIds = input.teams === undefined ? old.teamIds : await normalizeTeams(db, input.teams);
  if (!can(actor, 'escalation_policies.write', teamIds)) throw new ForbiddenError(DENIED);
  const next: EscalationPolicy = {
    ...old,
    name: input.name === undefined ? old.name : normalizeName(input.name),
    description: input.description === undefined ? old.description : input.description,
    numLoops: input.num_loops ?? old.numLoops,
    onCallHandoffNotifications: input.on_call_handoff_notifications ?? old.onCallHandoffNotifications,
    rules: input.escalation_rules === undefined ? old.rules : await normalizeRules(db, deps.ids, input.escalation_rules, old.rules),
    teamIds,
  };
  await updateEscalationPolicy(db, next);
  return next;
}

/** Deletes a policy no live service uses; otherwise a 400 naming the services. */
export async function deleteEscalationPolicyById(
  db: Db,
  deps: { clock: Clock },
  actor: Actor,
  id: string,
  serviceRefs: ServiceRefsByPolicyIds,
): Promise<void> {
  const old = await loadPolicy(db, id);
  if (!can(actor, 'escalation_policies.write', old.teamIds)) throw new ForbiddenError(DENIED);
  const services = (await serviceRefs(db, [id])).get(id) ?? [];
  if (services.length) {
    throw new InvalidInputError(
      `This escalation policy is in use by ${services.length === 1 ? 'a service' : `${services.length} services`} and cannot be deleted: ` +
        services.map((s) => s.summary ?? s.id).join(', ') +
        '. Give those services another escalation policy first.',
    );
  }
  await deleteEscalationPolicy(db, id, deps.clock.now());
}

/**
 * PUT /teams/{id}/escalation_policies/{ep_id}: puts the policy in the team. A policy has at most one
 * team (PagerDuty's rule), so a policy of another team is refused rather than silently moved.
 */
export async function addPolicyToTeam(db: Db, actor: Actor, teamId: string, policyId: string): Promise<void> {
  const policy = await loadPolicy(db, policyId);
  await normalizeTeamRef(db, teamId);
  if (!can(actor, 'escalation_policies.write', policy.teamIds) || !can(actor, 'escalation_policies.write', [teamId])) {
    throw new ForbiddenError(DENIED);
  }
  if (policy.teamIds.includes(teamId)) return;
  if (policy.teamIds.length > 0) {
    throw new InvalidInputError('An escalation policy may belong to at most one team; remove it from its current team first.');
  }
  await insertPolicyTeam(db, policyId, teamId);
}

/** DELETE /teams/{id}/escalation_policies/{ep_id}: takes the policy out of the team (no-op if it is not in it). */
export async function removePolicyFromTeam(db: Db, actor: Actor, teamId: string, policyId: string): Promise<void> {
  const policy = await loadPolicy(db, policyId);
  await normalizeTeamRef(db, teamId);
  if (!can(actor, 'escalation_policies.write', policy.teamIds)) throw new ForbiddenError(DENIED);
  await deletePolicyTeam(db, policyId, teamId);
}

async function normalizeTeamRef(db: Db, teamId: string): Promise<void> {
  const [team] = await findTeamsByIds(db, [teamId]);
  if (!team) throw new NotFoundError('Team', teamId);
}
