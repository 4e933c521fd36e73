// The SMTP door, end to end: recipients, limits, MIME decoding, malformed mail, hostile regexes and
// STARTTLS, against a running Tocsin on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { forEachDialect } from '../../src/testing/dialects.js';
import { alertsOf, converse, emailService, incidentsOf, responseCode, settle, startEmailApp } from './helpers.js';
import { countPendingEvents } from '../../src/events/index.js';
import { RawSmtp } from '../../src/email/test-fixtures.js';

forEachDialect((dialect) => {
  describe(`SMTP door (${dialect})`, async () => {
    const e = await startEmailApp(dialect, { TOCSIN_SMTP_MAX_MESSAGE_BYTES: '300000' })

    it('refuses an unknown address at RCPT with 550 and stores nothing', async () => {
      await settle(e);
      await assert.rejects(e.send({ to: 'nobody@tocsin.test', subject: 'x', text: 'y' }), responseCode(550));
      const r = await converse(e.smtpPort, ['EHLO t', 'MAIL FROM:<a@b.c>', 'RCPT TO:<nobody@tocsin.test>', 'QUIT']);
      assert.match(r[3], /^550 5\.1\.1/);
      assert.equal(await countPendingEvents(e.t.app.ctx.db), 0);
    });

    it('makes unguessable addresses, and drops a session that guesses more than 5', async () => {
      const s = await emailService(e);
      const i = await e.t.request('POST', `/services/${s.serviceId}/integrations`, { integration: { type: 'generic_email_inbound_integration', name: 'Guess me' } });
      assert.equal(i.statusCode, 201, i.body);
      const address = i.json().integration.integration_email as string;
      const m = /^(mail-[a-z0-9-]+-guess-me)-[0-9a-f]{12}@tocsin\.test$/.exec(address);
      assert.ok(m, address);
      // A prober on its own address (127.0.0.9) tries the names without the random part.
      const c = new RawSmtp(e.smtpPort, '127.0.0.9');
      await c.reply();
      await c.command('EHLO prober');
      await c.command('MAIL FROM:<a@b.c>');
      for (const guess of [m[1], 'guess-me', 'email', 'mail', 'alerts']) assert.match((await c.command(`RCPT TO:<${guess}@tocsin.test>`)) ?? '', /^550 5\.1\.1/);
      assert.match((await c.command('RCPT TO:<ops@tocsin.test>')) ?? '', /^421 4\.7\.1/);
      await c.ended();
      await e.send({ to: address, subject: 'found by its owner', text: 'x' });
      assert.deepEqual((await incidentsOf(e, s.serviceId)).map((x) => x.title), ['found by its owner']);
    });

    it('refuses the address of a deleted integration', async () => {
      const s = await emailService(e);
      const del = await e.t.request('DELETE', `/services/${s.serviceId}/integrations/${s.integrationId}`);
      assert.equal(del.statusCode, 204, del.body);
      await assert.rejects(e.send({ to: s.address, subject: 'x', text: 'y' }), responseCode(550));
      assert.equal((await incidentsOf(e, s.serviceId)).length, 0);
    });

    it('accepts addresses case-insensitively and makes one event per integration', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      await e.send({ to: [s.address.toUpperCase(), s.address], subject: 'twice addressed', text: 'x' });
      assert.equal((await incidentsOf(e, s.serviceId)).length, 1);
    });

    it('refuses oversize mail with 552 and stores nothing', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      await assert.rejects(e.send({ to: s.address, subject: 'big', text: 'x'.repeat(400_000) }), responseCode(552));
      const r = await converse(e.smtpPort, ['EHLO t', 'MAIL FROM:<a@b.c> SIZE=999999999', 'QUIT']);
      assert.match(r[2], /^552/);
      assert.equal((await incidentsOf(e, s.serviceId)).length, 0);
    });

    it('decodes HTML-only quoted-printable mail with a non-ASCII subject', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      await e.send({ to: s.address, subject: 'Störung: Datenbank ☠ nicht erreichbar', html: '<html><head><style>p{}</style></head><body><p>Grüße aus <b>Zürich</b></p><script>alert(1)</script></body></html>', textEncoding: 'quoted-printable' });
      const [inc] = await incidentsOf(e, s.serviceId);
      assert.equal(inc.title, 'Störung: Datenbank ☠ nicht erreichbar');
      const [alert] = await alertsOf(e, inc.id);
      assert.equal(alert.body.details.body, 'Grüße aus Zürich');
    });

    it('decodes base64 multipart mail and counts attachments without keeping them', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      await e.send({
        to: s.address,
        subject: 'Report',
        text: 'Täglicher Bericht – alles grün',
        html: '<p>ignored when there is text</p>',
        textEncoding: 'base64',
        attachments: [{ filename: 'r.csv', content: 'a,b\n1,2\n' }, { filename: 'x.bin', content: Buffer.alloc(5000, 7) }],
      });
      const [inc] = await incidentsOf(e, s.serviceId);
      const [alert] = await alertsOf(e, inc.id);
      assert.equal(alert.body.details.body, 'Täglicher Bericht – alles grün');
      assert.equal(alert.body.details.attachments, 2);
      assert.doesNotMatch(JSON.stringify(alert), /AAAA|BwcH/, 'attachment content is not stored');
    });

    it('turns malformed MIME into an incident rather than losing it', async () => {
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      const r = await converse(e.smtpPort, [
        'EHLO t', 'MAIL FROM:<mon@example.com>', `RCPT TO:<${s.address}>`, 'DATA',
        'Subject: =?utf-8?B?broken base64?=\r\nContent-Type: multipart/mixed; boundary="never"\r\nContent-Transfer-Encoding: base64\r\n\r\n\u0000%%% not mime at all\r\n--wrong\r\n.',
        'QUIT',
      ]);
      assert.match(r[5], /^250 /, r.join(' | '));
      assert.equal((await incidentsOf(e, s.serviceId)).length, 1);
    });

    it('runs a hostile regex on a large body without stalling', async () => {
      const s = await emailService(e, {
        email_incident_creation: 'use_rules',
        email_filter_mode: 'and-rules-email',
        email_filters: [{ subject_mode: 'always', body_mode: 'no-match', body_regex: '^(a+)+$', from_email_mode: 'always' }],
        email_parsers: [{ action: 'trigger', match_predicate: { type: 'regex', part: 'body', matcher: '(a|aa)+(b|c)$' }, value_extractors: [{ type: 'regex', part: 'body', value_name: 'incident_key', regex: '((?:a|a)+)!' }] }],
      });
      const started = Date.now();
      await e.send({ to: s.address, subject: 'evil', text: 'a'.repeat(50_000) + '!' });
      const ms = Date.now() - started;
      assert.ok(ms < 5000, `SMTP answered after ${ms} ms`);
      assert.equal((await incidentsOf(e, s.serviceId)).length, 1, 'the fallback opens an incident');
    });
  });

  describe(`SMTP STARTTLS (${dialect})`, () => {
    it('offers STARTTLS when a certificate is configured and takes mail over it', async (t) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-tls-'));
      const cert = path.join(dir, 'cert.pem');
      const key = path.join(dir, 'key.pem');
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
      } catch {
        t.skip('openssl is not available');
        return;
      }
      const e = await startEmailApp(dialect, { TOCSIN_TLS_CERT: cert, TOCSIN_TLS_KEY: key });
      const s = await emailService(e, { email_incident_creation: 'on_new_email' });
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: e.smtpPort, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
      const info = await transport.sendMail({ from: 'a@example.com', to: s.address, subject: 'over TLS', text: 'x' });
      assert.match(info.response, /^250 /);
      assert.equal((await incidentsOf(e, s.serviceId))[0].title, 'over TLS');
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
});
