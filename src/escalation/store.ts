import { sql, type Selectable } from 'kysely';
import { likeContains } from '../store/like.js';
import type { Db } from '../store/db.js';
import { fromJson, jsonArrayHas, toJson, type Json } from '../store/json.js';
import type { EscalationPolicy, EscalationRule, EscalationTarget, HandoffNotifications } from './model.js';

interface PoliciesTable {
  id: string;
  name: string;
  description: string | null;
  num_loops: number;
  on_call_handoff_notifications: string;
  created_at: number;
  deleted_at: number | null;
}

interface RulesTable {
  id: string;
  policy_id: string;
  position: number;
  escalation_delay_in_minutes: number;
  assignment_strategy: string | null;
  targets: Json<EscalationTarget[]>;
}

interface PolicyTeamsTable {
  policy_id: string;
  team_id: string;
}

interface Tables {
  escalation_policies: PoliciesTable;
  escalation_rules: RulesTable;
  escalation_policy_teams: PolicyTeamsTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'escalation/store': Tables;
  }
}

function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const list = out.get(key(x));
    if (list) list.push(x);
    else out.set(key(x), [x]);
  }
  return out;
}

async function hydrate(db: Db, rows: Selectable<PoliciesTable>[]): Promise<EscalationPolicy[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const rules = await db.selectFrom('escalation_rules').selectAll().where('policy_id', 'in', ids).orderBy('position').execute();
  const teams = await db.selectFrom('escalation_policy_teams').selectAll().where('policy_id', 'in', ids).orderBy('team_id').execute();
  return assemble(rows, rules, teams);
}

function assemble(rows: Selectable<PoliciesTable>[], rules: Selectable<RulesTable>[], teams: Selectable<PolicyTeamsTable>[]): EscalationPolicy[] {
  // Grouped once: /oncalls hydrates every policy, and a filter per policy was quadratic.
  const rulesOf = groupBy(rules, (x) => x.policy_id);
  const teamsOf = groupBy(teams, (x) => x.policy_id);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    numLoops: Number(r.num_loops),
    onCallHandoffNotifications: r.on_call_handoff_notifications as HandoffNotifications,
    createdAt: Number(r.created_at),
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
    teamIds: (teamsOf.get(r.id) ?? []).map((x) => x.team_id),
    rules: (rulesOf.get(r.id) ?? [])
      .map(
        (x): EscalationRule => ({
          id: x.id,
          escalationDelayInMinutes: Number(x.escalation_delay_in_minutes),
          assignmentStrategy: x.assignment_strategy,
          targets: fromJson<EscalationTarget[]>(x.targets, []),
        }),
      ),
  }));
}

export interface FindOptions {
  /** Also return deleted policies (with `deletedAt` set), e.g. to name them in references. */
  includeDeleted?: boolean;
}

/** A policy that is not deleted (or any, with includeDeleted), or null. */
export async function findEscalationPolicyById(db: Db, id: string, opts: FindOptions = {}): Promise<EscalationPolicy | null> {
  return (await findEscalationPoliciesByIds(db, [id], opts))[0] ?? null;
}

export async function findEscalationPoliciesByIds(db: Db, ids: readonly string[], opts: FindOptions = {}): Promise<EscalationPolicy[]> {
  if (ids.length === 0) return [];
  let q = db.selectFrom('escalation_policies').selectAll().where('id', 'in', [...ids]);
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null);
  return hydrate(db, await q.execute());
}

export interface PolicyFilter {
  query?: string;
  userIds?: string[];
  teamIds?: string[];
  sortDesc?: boolean;
  limit: number;
  offset: number;
}

/** The element `escalation_rules.targets` holds for a target of the user. */
const userTarget = (userId: string) => ({ type: 'user_reference', id: userId });

