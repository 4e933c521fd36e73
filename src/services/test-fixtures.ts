// Test-only fixtures for the services and integrations tests, through the public API
// (src/testing/builders.ts for policies and teams).
import assert from 'node:assert/strict';
import type { TeamRole } from '../accounts/index.js';
import type { TestApp } from '../testing/app.js';
import { buildEscalationPolicy, buildTeam } from '../testing/builders.js';

let seq = 0;

/** An escalation policy (POST /escalation_policies) with one rule targeting the owner. */
export async function makePolicy(t: TestApp, name = `Policy ${process.pid} ${seq++}`): Promise<{ id: string; name: string }> {
  const p = await buildEscalationPolicy(t, { name });
  return { id: p.id, name: p.name };
}

/** A team (POST /teams) with members. */
export async function makeTeam(t: TestApp, members: Array<{ userId: string; role: TeamRole }> = [], name = `Team ${process.pid} ${seq++}`): Promise<{ id: string; name: string }> {
  return buildTeam(t, { name, members });
}

/** POST /services as the owner (or `token`), asserting 201; returns the service object. */
export async function makeService(
  t: TestApp,
  policyId: string,
  fields: Record<string, unknown> = {},
  token?: string,
): Promise<Record<string, any>> {
  const res = await t.request('POST', '/services', { service: { name: `Service ${seq++}`, escalation_policy: { id: policyId, type: 'escalation_policy_reference' }, ...fields } }, token ? { token } : {});
  assert.equal(res.statusCode, 201, res.body);
  return res.json().service;
}
