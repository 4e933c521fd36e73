import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService, makeTeam } from '../services/test-fixtures.js';
import { buildTestApp } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { findIntegrationByEmail, findIntegrationById, findIntegrationByKey } from './index.js';

const V2 = 'events_api_v2_inbound_integration';
const EMAIL = 'generic_email_inbound_integration';

forEachDialect((dialect) => {
  describe(`${dialect}: /services/{id}/integrations`, async () => {
    const t = await buildTestApp(dialect);
    const policy = await makePolicy(t);
    const moves: string[] = [];
    t.app.ctx.hooks.on('integration.moved', async (_db, e) => void moves.push(`${e.integrationId}:${e.fromServiceId}>${e.toServiceId}`));
    const add = (serviceId: string, integration: Record<string, unknown>, token?: string) =>
      t.request('POST', `/services/${serviceId}/integrations`, { integration }, token ? { token } : {});

    it('creates an Events API v2 integration with a fresh 32-hex key, every field present', async () => {
      const s = await makeService(t, policy.id, { name: 'Web' });
      const res = await add(s.id, { type: V2, name: 'Prod events', service: { id: s.id, type: 'service_reference' } });
      assert.equal(res.statusCode, 201, res.body);
      const i = res.json().integration;
      assert.match(i.id, /^P[0-9A-Z]{6}$/);
      assert.equal(i.type, V2);
      assert.equal(i.summary, 'Prod events');
      assert.equal(i.self, `http://tocsin.test/services/${s.id}/integrations/${i.id}`);
      assert.match(i.integration_key, /^[0-9a-f]{32}$/);
      assert.equal(i.integration_email, null);
      assert.equal(i.vendor, null);
      assert.equal(i.email_filters, null);
      assert.deepEqual(i.service, { id: s.id, type: 'service_reference', summary: 'Web', self: `http://tocsin.test/services/${s.id}`, html_url: `http://tocsin.test/ui/service-directory/${s.id}` });
      assert.equal(i.created_at, new Date(t.clock.now()).toISOString());
      const found = await findIntegrationByKey(t.app.ctx.db, i.integration_key);
      assert.equal(found?.id, i.id);
      assert.equal(found?.serviceId, s.id);
      const svc = (await t.request('GET', `/services/${s.id}`)).json().service;
      assert.deepEqual(svc.integrations, [{ id: i.id, type: `${V2}_reference`, summary: 'Prod events', self: i.self, html_url: i.html_url }]);
      const full = (await t.request('GET', `/services/${s.id}?include[]=integrations`)).json().service;
      assert.equal(full.integrations[0].integration_key, i.integration_key);
      const second = (await add(s.id, { type: 'generic_events_api_inbound_integration' })).json().integration;
      assert.equal(second.name, 'Events API V1');
      assert.notEqual(second.integration_key, i.integration_key);
    });

    it('creates email integrations under the configured domain with PagerDuty defaults', async () => {
      const s = await makeService(t, policy.id, { name: 'Mail' });
      const bare = await add(s.id, { type: EMAIL, name: 'Inbox', integration_email: 'Ops-Alerts' });
      assert.equal(bare.statusCode, 201, bare.body);
      const i = bare.json().integration;
      assert.equal(i.integration_email, 'ops-alerts@tocsin.test');
      assert.equal(i.integration_key, null);
      assert.equal(i.email_incident_creation, 'on_new_email_subject');
      assert.equal(i.email_filter_mode, 'all-email');
      assert.deepEqual(i.email_filters, []);
      assert.deepEqual(i.email_parsers, []);
      assert.equal(i.email_parsing_fallback, 'open_new_incident');
      assert.equal((await findIntegrationByEmail(t.app.ctx.db, 'OPS-ALERTS@tocsin.test'))?.id, i.id);
      const full = await add(s.id, {
        type: EMAIL,
        integration_email: 'rules@tocsin.test',
        email_incident_creation: 'use_rules',
        email_filter_mode: 'or-rules-email',
        email_filters: [{ subject_mode: 'match', subject_regex: 'ALERT', body_mode: 'always', from_email_mode: 'always' }],
        email_parsers: [
          {
            action: 'trigger',
            match_predicate: { type: 'any', part: 'subject', children: [{ type: 'contains', matcher: 'down', part: 'subject', children: [] }] },
            value_extractors: [{ type: 'regex', part: 'subject', value_name: 'incident_key', regex: 'host (\\w+)' }],
          },
        ],
        email_parsing_fallback: 'discard',
      });
      assert.equal(full.statusCode, 201, full.body);
      const f = full.json().integration;
      assert.equal(f.email_incident_creation, 'use_rules');
      assert.equal(f.email_parsers[0].value_extractors[0].regex, 'host (\\w+)');
      assert.equal(f.email_filters[0].subject_regex, 'ALERT');
      // A generated address cannot be guessed from the names: the names, then 12 random hex characters.
      const generated = (await add(s.id, { type: EMAIL, name: 'Auto' })).json().integration;
      assert.match(generated.integration_email, /^mail-auto-[0-9a-f]{12}@tocsin\.test$/);
      const again = (await add(s.id, { type: EMAIL, name: 'Auto' })).json().integration;
      assert.match(again.integration_email, /^mail-auto-[0-9a-f]{12}@tocsin\.test$/);
      assert.notEqual(again.integration_email, generated.integration_email);
    });

    it('refuses bad integrations with 400', async () => {
      const s = await makeService(t, policy.id);
      const only = await makeService(t, policy.id, { alert_creation: 'create_incidents' });
      await add(s.id, { type: EMAIL, integration_email: 'taken' });
      const parser = {
        action: 'trigger',
        match_predicate: { type: 'contains', matcher: 'x', part: 'body', children: [] },
        value_extractors: [{ type: 'entire', part: 'subject', value_name: 'incident_key' }],
      };
      const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        [s.id, { type: EMAIL, integration_email: 'ops@example.com' }, /must be an address @tocsin\.test/],
        [s.id, { type: EMAIL, integration_email: 'taken@tocsin.test' }, /Integration email has already been taken/],
        [s.id, { type: EMAIL, integration_email: 'bad address' }, /local part/],
        [s.id, { type: EMAIL, email_filter_mode: 'some' }, /email_filter_mode/],
        [s.id, { type: EMAIL, email_parsers: Array.from({ length: 11 }, () => parser) }, /at most 10/],
        [s.id, { type: EMAIL, email_parsers: [{ ...parser, value_extractors: [{ type: 'regex', part: 'body', value_name: 'incident_key', regex: 'no group' }] }] }, /capture group/],
        [s.id, { type: 'carrier_pigeon_integration' }, /type must be one of/],
        [s.id, { name: 'typeless' }, /type must be given/],
        [s.id, { vendor: { id: 'PNOVEND', type: 'vendor_reference' } }, /Vendor PNOVEND not found/],
        [s.id, { type: V2, integration_key: 'NOT-HEX' }, /32 lowercase hexadecimal/],
        [only.id, { type: V2 }, /alert_creation to be create_alerts_and_incidents/],
      ];
      for (const [sid, integration, message] of cases) {
        const res = await add(sid, integration);
        assert.equal(res.statusCode, 400, `${JSON.stringify(integration)} → ${res.body}`);
        assert.equal(res.json().error.code, 2001);
        assert.match(res.json().error.errors.join(' '), message);
      }
      assert.equal((await add(only.id, { type: 'generic_events_api_inbound_integration' })).statusCode, 201);
      // The other way round: a service with an Events API v2 integration cannot become incidents-only.
      await add(s.id, { type: V2, name: 'needs alerts' });
      const switchOff = await t.request('PUT', `/services/${s.id}`, { service: { alert_creation: 'create_incidents' } });
      assert.equal(switchOff.statusCode, 400);
      assert.match(switchOff.json().error.errors[0], /Events API v2 integrations \(needs alerts\)/);
      assert.equal((await add('PNOPE00', { type: V2 })).statusCode, 404);
    });

    it('creates vendor integrations from the catalog', async () => {
      const s = await makeService(t, policy.id);
      const cw = (await add(s.id, { vendor: { id: 'PZQ6AUS', type: 'vendor_reference' } })).json().integration;
      assert.equal(cw.type, 'aws_cloudwatch_inbound_integration');
      assert.equal(cw.name, 'Amazon CloudWatch');
      assert.equal(cw.vendor.type, 'vendor_reference');
      assert.equal(cw.vendor.summary, 'Amazon CloudWatch');
      const prom = (await add(s.id, { vendor: { id: 'PAVZBDG', type: 'vendor_reference' }, name: 'Alertmanager' })).json().integration;
      assert.equal(prom.type, V2);
      assert.match(prom.integration_key, /^[0-9a-f]{32}$/);
      const explicit = (await add(s.id, { type: 'generic_events_api_inbound_integration', vendor: { id: 'PCJ4C5A' } })).json().integration;
      assert.equal(explicit.type, 'generic_events_api_inbound_integration');
      // PCJ4C5A was Tocsin's Datadog id: it still works, and the integration carries PagerDuty's.
      assert.equal(explicit.vendor.id, 'PAM4FGS');
      const got = (await t.request('GET', `/services/${s.id}/integrations/${cw.id}?include[]=vendors&include[]=services`)).json().integration;
      assert.equal(got.vendor.type, 'vendor');
      assert.equal(got.vendor.events_api, 'native');
      assert.equal(got.service.type, 'service');
      assert.equal(got.service.integrations.length, 3);
    });

    it("serves PagerDuty's Backstage plugin: an integration with vendor PRO19CT, found again with its key", async () => {
      const s = await makeService(t, policy.id);
      const res = await add(s.id, { type: V2, name: 'Backstage', vendor: { id: 'PRO19CT', type: 'vendor_reference' } });
      assert.equal(res.statusCode, 201, res.body);
      const svc = (await t.request('GET', `/services/${s.id}?include[]=integrations`)).json().service;
      const found = svc.integrations.find((i: { vendor: { id: string } | null }) => i.vendor?.id === 'PRO19CT');
      assert.match(found.integration_key, /^[0-9a-f]{32}$/);
      assert.equal((await t.request('GET', '/vendors/PRO19CT')).json().vendor.name, 'Backstage');
    });

    it('keeps a client-supplied key, and never hands out a key twice', async () => {
      const s = await makeService(t, policy.id);
      const key = 'e93facc04764012d7bfb002500d5d1a6';
      const i = (await add(s.id, { type: V2, integration_key: key })).json().integration;
      assert.equal(i.integration_key, key);
      const again = await add(s.id, { type: V2, integration_key: key });
      assert.equal(again.statusCode, 400);
      assert.deepEqual(again.json().error.errors, ['Integration key has already been taken']);
      assert.equal((await t.request('DELETE', `/services/${s.id}/integrations/${i.id}`)).statusCode, 204);
      assert.equal((await add(s.id, { type: V2, integration_key: key })).statusCode, 400);
    });

    it('gets, lists, renames and answers unknown ids with 404', async () => {
      const s = await makeService(t, policy.id);
      const other = await makeService(t, policy.id);
      const ids: string[] = [];
      for (let n = 0; n < 3; n++) {
        t.clock.advance('1s');
        ids.push((await add(s.id, { type: V2, name: `i${n}` })).json().integration.id);
      }
      const list = (await t.request('GET', `/services/${s.id}/integrations?limit=2&total=true`)).json();
      assert.deepEqual(list.integrations.map((i: { id: string }) => i.id), ids.slice(0, 2));
      assert.equal(list.more, true);
      assert.equal(list.total, 3);
      const put = await t.request('PUT', `/services/${s.id}/integrations/${ids[0]}`, { integration: { name: 'renamed', integration_key: '0'.repeat(32), type: EMAIL } });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().integration.name, 'renamed');
      assert.equal(put.json().integration.type, V2);
      assert.notEqual(put.json().integration.integration_key, '0'.repeat(32));
      for (const url of [`/services/${s.id}/integrations/PNOPE00`, `/services/${other.id}/integrations/${ids[0]}`, `/services/PNOPE00/integrations/${ids[0]}`]) {
        const res = await t.request('GET', url);
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().error.code, 2100);
        assert.equal((await t.request('PUT', url, { integration: { name: 'x' } })).statusCode, 404);
        assert.equal((await t.request('DELETE', url)).statusCode, 404);
      }
    });

    it('moves an integration to another service keeping its key, and previews the differences', async () => {
      const p2 = await makePolicy(t);
      const a = await makeService(t, policy.id, { name: 'Move A' });
      const b = await makeService(t, p2.id, { name: 'Move B', acknowledgement_timeout: 300, incident_urgency_rule: { type: 'constant', urgency: 'low' } });
      const i = (await add(a.id, { type: V2 })).json().integration;
      const preview = await t.request('GET', `/services/${a.id}/integrations/${i.id}/move_preview?destination_service_id=${b.id}`);
      assert.equal(preview.statusCode, 200, preview.body);
      const mp = preview.json().move_preview;
      assert.deepEqual(mp.differences.map((d: { setting: string }) => d.setting), ['escalation_policy', 'incident_urgency_rule', 'acknowledgement_timeout']);
      assert.deepEqual(mp.differences[2], { setting: 'acknowledgement_timeout', source: null, destination: 300 });
      assert.equal(mp.destination_service.id, b.id);
      assert.ok(mp.warnings.length >= 1);
      assert.equal((await t.request('GET', `/services/${a.id}/integrations/${i.id}/move_preview?destination_service_id=PNOPE00`)).statusCode, 400);
      const moved = await t.request('PUT', `/services/${a.id}/integrations/${i.id}`, { integration: { service: { id: b.id, type: 'service_reference' } } });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().integration.service.id, b.id);
      assert.equal(moved.json().integration.integration_key, i.integration_key);
      assert.deepEqual(moves.slice(-1), [`${i.id}:${a.id}>${b.id}`]);
      assert.equal((await findIntegrationByKey(t.app.ctx.db, i.integration_key))?.serviceId, b.id);
      assert.equal((await t.request('GET', `/services/${a.id}/integrations/${i.id}`)).statusCode, 404);
      assert.equal((await t.request('GET', `/services/${b.id}/integrations/${i.id}`)).statusCode, 200);
      const bad = await t.request('PUT', `/services/${b.id}/integrations/${i.id}`, { integration: { service: { id: 'PNOPE00' } } });
      assert.equal(bad.statusCode, 400);
    });

    it('deletes: 204, the key stops working, the row is kept; deleting a service kills its keys', async () => {
      const s = await makeService(t, policy.id);
      const i = (await add(s.id, { type: V2 })).json().integration;
      const del = await t.request('DELETE', `/services/${s.id}/integrations/${i.id}`);
      assert.equal(del.statusCode, 204);
      assert.equal(await findIntegrationByKey(t.app.ctx.db, i.integration_key), null);
      assert.notEqual((await findIntegrationById(t.app.ctx.db, i.id))?.deletedAt, null);
      assert.equal((await t.request('GET', `/services/${s.id}/integrations/${i.id}`)).statusCode, 404);
      const j = (await add(s.id, { type: V2 })).json().integration;
      const m = (await add(s.id, { type: EMAIL, integration_email: 'dies' })).json().integration;
      assert.equal((await t.request('DELETE', `/services/${s.id}`)).statusCode, 204);
      assert.equal(await findIntegrationByKey(t.app.ctx.db, j.integration_key), null);
      assert.equal(await findIntegrationByEmail(t.app.ctx.db, m.integration_email), null);
    });

    it('accepts back, unchanged, the very objects it returned (GET-modify-PUT clients)', async () => {
      const team = await makeTeam(t);
      const s = await makeService(t, policy.id, {
        teams: [{ id: team.id }],
        incident_urgency_rule: { type: 'use_support_hours', during_support_hours: { type: 'constant', urgency: 'high' }, outside_support_hours: { type: 'constant', urgency: 'low' } },
        support_hours: { type: 'fixed_time_per_day', time_zone: 'UTC', days_of_week: [1], start_time: '09:00:00', end_time: '17:00:00' },
        alert_grouping_parameters: { type: 'time', config: { timeout: 0 } },
      });
      await add(s.id, { type: V2 });
      await add(s.id, { type: EMAIL, integration_email: 'roundtrip' });
      const before = (await t.request('GET', `/services/${s.id}?include[]=integrations&include[]=escalation_policies`)).json().service;
      const put = await t.request('PUT', `/services/${s.id}`, { service: before });
      assert.equal(put.statusCode, 200, put.body);
      const after = (await t.request('GET', `/services/${s.id}?include[]=integrations&include[]=escalation_policies`)).json().service;
      assert.deepEqual(after, before);
      for (const i of before.integrations) {
        const url = `/services/${s.id}/integrations/${i.id}`;
        const res = await t.request('PUT', url, { integration: i });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().integration, { ...i, service: res.json().integration.service });
      }
    });

    it('keeps integrations of a disabled service and after re-enabling', async () => {
      const s = await makeService(t, policy.id);
      const i = (await add(s.id, { type: V2 })).json().integration;
      await t.request('PUT', `/services/${s.id}`, { service: { status: 'disabled' } });
      assert.equal((await findIntegrationByKey(t.app.ctx.db, i.integration_key))?.id, i.id);
      const back = (await t.request('PUT', `/services/${s.id}`, { service: { status: 'active' } })).json().service;
      assert.deepEqual(back.integrations.map((x: { id: string }) => x.id), [i.id]);
    });

    it('lets managers of the service team, admins and owners write integrations; refuses everyone else with 403', async () => {
      const mgr = await t.makeUser('user');
      const team = await makeTeam(t, [{ userId: mgr.id, role: 'manager' }]);
      const s = await makeService(t, policy.id, { teams: [{ id: team.id }] });
      const elsewhere = await makeService(t, policy.id);
      const i = (await add(elsewhere.id, { type: V2 })).json().integration;
      for (const role of ['user', 'limited_user', 'observer', 'read_only_user'] as const) {
        const u = await t.makeUser(role);
        const res = await add(s.id, { type: V2 }, u.token);
        assert.equal(res.statusCode, 403, role);
        assert.equal(res.json().error.code, 2010);
        assert.equal((await t.request('DELETE', `/services/${elsewhere.id}/integrations/${i.id}`, undefined, { token: u.token })).statusCode, 403);
      }
      assert.equal((await t.request('GET', `/services/${s.id}/integrations?total=true`)).json().total, 0);
      const ok = await add(s.id, { type: V2 }, mgr.token);
      assert.equal(ok.statusCode, 201, ok.body);
      // Moving needs the right on both services: the manager cannot pull in or push out.
      const pull = await t.request('PUT', `/services/${elsewhere.id}/integrations/${i.id}`, { integration: { service: { id: s.id } } }, { token: mgr.token });
      assert.equal(pull.statusCode, 403);
      const push = await t.request('PUT', `/services/${s.id}/integrations/${ok.json().integration.id}`, { integration: { service: { id: elsewhere.id } } }, { token: mgr.token });
      assert.equal(push.statusCode, 403);
      assert.equal((await findIntegrationById(t.app.ctx.db, ok.json().integration.id))?.serviceId, s.id);
      const admin = await t.makeUser('admin');
      assert.equal((await add(s.id, { type: V2 }, admin.token)).statusCode, 201);
    });
  });

  describe(`${dialect}: /vendors`, async () => {
    const t = await buildTestApp(dialect);

    it('pages a catalog of at least 30 vendors with PagerDuty fields', async () => {
      const first = (await t.request('GET', '/vendors?total=true')).json();
      assert.equal(first.limit, 25);
      assert.equal(first.vendors.length, 25);
      assert.equal(first.more, true);
      assert.ok(first.total >= 30);
      const rest = (await t.request('GET', '/vendors?offset=25&limit=100')).json();
      assert.equal(rest.more, false);
      const all = [...first.vendors, ...rest.vendors];
      assert.equal(new Set(all.map((v) => v.id)).size, first.total);
      const names = all.map((v) => v.name);
      for (const n of ['Amazon CloudWatch', 'Datadog', 'Prometheus', 'Grafana', 'Nagios', 'Zabbix', 'New Relic', 'AppDynamics', 'Pingdom', 'Wormly', 'SignalFx', 'Sentry', 'Icinga', 'Splunk', 'Elastic', 'Dynatrace', 'ServiceNow', 'Jira']) {
        assert.ok(names.includes(n), n);
      }
      for (const v of all) {
        assert.match(v.id, /^P[0-9A-Z]{6}$/);
        assert.ok(['v2', 'v1', 'email', 'native'].includes(v.events_api));
        assert.equal(typeof v.website_url, 'string');
        assert.equal(typeof v.integration_guide_url, 'string');
      }
      const natives = all.filter((v) => v.events_api === 'native').map((v) => v.name).sort();
      assert.deepEqual(natives, ['Amazon CloudWatch', 'Datadog', 'Grafana', 'Prometheus']);
      assert.deepEqual((await t.request('GET', '/vendors?query=cloudwatch')).json().vendors.map((v: { id: string }) => v.id), ['PZQ6AUS']);
    });

    it('gets one vendor as an object; 404 for unknown ids', async () => {
      const res = await t.request('GET', '/vendors/PZQ6AUS');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().vendor.name, 'Amazon CloudWatch');
      assert.equal(res.json().vendor.type, 'vendor');
      const missing = await t.request('GET', '/vendors/PNOPE00');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 2100);
    });
  });
});
