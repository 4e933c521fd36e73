import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { listServiceRefsByPolicyIds, touchLastIncident } from './index.js';
import { makePolicy, makeService, makeTeam } from './test-fixtures.js';

const ref = (id: string) => ({ id, type: 'escalation_policy_reference' });

forEachDialect((dialect) => {
  describe(`${dialect}: /services`, async () => {
    const t = await buildTestApp(dialect);
    const policy = await makePolicy(t, 'Primary');
    const events: string[] = [];
    t.app.ctx.hooks.on('service.changed', async (_db, e) => void events.push(`${e.change}:${e.serviceId}`));
    t.app.ctx.hooks.on('service.state_changed', async (_db, e) => void events.push(`state:${e.state}:${e.serviceId}`));

    it('creates a service with every field present and PagerDuty defaults', async () => {
      const res = await t.request('POST', '/services', { service: { type: 'service', name: 'Checkout', escalation_policy: ref(policy.id), bogus: 1 } });
      assert.equal(res.statusCode, 201, res.body);
      const s = res.json().service;
      assert.match(s.id, /^P[0-9A-Z]{6}$/);
      assert.equal(s.type, 'service');
      assert.equal(s.summary, 'Checkout');
      assert.equal(s.self, `http://tocsin.test/services/${s.id}`);
      assert.equal(s.html_url, `http://tocsin.test/ui/service-directory/${s.id}`);
      assert.equal(s.description, null);
      assert.equal(s.status, 'active');
      assert.equal(s.acknowledgement_timeout, null);
      assert.equal(s.auto_resolve_timeout, null);
      assert.equal(s.alert_creation, 'create_alerts_and_incidents');
      assert.deepEqual(s.incident_urgency_rule, { type: 'constant', urgency: 'high' });
      assert.equal(s.support_hours, null);
      assert.deepEqual(s.scheduled_actions, []);
      assert.deepEqual(s.alert_grouping_parameters, { type: null, config: null });
      assert.deepEqual(s.auto_pause_notifications_parameters, { enabled: false, timeout: null });
      assert.deepEqual(s.teams, []);
      assert.deepEqual(s.integrations, []);
      assert.deepEqual(s.addons, []);
      assert.equal(s.response_play, null);
      assert.equal(s.last_incident_timestamp, null);
      assert.equal(s.created_at, new Date(t.clock.now()).toISOString());
      assert.equal(s.bogus, undefined);
      assert.deepEqual(s.escalation_policy, {
        id: policy.id,
        type: 'escalation_policy_reference',
        summary: 'Primary',
        self: `http://tocsin.test/escalation_policies/${policy.id}`,
        html_url: `http://tocsin.test/ui/escalation_policies/${policy.id}`,
      });
      assert.ok(events.includes(`created:${s.id}`));
    });

    it('refuses bad input with 400 code 2001 and creates nothing', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ escalation_policy: ref(policy.id) }, /Name cannot be empty/],
        [{ name: 'X1' }, /Escalation policy must be specified/],
        [{ name: 'X2', escalation_policy: ref('PNOPE00') }, /Escalation policy PNOPE00 not found/],
        [{ name: 'X3', escalation_policy: ref(policy.id), status: 'disabled' }, /must be active when creating/],
        [{ name: 'X4', escalation_policy: ref(policy.id), incident_urgency_rule: { type: 'constant', urgency: 'urgent' } }, /urgency must be one of/],
        [{ name: 'X5', escalation_policy: ref(policy.id), incident_urgency_rule: { type: 'use_support_hours', during_support_hours: { type: 'constant', urgency: 'high' }, outside_support_hours: { type: 'constant', urgency: 'low' } } }, /Support hours must be given/],
        [{ name: 'X6', escalation_policy: ref(policy.id), acknowledgement_timeout: -5 }, /acknowledgement_timeout/],
        [{ name: 'X7', escalation_policy: ref(policy.id), alert_grouping_parameters: { type: 'time', config: { timeout: 5000 } } }, /timeout must be/],
        [{ name: 'X8', escalation_policy: ref(policy.id), alert_grouping_parameters: { type: 'content_based', config: { aggregate: 'all', fields: [] } } }, /fields must be/],
        [{ name: 'X9', escalation_policy: ref(policy.id), alert_grouping_parameters: { type: 'intelligent', config: { time_window: 10 } } }, /time_window/],
        [{ name: 'X10', escalation_policy: ref(policy.id), alert_grouping_parameters: { type: 'fuzzy' } }, /type must be/],
        [{ name: 'X11', escalation_policy: ref(policy.id), alert_creation: 'create_incidents', alert_grouping_parameters: { type: 'time', config: { timeout: 5 } } }, /Alert grouping needs/],
        [{ name: 'X12', escalation_policy: ref(policy.id), auto_pause_notifications_parameters: { enabled: true, timeout: 7 } }, /timeout must be one of/],
        [{ name: 'X13', escalation_policy: ref(policy.id), teams: [{ id: 'PNOTEAM', type: 'team_reference' }] }, /Team PNOTEAM not found/],
        [{ name: 'X14', escalation_policy: ref(policy.id), alert_creation: 'sometimes' }, /Alert creation must be/],
        [{ name: 'X15', escalation_policy: ref(policy.id), support_hours: { time_zone: 'Nowhere/City', days_of_week: [9], start_time: '25:00', end_time: '10:00' }, incident_urgency_rule: { type: 'use_support_hours', during_support_hours: { urgency: 'high' }, outside_support_hours: { urgency: 'low' } } }, /time_zone.*days_of_week.*start_time/],
      ];
      for (const [service, message] of cases) {
        const res = await t.request('POST', '/services', { service });
        assert.equal(res.statusCode, 400, `${JSON.stringify(service)} → ${res.body}`);
        assert.equal(res.json().error.code, 2001);
        assert.match(res.json().error.errors.join(' '), message);
      }
      const list = await t.request('GET', '/services?query=X&total=true');
      assert.equal(list.json().total, 0);
    });

    it('refuses a duplicate name with "Name has already been taken"', async () => {
      await makeService(t, policy.id, { name: 'Dup' });
      for (const [method, url] of [['POST', '/services']] as const) {
        const res = await t.request(method, url, { service: { name: 'Dup', escalation_policy: ref(policy.id) } });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json().error, { message: 'Invalid Input Provided', code: 2001, errors: ['Name has already been taken'] });
      }
      const other = await makeService(t, policy.id, { name: 'Dup2' });
      const res = await t.request('PUT', `/services/${other.id}`, { service: { name: 'Dup' } });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().error.errors, ['Name has already been taken']);
    });

    it('stores support hours, scheduled actions, grouping, auto-pause and timeouts', async () => {
      const service = {
        name: 'Full',
        description: 'All settings',
        escalation_policy: ref(policy.id),
        incident_urgency_rule: {
          type: 'use_support_hours',
          during_support_hours: { type: 'constant', urgency: 'high' },
          outside_support_hours: { type: 'constant', urgency: 'low' },
        },
        support_hours: { type: 'fixed_time_per_day', time_zone: 'America/Lima', days_of_week: [5, 1, 2], start_time: '09:00', end_time: '17:00:00' },
        scheduled_actions: [{ type: 'urgency_change', at: { type: 'named_time', name: 'support_hours_start' }, to_urgency: 'high' }],
        acknowledgement_timeout: 600,
        auto_resolve_timeout: 0,
        alert_grouping_parameters: { type: 'content_based', config: { aggregate: 'any', fields: ['source'], time_window: 300 } },
        auto_pause_notifications_parameters: { enabled: true, timeout: 300 },
      };
      const s = await makeService(t, policy.id, service);
      const got = (await t.request('GET', `/services/${s.id}`)).json().service;
      assert.equal(got.description, 'All settings');
      assert.deepEqual(got.support_hours, { type: 'fixed_time_per_day', time_zone: 'America/Lima', days_of_week: [1, 2, 5], start_time: '09:00:00', end_time: '17:00:00' });
      assert.deepEqual(got.incident_urgency_rule, service.incident_urgency_rule);
      assert.deepEqual(got.scheduled_actions, service.scheduled_actions);
      assert.equal(got.acknowledgement_timeout, 600);
      assert.equal(got.auto_resolve_timeout, null);
      assert.deepEqual(got.alert_grouping_parameters, service.alert_grouping_parameters);
      assert.deepEqual(got.auto_pause_notifications_parameters, { enabled: true, timeout: 300 });
      const time = await makeService(t, policy.id, { alert_grouping_parameters: { type: 'time', config: { timeout: 15 } } });
      assert.equal(time.alert_grouping, 'time');
      assert.equal(time.alert_grouping_timeout, 15);
    });

    it('updates partially, disables and re-enables keeping every setting', async () => {
      const s = await makeService(t, policy.id, { name: 'Toggle', acknowledgement_timeout: 900, incident_urgency_rule: { type: 'constant', urgency: 'low' } });
      const put = await t.request('PUT', `/services/${s.id}`, { service: { description: 'now described' } });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().service.description, 'now described');
      assert.equal(put.json().service.acknowledgement_timeout, 900);
      events.length = 0;
      const off = await t.request('PUT', `/services/${s.id}`, { service: { status: 'disabled' } });
      assert.equal(off.json().service.status, 'disabled');
      assert.deepEqual(events, [`state:disabled:${s.id}`, `updated:${s.id}`]);
      const on = (await t.request('PUT', `/services/${s.id}`, { service: { status: 'active' } })).json().service;
      assert.equal(on.status, 'active');
      assert.equal(on.acknowledgement_timeout, 900);
      assert.deepEqual(on.incident_urgency_rule, { type: 'constant', urgency: 'low' });
      assert.equal(on.description, 'now described');
      // A derived status sent back (GET-modify-PUT) changes nothing; an unknown one is refused.
      const echoed = await t.request('PUT', `/services/${s.id}`, { service: { status: 'critical' } });
      assert.equal(echoed.json().service.status, 'active');
      assert.equal((await t.request('PUT', `/services/${s.id}`, { service: { status: 'paused' } })).statusCode, 400);
      const zero = (await t.request('PUT', `/services/${s.id}`, { service: { acknowledgement_timeout: 0 } })).json().service;
      assert.equal(zero.acknowledgement_timeout, null);
    });

    it('answers unknown ids with 404 code 2100', async () => {
      for (const [method, body] of [['GET', undefined], ['PUT', { service: { name: 'z' } }], ['DELETE', undefined]] as const) {
        const res = await t.request(method, '/services/PNOPE00', body);
        assert.equal(res.statusCode, 404, method);
        assert.equal(res.json().error.code, 2100);
      }
    });

    it('soft-deletes: 204, then 404, gone from lists, name free again', async () => {
      const s = await makeService(t, policy.id, { name: 'Doomed' });
      const del = await t.request('DELETE', `/services/${s.id}`);
      assert.equal(del.statusCode, 204);
      assert.equal(del.body, '');
      assert.equal((await t.request('GET', `/services/${s.id}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `/services/${s.id}`)).statusCode, 404);
      assert.equal((await t.request('GET', '/services?name=Doomed')).json().services.length, 0);
      await makeService(t, policy.id, { name: 'Doomed' });
      const refs = await listServiceRefsByPolicyIds(t.app.ctx.db, t.app.ctx.urls, [policy.id]);
      assert.ok(!refs.get(policy.id)!.some((r) => r.id === s.id));
    });

    it('filters, sorts and pages the list', async () => {
      const p2 = await makePolicy(t);
      const team = await makeTeam(t);
      for (const n of ['alpha-web', 'Alpha-API', 'beta%', 'gamma_1']) await makeService(t, p2.id, { name: n, teams: n === 'beta%' ? [{ id: team.id }] : [] });
      const names = async (qs: string) => (await t.request('GET', `/services?${qs}`)).json().services.map((s: { name: string }) => s.name);
      assert.deepEqual(await names('query=ALPHA'), ['Alpha-API', 'alpha-web']);
      assert.deepEqual(await names('query=%25'), ['beta%']);
      assert.deepEqual(await names('query=a_1'), ['gamma_1']);
      assert.deepEqual(await names('name=alpha-web'), ['alpha-web']);
      assert.deepEqual(await names(`team_ids[]=${team.id}`), ['beta%']);
      assert.deepEqual(await names('query=alpha&sort_by=name:desc'), ['alpha-web', 'Alpha-API'].sort().reverse());
      const page = (await t.request('GET', '/services?limit=2&offset=1&total=true')).json();
      assert.equal(page.limit, 2);
      assert.equal(page.offset, 1);
      assert.equal(page.services.length, 2);
      assert.equal(page.more, true);
      assert.ok(page.total >= 8);
      const last = (await t.request('GET', `/services?limit=100&offset=${page.total - 1}`)).json();
      assert.equal(last.services.length, 1);
      assert.equal(last.more, false);
      assert.equal(last.total, null);
      assert.equal((await t.request('GET', '/services?limit=500')).json().limit, 100);
      const over = await t.request('GET', '/services?limit=100&offset=9901');
      assert.equal(over.statusCode, 400);
      assert.equal(over.json().error.code, 2001);
      assert.equal((await t.request('GET', '/services?sort_by=id')).statusCode, 400);
      assert.equal((await t.request('GET', '/services?time_zone=Mars/Base')).statusCode, 400);
    });

    it('finds a service by one of its integration keys with ?query=, as PagerDuty does (exact key only)', async () => {
      const p2 = await makePolicy(t);
      const svc = await makeService(t, p2.id, { name: 'Keyed service' });
      await makeService(t, p2.id, { name: 'Other keyed' });
      const integ = await t.request('POST', `/services/${svc.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'v2' } });
      assert.equal(integ.statusCode, 201, integ.body);
      const key = integ.json().integration.integration_key as string;
      const found = (await t.request('GET', `/services?query=${key}&include[]=integrations`)).json();
      assert.deepEqual(found.services.map((s: { id: string }) => s.id), [svc.id]);
      assert.ok(found.services[0].integrations.some((i: { integration_key?: string }) => i.integration_key === key));
      // A part of a key finds nothing (keys are secrets), and a name search still works beside it.
      assert.equal((await t.request('GET', `/services?query=${key.slice(0, 16)}`)).json().services.length, 0);
      assert.deepEqual((await t.request('GET', '/services?query=keyed')).json().services.map((s: { name: string }) => s.name), ['Keyed service', 'Other keyed']);
      // A deleted integration's key no longer finds its service.
      await t.request('DELETE', `/services/${svc.id}/integrations/${integ.json().integration.id}`);
      assert.equal((await t.request('GET', `/services?query=${key}`)).json().services.length, 0);
    });

    it('renders includes and time zones', async () => {
      const team = await makeTeam(t, [], 'Includers');
      const s = await makeService(t, policy.id, { teams: [{ id: team.id, type: 'team_reference' }] });
      const got = (await t.request('GET', `/services/${s.id}?include[]=escalation_policies&include[]=teams&time_zone=Asia/Tokyo`)).json().service;
      assert.equal(got.escalation_policy.type, 'escalation_policy');
      assert.equal(got.escalation_policy.name, 'Primary');
      assert.equal(got.escalation_policy.escalation_rules.length, 1);
      assert.deepEqual(got.teams.map((x: { type: string; name: string }) => [x.type, x.name]), [['team', 'Includers']]);
      assert.equal(got.created_at, '2026-01-05T19:00:00+09:00');
      const plain = (await t.request('GET', `/services/${s.id}`)).json().service;
      assert.equal(plain.teams[0].type, 'team_reference');
      assert.equal(plain.teams[0].summary, 'Includers');
    });

    it('derives status from the status sources; disabled wins', async () => {
      const s = await makeService(t, policy.id);
      const reports = new Map<string, 'critical' | 'warning' | 'maintenance'>();
      t.app.ctx.hooks.statusSources.push(async (_db, ids) => new Map([...reports].filter(([id]) => ids.includes(id))));
      const status = async () => (await t.request('GET', `/services/${s.id}`)).json().service.status;
      assert.equal(await status(), 'active');
      reports.set(s.id, 'warning');
      assert.equal(await status(), 'warning');
      t.app.ctx.hooks.statusSources.push(async () => new Map([[s.id, 'maintenance' as const]]));
      assert.equal(await status(), 'maintenance');
      await t.request('PUT', `/services/${s.id}`, { service: { status: 'disabled' } });
      assert.equal(await status(), 'disabled');
      t.app.ctx.hooks.statusSources.length = 0;
    });

    it('shows the last incident timestamp', async () => {
      const s = await makeService(t, policy.id);
      await touchLastIncident(t.app.ctx.db, s.id, Date.parse('2026-02-01T00:00:00Z'));
      await touchLastIncident(t.app.ctx.db, s.id, Date.parse('2026-01-01T00:00:00Z'));
      assert.equal((await t.request('GET', `/services/${s.id}`)).json().service.last_incident_timestamp, '2026-02-01T00:00:00.000Z');
    });

    it('enforces roles: read-only roles and limited users are refused with 403 2010, changing nothing', async () => {
      const s = await makeService(t, policy.id, { name: 'Guarded' });
      for (const role of ['observer', 'limited_user', 'read_only_user', 'restricted_access'] as const) {
        const u = await t.makeUser(role);
        const post = await t.request('POST', '/services', { service: { name: `by ${role}`, escalation_policy: ref(policy.id) } }, { token: u.token });
        assert.equal(post.statusCode, 403, role);
        assert.equal(post.json().error.code, 2010);
        assert.equal((await t.request('PUT', `/services/${s.id}`, { service: { name: 'hacked' } }, { token: u.token })).statusCode, 403);
        assert.equal((await t.request('DELETE', `/services/${s.id}`, undefined, { token: u.token })).statusCode, 403);
        assert.equal((await t.request('GET', `/services/${s.id}`, undefined, { token: u.token })).statusCode, 200);
      }
      assert.equal((await t.request('GET', `/services/${s.id}`)).json().service.name, 'Guarded');
      assert.equal((await t.request('GET', '/services?query=by ')).json().services.length, 0);
      const user = await t.makeUser('user');
      await makeService(t, policy.id, { name: 'by a user' }, user.token);
    });

    it('lets a team manager create and change services of their team only', async () => {
      const mgr = await t.makeUser('limited_user');
      const mine = await makeTeam(t, [{ userId: mgr.id, role: 'manager' }]);
      const theirs = await makeTeam(t);
      const body = (teams: string[]) => ({ service: { name: `mgr ${teams.join()}`, escalation_policy: ref(policy.id), teams: teams.map((id) => ({ id })) } });
      assert.equal((await t.request('POST', '/services', body([]), { token: mgr.token })).statusCode, 403);
      assert.equal((await t.request('POST', '/services', body([theirs.id]), { token: mgr.token })).statusCode, 403);
      const ok = await t.request('POST', '/services', body([mine.id]), { token: mgr.token });
      assert.equal(ok.statusCode, 201, ok.body);
      const other = await makeService(t, policy.id, { teams: [{ id: theirs.id }] });
      assert.equal((await t.request('PUT', `/services/${other.id}`, { service: { description: 'x' } }, { token: mgr.token })).statusCode, 403);
      const id = ok.json().service.id;
      assert.equal((await t.request('PUT', `/services/${id}`, { service: { teams: [{ id: theirs.id }] } }, { token: mgr.token })).statusCode, 403);
      // Keeping one of their teams does not let a manager add a team they do not manage.
      const both = await t.request('PUT', `/services/${id}`, { service: { teams: [{ id: mine.id }, { id: theirs.id }] } }, { token: mgr.token });
      assert.equal(both.statusCode, 403, both.body);
      assert.deepEqual((await t.request('GET', `/services/${id}`)).json().service.teams.map((x: { id: string }) => x.id), [mine.id]);
      assert.equal((await t.request('PUT', `/services/${id}`, { service: { description: 'mine' } }, { token: mgr.token })).statusCode, 200);
      assert.equal((await t.request('DELETE', `/services/${id}`, undefined, { token: mgr.token })).statusCode, 204);
    });
  });
});
