// Fixtures of the "both ways, same database" property tests (events/set-based.test.ts,
// incidents/timer-batch.test.ts): a seeded PRNG, the account both runs start from, and a snapshot of
// every table the processor and the timer engine write, with generated ids replaced so that two runs
// compare.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestApp } from './app.js';

/** mulberry32: a small seeded PRNG, so a failing seed replays exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A service of a replay's account: its settings (POST /services) and its integrations, type by name. */
export interface ReplayService {
  settings: Record<string, unknown>;
  integrations: Record<string, string>;
}

/**
 * The account a replay starts from, the same in every run (names fixed, so only generated ids
 * differ): an escalation policy "EP" (`policy`: its rules and loops), a webhook subscription to every
 * incident event, and the services by name. Returns each integration, by name, with its service.
 */
export async function replayAccount(
  t: TestApp,
  policy: Record<string, unknown>,
  services: Record<string, ReplayService>,
): Promise<Map<string, { integrationId: string; serviceId: string }>> {
  const ok = (r: { statusCode: number; body: string }, code = 201) => assert.equal(r.statusCode, code, r.body);
  const ep = await t.request('POST', '/escalation_policies', { escalation_policy: { type: 'escalation_policy', name: 'EP', ...policy } });
  ok(ep);
  const policyRef = { id: ep.json().escalation_policy.id, type: 'escalation_policy_reference' };
  ok(
    await t.request('POST', '/webhook_subscriptions', {
      webhook_subscription: {
        type: 'webhook_subscription',
        delivery_method: { type: 'http_delivery_method', url: 'https://hooks.example.com/pd' },
        events: ['incident.triggered', 'incident.acknowledged', 'incident.resolved', 'incident.unacknowledged', 'incident.escalated'],
        filter: { type: 'account_reference' },
      },
    }),
    200,
  );
  const ids = new Map<string, { integrationId: string; serviceId: string }>();
  for (const [name, { settings, integrations }] of Object.entries(services)) {
    const s = await t.request('POST', '/services', { service: { type: 'service', name, escalation_policy: policyRef, ...settings } });
    ok(s);
    const serviceId = s.json().service.id as string;
    for (const [integration, type] of Object.entries(integrations)) {
      const i = await t.request('POST', `/services/${serviceId}/integrations`, { integration: { type, name: integration } });
      ok(i);
      ids.set(integration, { integrationId: i.json().integration.id, serviceId });
    }
  }
  return ids;
}

/**
 * Everything the processor writes, with generated ids replaced: object and log entry ids by the
 * order they first appear (event log first, in arrival order), random hex and UUIDs by a mark.
 */
export async function snapshot(t: TestApp): Promise<unknown> {
  const db = t.app.ctx.db;
  const rows = async (q: string) => (await sql.raw<Record<string, unknown>>(q).execute(db)).rows;
  const names = new Map<string, string>();
  const canon = (v: unknown): string =>
    JSON.stringify(v)
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
      .replace(/\b[0-9a-f]{32}\b/g, '<hex>')
      .replace(/\b(P[0-9A-Z]{6}|R[0-9A-Z]{13})\b/g, (id) => {
        let c = names.get(id);
        if (!c) names.set(id, (c = `${id[0]}#${names.size}`));
        return c;
      });
  const norm = (list: Array<Record<string, unknown>>, drop: string[] = []) =>
    list.map((r) => JSON.parse(canon(Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k)).map(([k, v]) => [k, v === null ? null : String(v)])))));
  const sorted = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();

  const setupIds = [
    ...(await rows('select id from services order by name')),
    ...(await rows('select id from integrations order by name')),
    ...(await rows('select id from users order by email')),
  ];
  canon(setupIds);
  const inbox = norm(await rows('select integration_id, action, dedup_key, outcome, alert_id, incident_id, processed_at from event_inbox order by seq'));
  const incidents = norm(await rows('select * from incidents order by incident_number'));
  const alerts = sorted(norm(await rows('select * from alerts order by created_at, alert_key, status')));
  // Log entry ids no other row names are numbered in the order of the entries without their ids.
  const logRows = await rows('select * from log_entries');
  const logKey = new Map(logRows.map((r) => [r, canon({ ...r, id: null })]));
  logRows.sort((a, b) => (logKey.get(a)! < logKey.get(b)! ? -1 : logKey.get(a)! > logKey.get(b)! ? 1 : 0));
  const logs = sorted(norm(logRows));
  // Outbox rows of one key go out in seq order: compare each key's sequence, keys as a set (grouped
  // by the key as stored: two notification rows' random keys are two sequences, not one).
  const byKey = new Map<string, unknown[]>();
  const outboxRows = await rows('select * from notify_outbox order by seq');
  norm(outboxRows, ['seq', 'id']).forEach((r, n) => {
    const k = String(outboxRows[n].key);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  });
  const outbox = sorted([...byKey.values()]);
  const timers = sorted(norm(await rows('select * from timers'), ['id', 'created_at']));
  const dirty = sorted(norm(await rows('select * from analytics_dirty')));
  const stamps = norm(await rows('select name, last_incident_timestamp from services order by name'));
  return { inbox, incidents, alerts, logs, outbox, timers, dirty, stamps };
}

