// A 250 from Tocsin's SMTP server means the mail's event is committed: stream mail to a real server
// process over several connections, kill -9 it mid-stream, restart it on the same database, and
// check that every message answered 250 has its incident, none twice. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { startServer, stopServer, type ServerProcess } from '../../bench/ingest/server-process.js';
import { restAs, serverStorage } from '../fixtures/server.js';
import { DIALECTS } from '../../src/testing/dialects.js';

const TOKEN = 'email_crash_token_aaaaaaaaaa';

const rest = restAs(TOKEN);

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function titles(s: ServerProcess, serviceId: string): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await rest(s, 'GET', `/incidents?service_ids[]=${serviceId}&date_range=all&limit=100&offset=${offset}`);
    out.push(...page.incidents.map((i: { title: string }) => i.title));
    if (!page.more) return out;
  }
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: kill -9 while mail streams in loses no accepted message`, () => {
    const storage = serverStorage(dialect, 'mailcrash');

    it('every 250 has its incident after a restart', { timeout: 180_000 }, async () => {
      const databaseUrl = await storage.databaseUrl();
      const smtpPort = await freePort();
      const env = {
        TOCSIN_DATABASE_URL: databaseUrl, TOCSIN_DATA_DIR: storage.dir, TOCSIN_BOOTSTRAP_TOKEN: TOKEN, TOCSIN_BOOTSTRAP_EMAIL: 'owner@example.com',
        TOCSIN_SMTP_PORT: String(smtpPort), TOCSIN_EMAIL_DOMAIN: 'crash.test', TOCSIN_SMTP_RATE_LIMIT: '1000000', TOCSIN_LOG_LEVEL: 'warn',
      };
      let server = await startServer({ ...env, TOCSIN_LOG_LEVEL: 'info' });
      const me = await rest(server, 'GET', '/users/me');
      const ep = await rest(server, 'POST', '/escalation_policies', {
        escalation_policy: { type: 'escalation_policy', name: 'crash', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.user.id, type: 'user_reference' }] }] },
      });
      const svc = await rest(server, 'POST', '/services', { service: { type: 'service', name: 'mail crash', escalation_policy: { id: ep.escalation_policy.id, type: 'escalation_policy_reference' } } });
      const serviceId = svc.service.id as string;
      const integ = await rest(server, 'POST', `/services/${serviceId}/integrations`, { integration: { type: 'generic_email_inbound_integration', name: 'mail', email_incident_creation: 'on_new_email_subject' } });
      const address = integ.integration.integration_email as string;

      const accepted = new Set<string>();
      let killed = false;
      let senders = 6;
      const worker = async (w: number) => {
        const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
        try {
          for (let i = 0; !killed; i++) {
            const subject = `crash w${w} m${i}`;
            try {
              const info = await transport.sendMail({ from: 'mon@example.com', to: address, subject, text: 'x' });
              if (/^250 /.test(info.response)) accepted.add(subject);
            } catch {
              return; // the server is gone
            }
          }
        } finally {
          senders--;
          transport.close();
        }
      };
      const workers = Array.from({ length: senders }, (_, w) => worker(w));
      while (accepted.size < 120) {
        // Fail rather than wait for ever (past the test's timeout) when every sender gave up before the kill.
        if (senders === 0) assert.fail(`every sender stopped before the kill, after ${accepted.size} accepted messages`);
        await new Promise((r) => setTimeout(r, 5));
      }
      server.child.kill('SIGKILL');
      killed = true;
      await server.exited;
      await Promise.all(workers);

      server = await startServer({ ...env, TOCSIN_LOG_LEVEL: 'info' });
      try {
        let seen = await titles(server, serviceId);
        const deadline = Date.now() + 60_000;
        while ([...accepted].some((s) => !seen.includes(s)) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
          seen = await titles(server, serviceId);
        }
        assert.deepEqual([...accepted].filter((s) => !seen.includes(s)), [], `accepted mail without an incident (of ${accepted.size})`);
        assert.equal(new Set(seen).size, seen.length, 'a message applied twice');
      } finally {
        await stopServer(server);
      }
    });
  });
}
