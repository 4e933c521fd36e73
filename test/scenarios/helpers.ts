// Shared pieces of the lifecycle scenarios: services made through POST /services, and a fast-forward
// that advances the fake clock timer by timer so every effect happens at its own due time.
import assert from 'node:assert/strict';
import type { TestApp } from '../../src/testing/app.js';
import { OWNER_EMAIL } from '../../src/testing/app.js';

let seq = 0;

/** A service made with POST /services; `settings` are merged into the service body (wire names). */
export async function makeService(t: TestApp, policyId: string, settings: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const name = `Svc ${process.pid.toString(36)}-${seq++}`;
  const res = await t.request(
    'POST',
    '/services',
    { service: { type: 'service', name, escalation_policy: { id: policyId, type: 'escalation_policy_reference' }, ...settings } },
    { headers: { from: OWNER_EMAIL } },
  );
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().service.id, name };
}

/**
 * Moves the fake clock forward by `ms`, stopping at each pending timer's due time on the way and
 * running what is due there (GoAlert's FastForward), then runs what is due at the end.
 */
export async function fastForward(t: TestApp, ms: number): Promise<void> {
  const target = t.clock.now() + ms;
  for (let i = 0; i < 10_000; i++) {
    const next = await t.app.engine.nextDueAt();
    if (next === null || next > target) break;
    if (next > t.clock.now()) t.clock.set(next);
    await t.app.engine.runDue();
  }
  t.clock.set(target);
  await t.app.engine.runDue();
}

export const MIN = 60_000;

const from = { headers: { from: OWNER_EMAIL } };

/** POST /incidents on the service as the owner; returns the incident's wire object. */
export async function createIncident(t: TestApp, serviceId: string, over: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.request(
    'POST',
    '/incidents',
    { incident: { type: 'incident', title: `Incident ${seq++}`, service: { id: serviceId, type: 'service_reference' }, ...over } },
    from,
  );
  assert.equal(res.statusCode, 201, res.body);
  return res.json().incident;
}

export async function getIncident(t: TestApp, id: string): Promise<Record<string, any>> {
  const res = await t.request('GET', `/incidents/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().incident;
}

/** PUT /incidents/{id} as the owner. */
export async function updateIncident(t: TestApp, id: string, fields: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await t.request('PUT', `/incidents/${id}`, { incident: { type: 'incident', ...fields } }, from);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().incident;
}

/** The incident's log entries, oldest first, as [type, minutes since `since`]. */
export async function logOf(t: TestApp, id: string, since: number): Promise<Array<[string, number]>> {
  const res = await t.request('GET', `/incidents/${id}/log_entries?limit=100`);
  assert.equal(res.statusCode, 200, res.body);
  const entries = res.json().log_entries as Array<{ type: string; created_at: string }>;
  return entries
    .map((e): [string, number] => [e.type.replace(/_log_entry$/, ''), (Date.parse(e.created_at) - since) / MIN])
    .sort((a, b) => a[1] - b[1]);
}

/** Assignee user ids of the incident. */
export const assignees = (i: Record<string, any>) => (i.assignments as Array<{ assignee: { id: string } }>).map((a) => a.assignee.id);

export { from };
