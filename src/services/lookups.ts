import type { Kysely } from 'kysely';
import { findEscalationPoliciesByIds, type EscalationPolicy } from '../escalation/index.js';
import type { Db } from '../store/db.js';

// Lookups of what services reference. Policies come through escalation/index.ts. Teams: TEMPORARY
// read-only lookup of the accounts module's `teams` table (names and existence only), until
// accounts/index.ts exports a team lookup; this file is the one place services touches that table.

interface Tables {
  teams: { id: string; name: string };
}
const t = (db: Db) => db as unknown as Kysely<Tables>;

/** The escalation policies that exist among `ids`, by id. */
export async function policiesById(db: Db, ids: string[]): Promise<Map<string, EscalationPolicy>> {
  if (ids.length === 0) return new Map();
  const list = await findEscalationPoliciesByIds(db, [...new Set(ids)]);
  return new Map(list.map((p) => [p.id, p]));
}

/** id → name of the teams that exist among `ids`. */
export async function teamNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await t(db).selectFrom('teams').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