/** Live policies with a rule that targets each schedule (schedule id → policies, by name). */
export async function listPoliciesTargetingSchedules(db: Db, scheduleIds: readonly string[]): Promise<Map<string, Array<{ id: string; name: string; onCallHandoffNotifications: HandoffNotifications }>>> {
  const out = new Map<string, Array<{ id: string; name: string; onCallHandoffNotifications: HandoffNotifications }>>();
  if (scheduleIds.length === 0) return out;
  const rows = await db
    .selectFrom('escalation_rules')
    .innerJoin('escalation_policies', 'escalation_policies.id', 'escalation_rules.policy_id')
    .select(['escalation_policies.id', 'escalation_policies.name', 'escalation_policies.on_call_handoff_notifications', 'escalation_rules.targets'])
    .where('escalation_policies.deleted_at', 'is', null)
    .where((w) => w.or(scheduleIds.map((id) => jsonArrayHas(db, w.ref('escalation_rules.targets'), { type: 'schedule_reference', id }))))
    .orderBy('escalation_policies.name')
    .execute();
  for (const r of rows) {
    const targets = fromJson<EscalationTarget[]>(r.targets, []);
    for (const id of scheduleIds) {
      if (!targets.some((x) => x.type === 'schedule_reference' && x.id === id)) continue;
      const list = out.get(id) ?? [];
      if (!list.some((p) => p.id === r.id)) list.push({ id: r.id, name: r.name, onCallHandoffNotifications: r.on_call_handoff_notifications as HandoffNotifications });
      out.set(id, list);
    }
  }
  return out;
}

/**
 * Every live policy (or those of `ids`) with its rules: /oncalls reads them all. Without `ids` the
 * rules and teams are selected by a join, not a list of a thousand bound ids (SQLite compiles such a
 * statement afresh each time, which cost more than reading the rows).
 */
export async function listLivePolicies(db: Db, ids?: readonly string[]): Promise<EscalationPolicy[]> {
  if (ids) return ids.length === 0 ? [] : findEscalationPoliciesByIds(db, ids);
  const rows = await db.selectFrom('escalation_policies').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
  const rules = await db
    .selectFrom('escalation_rules')
    .innerJoin('escalation_policies', 'escalation_policies.id', 'escalation_rules.policy_id')
    .selectAll('escalation_rules')
    .where('escalation_policies.deleted_at', 'is', null)
    .orderBy('escalation_rules.position')
    .execute();
  const teams = await db
    .selectFrom('escalation_policy_teams')
    .innerJoin('escalation_policies', 'escalation_policies.id', 'escalation_policy_teams.policy_id')
    .selectAll('escalation_policy_teams')
    .where('escalation_policies.deleted_at', 'is', null)
    .orderBy('escalation_policy_teams.team_id')
    .execute();
  return assemble(rows, rules, teams);
}

