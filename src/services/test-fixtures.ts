// Test-only fixtures for the services and integrations tests: policies and teams written as rows,
// until /escalation_policies and /teams routes are committed (then use src/testing/builders.ts).
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { TeamRole } from '../accounts/index.js';
import type { TestApp } from '../testing/app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const raw = (t: TestApp) => t.app.ctx.db as Kysely<any>;
let seq = 0;

/** An escalation policy row with one rule targeting the owner. */
export async function makePolicy(t: TestApp, name = `Policy ${seq++}`): Promise<{ id: string; name: string }> {
  const id = t.app.ctx.ids.id();
  await raw(t).insertInto('escalation_policies').values({ id, name, description: null, num_loops: 0, on_call_handoff_notifications: 'if_has_services', created_at: t.clock.now() }).execute();
  await raw(t)
    .insertInto('escalation_rules')
    .values({ id: t.app.ctx.ids.id(), policy_id: id, position: 0, escalation_delay_in_minutes: 30, assignment_strategy: null, targets: JSON.stringify([{ type: 'user_reference', id: t.ownerId }]) })
    .execute();
  return { id, name };
}

/** A team row, with members. */
export async function makeTeam(t: TestApp, members: Array<{ userId: string; role: TeamRole }> = [], name = `Team ${seq++}`): Promise<{ id: string; name: string }> {
  const id = t.app.ctx.ids.id();
  await raw(t).insertInto('teams').values({ id, name, description: null, default_role: 'manager', created_at: t.clock.now() }).execute();
  for (const m of members) await raw(t).insertInto('team_members').values({ team_id: id, user_id: m.userId, role: m.role }).execute();
  return { id, name };
}

/** POST /services as the owner (or `token`), asserting 201; returns the service object. */
export async function makeService(
  t: TestApp,
  policyId: string,
  fields: Record<string, unknown> = {},
  token?: string,
): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await t.request('POST', '/services', { service: { name: `Service ${seq++}`, escalation_policy: { id: policyId, type: 'escalation_policy_reference' }, ...fields } }, token ? { token } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json().service;
}
