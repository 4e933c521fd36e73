// Incident-creation modes, end to end: real mail over SMTP to a running Tocsin, incidents read back
// through the REST API, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../../src/testing/dialects.js';
import { alertsOf, emailService, incidentsOf, logEntriesOf, resolve, startEmailApp } from './helpers.js';

forEachDialect((dialect) => {
  describe(`email incident creation modes (${dialect})`, async () => {
    const e = await startEmailApp(dialect)

    it('shows sender, subject and body on the alert and an email trigger log entry', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      const info = await e.send({ to: s.address, from: 'Nagios <nagios@mon.example.com>', subject: 'PROBLEM: db1 DOWN', text: 'Host db1 is down\nsince 10:00' });
      assert.match(info.response, /^250 /);
      const [inc] = await incidentsOf(e, s.serviceId);
      assert.equal(inc.title, 'PROBLEM: db1 DOWN');
      assert.equal(inc.status, 'triggered');
      const [alert] = await alertsOf(e, inc.id);
      assert.equal(alert.body.details.from, 'nagios@mon.example.com');
      assert.equal(alert.body.details.subject, 'PROBLEM: db1 DOWN');
      assert.equal(alert.body.details.body, 'Host db1 is down\nsince 10:00');
      assert.equal(alert.body.details.attachments, 0);
      const trigger = (await logEntriesOf(e, inc.id)).find((l) => l.type === 'trigger_log_entry');
      assert.equal(trigger?.channel.type, 'email');
      assert.equal(trigger?.channel.from, 'nagios@mon.example.com');
      assert.equal(trigger?.channel.subject, 'PROBLEM: db1 DOWN');
      assert.equal(trigger?.agent.id, s.integrationId);
    });

    it('on_new_email: every message opens a new incident, even with the same subject', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      for (let i = 0; i < 3; i++) await e.send({ to: s.address, subject: 'Disk full', text: `try ${i}` });
      const incs = await incidentsOf(e, s.serviceId);
      assert.equal(incs.length, 3);
      assert.equal(new Set(incs.map((i) => i.incident_key)).size, 3);
    });

    it('on_new_email_subject: same-subject mail joins the open incident; another subject opens one', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email_subject' });
      await e.send({ to: s.address, subject: 'CPU high on web1', text: 'first' });
      await e.send({ to: s.address, subject: 'CPU high on web1', text: 'second' });
      await e.send({ to: s.address, subject: 'Memory low on web2', text: 'other' });
      const incs = await incidentsOf(e, s.serviceId);
      assert.deepEqual(incs.map((i) => i.title), ['CPU high on web1', 'Memory low on web2']);
      const triggers = (await logEntriesOf(e, incs[0].id)).filter((l) => l.type === 'trigger_log_entry');
      assert.equal(triggers.length, 2, 'the second mail is added to the open incident');
      assert.deepEqual(triggers.map((l) => l.channel.body).sort(), ['first', 'second']);
      // Once resolved, the same subject opens a new incident.
      await resolve(e, incs[0].id);
      await e.send({ to: s.address, subject: 'CPU high on web1', text: 'third' });
      const after = await incidentsOf(e, s.serviceId);
      assert.equal(after.length, 3);
      assert.equal(after[2].status, 'triggered');
    });

    it('is on_new_email_subject by default', async () => {
      const s = await emailService(e);
      await e.send({ to: s.address, subject: 'Same', text: 'a' });
      await e.send({ to: s.address, subject: 'Same', text: 'b' });
      assert.equal((await incidentsOf(e, s.serviceId)).length, 1);
    });

    it('only_if_no_open_incidents: one open incident at a time, whatever the subject', async () => {
      const s = await emailService(e, { email_incident_creation: 'only_if_no_open_incidents' });
      await e.send({ to: s.address, subject: 'first alarm', text: 'a' });
      await e.send({ to: s.address, subject: 'second alarm', text: 'b' });
      let incs = await incidentsOf(e, s.serviceId);
      assert.equal(incs.length, 1);
      assert.equal((await logEntriesOf(e, incs[0].id)).filter((l) => l.type === 'trigger_log_entry').length, 2);
      await resolve(e, incs[0].id);
      await e.send({ to: s.address, subject: 'third alarm', text: 'c' });
      incs = await incidentsOf(e, s.serviceId);
      assert.equal(incs.length, 2);
      assert.equal(incs[1].title, 'third alarm');
    });

    it('opens incidents keyed by the subject on a create_incidents service (no alerts)', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email_subject' }, { alert_creation: 'create_incidents' });
      await e.send({ to: s.address, subject: 'Legacy', text: 'x' });
      await e.send({ to: s.address, subject: 'Legacy', text: 'y' });
      const incs = await incidentsOf(e, s.serviceId);
      assert.equal(incs.length, 1);
      assert.equal(incs[0].incident_key, 'Legacy');
    });
  });
});
