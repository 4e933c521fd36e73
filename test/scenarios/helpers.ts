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
