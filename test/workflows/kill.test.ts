// A workflow run interrupted by kill -9 finishes after a restart without repeating a step whose
// effect left the process: a real server, a real local receiver, SQLite and PostgreSQL. The server
// is killed while the second HTTP step waits for its retry (its first attempt got a 500); after
// the restart the first step is not sent again, the second is retried and the run completes.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startServer, stopServer, type ServerProcess } from '../../bench/ingest/server-process.js';
import { restAs, serverStorage } from '../fixtures/server.js';
import { DIALECTS } from '../../src/testing/dialects.js';
import { startReceiver } from './receiver.js';

const TOKEN = 'flows_kill_token_aaaaaaaaaaa';
const A = (name: string) => `pagerduty.com:incident-workflows:${name}:1`;

const rest = restAs(TOKEN);

async function until<T>(what: string, fn: () => Promise<T | null>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: a workflow run survives kill -9`, () => {
    const servers: ServerProcess[] = [];
    after(async () => {
      for (const s of servers) await stopServer(s, 'SIGKILL').catch(() => undefined);
    });
    const storage = serverStorage(dialect, 'flowskill');

    it('finishes after the restart, never sending a completed HTTP step twice', { timeout: 180_000 }, async () => {
      const receiver = await startReceiver();
      after(() => receiver.close());
      receiver.answer('/second', [500, 200]);
      const databaseUrl = await storage.databaseUrl();
      const env = {
        TOCSIN_DATABASE_URL: databaseUrl,
        TOCSIN_DATA_DIR: storage.dir,
        TOCSIN_BOOTSTRAP_TOKEN: TOKEN,
        TOCSIN_BOOTSTRAP_EMAIL: 'owner@example.com',
        TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true',
        TOCSIN_WORKFLOW_RETRY_BASE_MS: '3000',
      };
      let server = await startServer(env);
      servers.push(server);
      const me = await rest(server, 'GET', '/users/me');
      const ep = await rest(server, 'POST', '/escalation_policies', {
        escalation_policy: { type: 'escalation_policy', name: 'kill', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.user.id, type: 'user_reference' }] }] },
      });
      const svc = await rest(server, 'POST', '/services', { service: { type: 'service', name: 'kill', escalation_policy: { id: ep.escalation_policy.id, type: 'escalation_policy_reference' } } });
      const inputs = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
      const w = await rest(server, 'POST', '/incident_workflows', {
        incident_workflow: {
          name: 'Survives',
          steps: [
            { name: 'First call', action_configuration: { action_id: A('send-http-request'), inputs: inputs({ URL: `${receiver.url}/first` }) } },
            { name: 'Second call', action_configuration: { action_id: A('send-http-request'), inputs: inputs({ URL: `${receiver.url}/second` }) } },
            { name: 'Note', action_configuration: { action_id: A('add-note'), inputs: inputs({ Note: 'workflow done' }) } },
          ],
        },
      });
      await rest(server, 'POST', '/incident_workflows/triggers', {
        trigger: { trigger_type: 'conditional', condition: "incident.title matches part 'kill'", workflow: { id: w.incident_workflow.id }, services: [{ id: svc.service.id }] },
      });
      const incident = (await rest(server, 'POST', '/incidents', { incident: { type: 'incident', title: 'kill -9 me', service: { id: svc.service.id, type: 'service_reference' } } })).incident;
      const runOf = async () => (await rest(server, 'GET', `/incidents/${incident.id}/incident_workflow_instances`)).incident_workflow_instances[0] ?? null;

      // The second step's first answer (500) is recorded: the run waits for its retry.
      await until('the second step to wait for its retry', async () => ((await runOf())?.steps[1].status === 'retrying' ? true : null));
      await stopServer(server, 'SIGKILL');
      assert.equal(receiver.received.filter((r) => r.path === '/first').length, 1);
      assert.equal(receiver.received.filter((r) => r.path === '/second').length, 1);

      server = await startServer(env);
      servers.push(server);
      const run = await until('the run to complete', async () => {
        const r = await runOf();
        return r?.status === 'completed' || r?.status === 'failed' ? r : null;
      });
      assert.equal(run.status, 'completed', JSON.stringify(run));
      assert.deepEqual(run.steps.map((s: { status: string; attempts: number }) => [s.status, s.attempts]), [['succeeded', 1], ['succeeded', 2], ['succeeded', 1]]);
      assert.equal(receiver.received.filter((r) => r.path === '/first').length, 1, 'the completed step was not sent again');
      assert.equal(receiver.received.filter((r) => r.path === '/second').length, 2);
      const notes = (await rest(server, 'GET', `/incidents/${incident.id}/notes`)).notes;
      assert.deepEqual(notes.map((n: { content: string }) => n.content), ['workflow done']);
      await stopServer(server);
    });
  });
}