/** A page of policies and the count of all that match. Name order, then id, for a stable order. */
export async function listEscalationPolicies(db: Db, f: PolicyFilter): Promise<{ items: EscalationPolicy[]; count: number }> {
  let q = db.selectFrom('escalation_policies').where('deleted_at', 'is', null);
  if (f.query) q = q.where(likeContains(sql`lower(name)`, f.query.toLowerCase()));
  if (f.teamIds && f.teamIds.length) {
    const teamIds = f.teamIds;
    q = q.where('id', 'in', (eb) => eb.selectFrom('escalation_policy_teams').select('policy_id').where('team_id', 'in', teamIds));
  }
  if (f.userIds && f.userIds.length) {
    const userIds = f.userIds;
    q = q.where('id', 'in', (eb) =>
      eb
        .selectFrom('escalation_rules')
        .select('policy_id')
        .where((w) => w.or(userIds.map((u) => jsonArrayHas(db, w.ref('targets'), userTarget(u))))),
    );
  }
  const c = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const dir = f.sortDesc ? 'desc' : 'asc';
  const rows = await q
    .selectAll()
    .orderBy((eb) => eb.fn('lower', ['name']), dir)
    .orderBy('id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { items: await hydrate(db, rows), count: Number(c.n) };
}

/** Writes the policy row, its rules and its teams (replacing any existing rules and teams). */
export async function insertEscalationPolicy(db: Db, p: EscalationPolicy): Promise<void> {
  await db
    .insertInto('escalation_policies')
    .values({
      id: p.id,
      name: p.name,
      description: p.description,
      num_loops: p.numLoops,
      on_call_handoff_notifications: p.onCallHandoffNotifications,
      created_at: p.createdAt,
    })
    .execute();
  await writeRules(db, p);
  await writeTeams(db, p.id, p.teamIds);
}

export async function updateEscalationPolicy(db: Db, p: EscalationPolicy): Promise<void> {
  await db
    .updateTable('escalation_policies')
    .set({
      name: p.name,
      description: p.description,
      num_loops: p.numLoops,
      on_call_handoff_notifications: p.onCallHandoffNotifications,
    })
    .where('id', '=', p.id)
    .execute();
  await db.deleteFrom('escalation_rules').where('policy_id', '=', p.id).execute();
  await writeRules(db, p);
  await writeTeams(db, p.id, p.teamIds);
}

async function writeRules(db: Db, p: EscalationPolicy): Promise<void> {
  if (p.rules.length === 0) return;
  await db
    .insertInto('escalation_rules')
    .values(
      p.rules.map((r, i) => ({
        id: r.id,
        policy_id: p.id,
        position: i,
        escalation_delay_in_minutes: r.escalationDelayInMinutes,
        assignment_strategy: r.assignmentStrategy,
        targets: toJson(r.targets.map((x) => ({ type: x.type, id: x.id })))!,
      })),
    )
    .execute();
}

async function writeTeams(db: Db, policyId: string, teamIds: string[]): Promise<void> {
  await db.deleteFrom('escalation_policy_teams').where('policy_id', '=', policyId).execute();
  if (teamIds.length === 0) return;
  await db
    .insertInto('escalation_policy_teams')
    .values(teamIds.map((team_id) => ({ policy_id: policyId, team_id })))
    .execute();
}

/** Marks the policy deleted; its rules stay so that references to it still resolve. */
export async function deleteEscalationPolicy(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('escalation_policies').set({ deleted_at: at }).where('id', '=', id).execute();
}

export async function insertPolicyTeam(db: Db, policyId: string, teamId: string): Promise<void> {
  const exists = await db
    .selectFrom('escalation_policy_teams')
    .select('team_id')
    .where('policy_id', '=', policyId)
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  if (!exists) await db.insertInto('escalation_policy_teams').values({ policy_id: policyId, team_id: teamId }).execute();
}

export async function deletePolicyTeam(db: Db, policyId: string, teamId: string): Promise<void> {
  await db.deleteFrom('escalation_policy_teams').where('policy_id', '=', policyId).where('team_id', '=', teamId).execute();
}

/** Names of the policies that belong to the team. */
export async function listPolicyNamesByTeam(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('escalation_policies')
    .innerJoin('escalation_policy_teams', 'escalation_policy_teams.policy_id', 'escalation_policies.id')
    .select('escalation_policies.name')
    .where('escalation_policy_teams.team_id', '=', teamId)
    .where('escalation_policies.deleted_at', 'is', null)
    .orderBy('escalation_policies.name')
    .execute();
  return rows.map((r) => r.name);
}

/** Ids and names of the live policies with a rule that targets the user, by name. */
export async function listPoliciesTargetingUser(db: Db, userId: string): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('escalation_policies')
    .select(['id', 'name'])
    .where('deleted_at', 'is', null)
    .where('id', 'in', (eb) =>
      eb.selectFrom('escalation_rules').select('policy_id').where((w) => jsonArrayHas(db, w.ref('targets'), userTarget(userId))),
    )
    .orderBy('name')
    .orderBy('id')
    .execute();
}
