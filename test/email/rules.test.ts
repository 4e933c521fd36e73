// Filters and parsing rules, end to end over SMTP, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../../src/testing/dialects.js';
import { alertsOf, emailService, incidentsOf, logEntriesOf, startEmailApp } from './helpers.js';

const filter = (over: Record<string, unknown>) => ({ subject_mode: 'always', body_mode: 'always', from_email_mode: 'always', ...over });

const nagiosRules = [
  {
    action: 'resolve',
    match_predicate: { type: 'regex', part: 'subject', matcher: '^RECOVERY' },
    value_extractors: [{ type: 'between', part: 'subject', value_name: 'incident_key', starts_after: 'host ', ends_before: ' is' }],
  },
  {
    action: 'trigger',
    match_predicate: {
      type: 'all',
      children: [
        { type: 'regex', part: 'subject', matcher: '^PROBLEM' },
        { type: 'not', children: [{ type: 'contains', part: 'body', matcher: 'TEST ONLY' }] },
        { type: 'any', children: [{ type: 'exactly', part: 'from_addresses', matcher: 'nagios@mon.example.com' }, { type: 'contains', part: 'from_addresses', matcher: '@backup.example.com' }] },
      ],
    },
    value_extractors: [
      { type: 'between', part: 'subject', value_name: 'incident_key', starts_after: 'host ', ends_with: ' is' },
      { type: 'regex', part: 'body', value_name: 'ticket', regex: 'Ticket: ([A-Z]+)-(\\d+)' },
      { type: 'regex', part: 'body', value_name: 'severity', regex: '^Severity: (\\w+)$' },
    ],
  },
];

