// Test builders for the event path: a test app, and services with integrations made through the
// REST API (the same path users take), so the fixtures break when the wire contract does.
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../testing/app.js';
import type { Dialect } from '../store/db.js';

export interface EventsTestApp extends TestApp {
  policyId: string;
  /** A service (POST /services, settings merged in) with one integration; returns ids and key. */
  service(settings?: Record<string, unknown>, integration?: Record<string, unknown>): Promise<{ serviceId: string; integrationId: string; key: string }>;
  /** Another integration on a service. */
  integration(serviceId: string, integration?: Record<string, unknown>): Promise<{ integrationId: string; key: string }>;
  /** POST without a token (the events scope). */
  send(url: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  /** Runs the processor until the inbox is empty. */
  drain(): Promise<number>;
  /** The incidents of a service, as GET /incidents shows them (all statuses). */
  incidents(serviceId: string): Promise<any[]>;
}

let n = 0;

export async function buildEventsTestApp(dialect: Dialect, env: Record<string, string> = {}): Promise<EventsTestApp> {
  const t = await buildTestApp(dialect, { TOCSIN_EVENTS_RATE_LIMIT: '100000', ...env });
  const ep = await t.request('POST', '/escalation_policies', {
    escalation_policy: {
      type: 'escalation_policy',
      name: `EP ${n++}`,
      escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: t.ownerId, type: 'user_reference' }] }],
    },
  });
  assert.equal(ep.statusCode, 201, ep.body);
  const policyId = ep.json().escalation_policy.id as string;
  const integration = async (serviceId: string, over: Record<string, unknown> = {}) => {
    const r = await t.request('POST', `/services/${serviceId}/integrations`, {
      integration: { type: 'events_api_v2_inbound_integration', name: `int ${n++}`, ...over },
    });
    assert.equal(r.statusCode, 201, r.body);
    const i = r.json().integration;
    return { integrationId: i.id as string, key: i.integration_key as string };
  };
  return {
    ...t,
    policyId,
    integration,
    async service(settings = {}, integ = {}) {
      const r = await t.request('POST', '/services', {
        service: { type: 'service', name: `svc ${n++}`, escalation_policy: { id: policyId, type: 'escalation_policy_reference' }, ...settings },
      });
      assert.equal(r.statusCode, 201, r.body);
      const serviceId = r.json().service.id as string;
      return { serviceId, ...(await integration(serviceId, integ)) };
    },
    async send(url, body, headers = {}) {
      const r = await t.app.http.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      let json: unknown;
      try {
        json = r.json();
      } catch {
        json = r.body;
      }
      return { status: r.statusCode, json };
    },
    drain: () => t.app.events.processor.drain(),
    async incidents(serviceId) {
      const r = await t.request('GET', `/incidents?service_ids[]=${serviceId}&date_range=all&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved&limit=100`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json().incidents;
    },
  };
}

export const trigger = (key: string, over: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
  routing_key: key,
  event_action: 'trigger',
  payload: { summary: 'CPU high on web-1', source: 'web-1', severity: 'critical', ...payload },
  ...over,
});
