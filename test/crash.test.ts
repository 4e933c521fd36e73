// A 202 from /v2/enqueue means the event is committed: send a stream of events to a real server
// process, kill -9 it mid-stream, restart it on the same database, and check that every event
// answered 202 is reflected in incidents (each trigger's key has its incident; each acknowledged
// trigger+resolve pair is resolved), and none was applied twice. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startServer, stopServer, type ServerProcess } from '../bench/ingest/server-process.js';
import { restAs, serverStorage } from './fixtures/server.js';
import { DIALECTS } from '../src/testing/dialects.js';

const TOKEN = 'crash_test_token_aaaaaaaaaaaa';

const rest = restAs(TOKEN);

async function setup(s: ServerProcess, n: number): Promise<string[]> {
  const me = await rest(s, 'GET', '/users/me');
  const ep = await rest(s, 'POST', '/escalation_policies', {
    escalation_policy: { type: 'escalation_policy', name: 'crash', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.user.id, type: 'user_reference' }] }] },
  });
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const svc = await rest(s, 'POST', '/services', { service: { type: 'service', name: `crash ${i}`, escalation_policy: { id: ep.escalation_policy.id, type: 'escalation_policy_reference' } } });
    const integ = await rest(s, 'POST', `/services/${svc.service.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'api' } });
    keys.push(integ.integration.integration_key);
  }
  return keys;
}

async function allIncidents(s: ServerProcess): Promise<Array<{ incident_key: string; status: string }>> {
  const out: Array<{ incident_key: string; status: string }> = [];
  for (let offset = 0; ; offset += 100) {
    const page = await rest(s, 'GET', `/incidents?date_range=all&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved&limit=100&offset=${offset}`);
    out.push(...page.incidents);
    if (!page.more) return out;
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: kill -9 mid-stream loses no acknowledged event`, () => {
    const storage = serverStorage(dialect, 'crash');

    it('every 202 is in the database after a restart', { timeout: 180_000 }, async () => {
      const databaseUrl = await storage.databaseUrl();
      const env = { TOCSIN_DATABASE_URL: databaseUrl, TOCSIN_DATA_DIR: storage.dir, TOCSIN_BOOTSTRAP_TOKEN: TOKEN, TOCSIN_BOOTSTRAP_EMAIL: 'owner@example.com', TOCSIN_EVENTS_RATE_LIMIT: '1000000' };
      let server = await startServer(env);
      const keys = await setup(server, 4);

      const triggered = new Set<string>();
      const resolvedPairs = new Set<string>();
      let sent = 0;
      let killed = false;
      const send = async (body: unknown): Promise<boolean> => {
        try {
          const r = await fetch(server.url + '/v2/enqueue', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          await r.text();
          return r.status === 202;
        } catch {
          return false;
        }
      };
      // 16 concurrent senders; a sender stops at its first failure (the server is gone).
      const worker = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const key = keys[(w + i) % keys.length];
          const dedup = `w${w}-e${i}`;
          sent++;
          if (i % 3 === 2) {
            // A trigger then, once it is acknowledged, its resolve.
            if (!(await send({ routing_key: key, event_action: 'trigger', dedup_key: dedup, payload: { summary: dedup, source: 'crash', severity: 'error' } }))) return;
            triggered.add(dedup);
            if (!(await send({ routing_key: key, event_action: 'resolve', dedup_key: dedup }))) return;
            resolvedPairs.add(dedup);
          } else {
            if (!(await send({ routing_key: key, event_action: 'trigger', dedup_key: dedup, payload: { summary: dedup, source: 'crash', severity: 'error' } }))) return;
            triggered.add(dedup);
          }
        }
      };
      const workers = Array.from({ length: 16 }, (_, w) => worker(w));
      while (triggered.size < 400) await new Promise((r) => setTimeout(r, 5));
      server.child.kill('SIGKILL');
      killed = true;
      await server.exited;
      await Promise.all(workers);
      assert.ok(triggered.size >= 400);

      server = await startServer(env);
      try {
        // Wait for the processor to apply the backlog.
        let incidents = await allIncidents(server);
        const deadline = Date.now() + 60_000;
        while ([...triggered].some((k) => !incidents.find((i) => i.incident_key === k)) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          incidents = await allIncidents(server);
        }
        const byKey = new Map<string, Array<{ status: string }>>();
        for (const i of incidents) byKey.set(i.incident_key, [...(byKey.get(i.incident_key) ?? []), i]);
        const missing = [...triggered].filter((k) => !byKey.has(k));
        assert.deepEqual(missing, [], `acknowledged triggers without an incident (of ${triggered.size}, ${sent} sent)`);
        const open = [...resolvedPairs].filter((k) => byKey.get(k)!.some((i) => i.status !== 'resolved'));
        assert.deepEqual(open, [], 'acknowledged resolves not applied');
        const doubled = [...byKey].filter(([, list]) => list.length > 1).map(([k]) => k);
        assert.deepEqual(doubled, [], 'keys applied twice');
      } finally {
        await stopServer(server);
      }
    });
  });
}