forEachDialect((dialect) => {
  describe(`email filters and parsing rules (${dialect})`, async () => {
    const e = await startEmailApp(dialect)

    it('or-rules-email: mail passing any filter opens an incident, the rest is discarded', async () => {
      const s = await emailService(e, {
        email_incident_creation: 'on_new_email',
        email_filter_mode: 'or-rules-email',
        email_filters: [filter({ subject_mode: 'match', subject_regex: '^CRITICAL' }), filter({ from_email_mode: 'match', from_email_regex: '@pager\\.example\\.com$' })],
      });
      await e.send({ to: s.address, subject: 'CRITICAL: disk', text: 'x' });
      await e.send({ to: s.address, from: 'bot@pager.example.com', subject: 'anything', text: 'x' });
      const info = await e.send({ to: s.address, subject: 'critical: lower case', text: 'x' });
      assert.match(info.response, /^250 /, 'discarded mail is still accepted');
      await e.send({ to: s.address, subject: 'WARNING: cpu', text: 'x' });
      assert.deepEqual((await incidentsOf(e, s.serviceId)).map((i) => i.title).sort(), ['CRITICAL: disk', 'anything']);
    });

    it('and-rules-email: mail must pass every filter (match and no-match)', async () => {
      const s = await emailService(e, {
        email_incident_creation: 'on_new_email',
        email_filter_mode: 'and-rules-email',
        email_filters: [filter({ subject_mode: 'match', subject_regex: 'prod' }), filter({ body_mode: 'no-match', body_regex: '^maintenance$' })],
      });
      await e.send({ to: s.address, subject: 'prod down', text: 'really' });
      await e.send({ to: s.address, subject: 'prod down', text: 'planned\nmaintenance\nwindow' });
      await e.send({ to: s.address, subject: 'staging down', text: 'really' });
      const incs = await incidentsOf(e, s.serviceId);
      assert.equal(incs.length, 1);
      assert.equal((await alertsOf(e, incs[0].id))[0].body.details.body, 'really');
    });

    it('use_rules: a trigger rule opens an incident keyed by the extracted key, with custom fields', async () => {
      const s = await emailService(e, { email_incident_creation: 'use_rules', email_parsers: nagiosRules, email_parsing_fallback: 'discard' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'PROBLEM: host db1 is DOWN', text: 'Ticket: INC-4711\nSeverity: warning\n' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'PROBLEM: host db1 is DOWN', text: 'again' });
      await e.send({ to: s.address, from: 'ops@backup.example.com', subject: 'PROBLEM: host nas2 is DOWN', text: 'x' });
      const incs = await incidentsOf(e, s.serviceId);
      assert.deepEqual(incs.map((i) => i.incident_key), ['db1', 'nas2']);
      const [alert] = await alertsOf(e, incs[0].id);
      assert.equal(alert.body.details.ticket, 'INC-4711', 'capture groups joined with -');
      assert.equal(alert.severity, 'warning', 'an extracted severity sets the alert severity');
      assert.equal((await logEntriesOf(e, incs[0].id)).filter((l) => l.type === 'trigger_log_entry').length, 2);
    });

    it('use_rules: a resolve rule resolves the open incident with the extracted key', async () => {
      const s = await emailService(e, { email_incident_creation: 'use_rules', email_parsers: nagiosRules, email_parsing_fallback: 'discard' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'PROBLEM: host db1 is DOWN', text: 'x' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'PROBLEM: host db2 is DOWN', text: 'x' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'RECOVERY: host db1 is UP', text: 'x' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'RECOVERY: host zz9 is UP', text: 'no such incident: nothing happens' });
      const incs = await incidentsOf(e, s.serviceId);
      assert.deepEqual(incs.map((i) => [i.incident_key, i.status]), [['db1', 'resolved'], ['db2', 'triggered']]);
      const resolved = (await logEntriesOf(e, incs[0].id)).find((l) => l.type === 'resolve_log_entry');
      assert.equal(resolved?.channel.type, 'email');
    });

    it('use_rules: predicates that do not match fall back to discard', async () => {
      const s = await emailService(e, { email_incident_creation: 'use_rules', email_parsers: nagiosRules, email_parsing_fallback: 'discard' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'PROBLEM: host db1 is DOWN', text: 'TEST ONLY' });
      await e.send({ to: s.address, from: 'someone@else.example.com', subject: 'PROBLEM: host db1 is DOWN', text: 'x' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'Hello', text: 'x' });
      assert.equal((await incidentsOf(e, s.serviceId)).length, 0);
    });

    it('use_rules: fallback open_new_incident opens a generic incident per subject', async () => {
      const s = await emailService(e, { email_incident_creation: 'use_rules', email_parsers: nagiosRules, email_parsing_fallback: 'open_new_incident' });
      await e.send({ to: s.address, subject: 'Backup failed', text: 'x' });
      await e.send({ to: s.address, subject: 'Backup failed', text: 'y' });
      await e.send({ to: s.address, subject: 'Cert expires', text: 'z' });
      assert.deepEqual((await incidentsOf(e, s.serviceId)).map((i) => i.title), ['Backup failed', 'Cert expires']);
    });

    it('filters run before rules', async () => {
      const s = await emailService(e, {
        email_incident_creation: 'use_rules',
        email_parsers: nagiosRules,
        email_filter_mode: 'and-rules-email',
        email_filters: [filter({ subject_mode: 'no-match', subject_regex: 'db1' })],
      });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'PROBLEM: host db1 is DOWN', text: 'x' });
      await e.send({ to: s.address, from: 'nagios@mon.example.com', subject: 'PROBLEM: host db2 is DOWN', text: 'x' });
      assert.deepEqual((await incidentsOf(e, s.serviceId)).map((i) => i.incident_key), ['db2']);
    });

    it('refuses invalid rules when the integration is saved (400 with the reasons)', async () => {
      const s = await emailService(e);
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ email_filter_mode: 'and-rules-email', email_filters: [filter({ subject_mode: 'match', subject_regex: '(unclosed' })] }, /not a valid RE2/],
        [{ email_parsers: [{ ...nagiosRules[0], value_extractors: [{ type: 'regex', part: 'body', value_name: 'incident_key', regex: 'no group' }] }] }, /at least one capture group/],
        [{ email_parsers: Array.from({ length: 11 }, () => nagiosRules[0]) }, /at most 10/],
        [{ email_parsers: [{ ...nagiosRules[0], value_extractors: [] }] }, /incident_key/],
      ];
      for (const [settings, re] of cases) {
        const r = await e.t.request('POST', `/services/${s.serviceId}/integrations`, { integration: { type: 'generic_email_inbound_integration', name: 'bad', ...settings } });
        assert.equal(r.statusCode, 400, r.body);
        assert.match(JSON.stringify(r.json().error.errors), re);
      }
    });
  });
});
