// Test fixtures built through the public HTTP API of a TestApp (as the owner), so a schema change breaks
// them in one place. Modules append their builders here; keep each one small.
import assert from 'node:assert/strict';
import { createApiToken } from '../accounts/index.js';
import type { Role, TeamRole } from '../accounts/index.js';
import type { TestApp } from './app.js';
import { OWNER_EMAIL } from './app.js';

let seq = 0;
const next = () => `${process.pid.toString(36)}${(seq++).toString(36)}`;

async function created(t: TestApp, url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await t.request('POST', url, body, { headers: { from: OWNER_EMAIL } });
  assert.equal(res.statusCode, 201, `POST ${url}: ${res.body}`);
  return res.json() as Record<string, unknown>;
}

export interface BuiltUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** A user-level REST API token of this user. */
  token: string;
}

/** A user made with POST /users, plus a user-level token for them. */
export async function buildUser(t: TestApp, o: { role?: Role; name?: string; email?: string } = {}): Promise<BuiltUser> {
  const n = next();
  const body = { user: { type: 'user', name: o.name ?? `User ${n}`, email: o.email ?? `user.${n}@example.com`, role: o.role ?? 'user' } };
  const user = (await created(t, '/users', body)).user as { id: string; name: string; email: string; role: Role };
  const token = await createApiToken(t.app.ctx.db, t.app.ctx, { userId: user.id });
  return { id: user.id, name: user.name, email: user.email, role: user.role, token };
}

/** A team made with POST /teams, with members added by PUT /teams/{id}/users/{user_id}. */
export async function buildTeam(
  t: TestApp,
  o: { name?: string; members?: Array<{ userId: string; role: TeamRole }> } = {},
): Promise<{ id: string; name: string }> {
  const team = (await created(t, '/teams', { team: { type: 'team', name: o.name ?? `Team ${next()}` } })).team as {
    id: string;
    name: string;
  };
  for (const m of o.members ?? []) {
    const res = await t.request('PUT', `/teams/${team.id}/users/${m.userId}`, { role: m.role });
    assert.equal(res.statusCode, 204, res.body);
  }
  return { id: team.id, name: team.name };
}

/**
 * An escalation policy made with POST /escalation_policies: one rule per entry of `rules` (user ids),
 * or a single rule of `targets`.
 */
export async function buildEscalationPolicy(
  t: TestApp,
  o: { targets?: string[]; rules?: string[][]; name?: string; delay?: number; numLoops?: number; teamIds?: string[] } = {},
): Promise<{ id: string; name: string; ruleIds: string[] }> {
  const rules = o.rules ?? [o.targets ?? [t.ownerId]];
  const body = {
    escalation_policy: {
      type: 'escalation_policy',
      name: o.name ?? `Policy ${next()}`,
      num_loops: o.numLoops ?? 0,
      escalation_rules: rules.map((ids) => ({
        escalation_delay_in_minutes: o.delay ?? 30,
        targets: ids.map((id) => ({ id, type: 'user_reference' })),
      })),
      teams: (o.teamIds ?? []).map((id) => ({ id, type: 'team_reference' })),
    },
  };
  const ep = (await created(t, '/escalation_policies', body)).escalation_policy as {
    id: string;
    name: string;
    escalation_rules: Array<{ id: string }>;
  };
  return { id: ep.id, name: ep.name, ruleIds: ep.escalation_rules.map((r) => r.id) };
}

/**
 * An on-call schedule made with POST /schedules: one layer per entry of `layers` (user ids), each a
 * rotation of `turnSeconds` (default a day) from `start` (default 2026-01-05T09:00:00Z) in `timeZone` (UTC).
 */
export async function buildSchedule(
  t: TestApp,
  o: { layers: string[][]; name?: string; timeZone?: string; start?: string; turnSeconds?: number; teamIds?: string[] },
): Promise<{ id: string; name: string; layerIds: string[] }> {
  const start = o.start ?? '2026-01-05T09:00:00Z';
  const body = {
    schedule: {
      type: 'schedule',
      name: o.name ?? `Schedule ${next()}`,
      time_zone: o.timeZone ?? 'UTC',
      schedule_layers: o.layers.map((ids) => ({
        start,
        rotation_virtual_start: start,
        rotation_turn_length_seconds: o.turnSeconds ?? 86_400,
        users: ids.map((id) => ({ user: { id, type: 'user_reference' } })),
      })),
      teams: (o.teamIds ?? []).map((id) => ({ id, type: 'team_reference' })),
    },
  };
  const s = (await created(t, '/schedules', body)).schedule as { id: string; name: string; schedule_layers: Array<{ id: string }> };
  // The wire lists layers highest first; layerIds[i] is the layer of layers[i].
  return { id: s.id, name: s.name, layerIds: s.schedule_layers.map((l) => l.id).reverse() };
}
