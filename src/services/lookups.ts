import { findTeamsByIds, type Team } from '../accounts/index.js';
import { findEscalationPoliciesByIds, type EscalationPolicy } from '../escalation/index.js';
import type { Db } from '../store/db.js';

// What services reference, through the owning modules' index.ts: escalation policies and teams.

/** The escalation policies among `ids`, by id; deleted ones only with `includeDeleted`. */
export async function policiesById(db: Db, ids: string[], includeDeleted = false): Promise<Map<string, EscalationPolicy>> {
  if (ids.length === 0) return new Map();
  const list = await findEscalationPoliciesByIds(db, [...new Set(ids)], { includeDeleted });
  return new Map(list.map((p) => [p.id, p]));
}

/** The teams that exist among `ids`, by id. */
export async function teamsById(db: Db, ids: string[]): Promise<Map<string, Team>> {
  if (ids.length === 0) return new Map();
  const list = await findTeamsByIds(db, [...new Set(ids)]);
  return new Map(list.map((t) => [t.id, t]));
}
