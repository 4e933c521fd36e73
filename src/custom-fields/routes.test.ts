import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../incidents/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';

type Json = any;

forEachDialect((dialect) => {
  describe(`${dialect}: incident types, custom fields and values`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const serviceId = await makeService(ctx, await makePolicy(ctx, [[t.ownerId]]));
    const admin = await t.makeUser('admin');
    const user = await t.makeUser('user');
    const observer = await t.makeUser('observer');
    const incident = async (over: Record<string, unknown> = {}) => {
      const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Disk full', service: { id: serviceId, type: 'service_reference' }, ...over } }, { headers: { from: OWNER_EMAIL } });
      return { res, i: res.json().incident as Json };
    };
    const field = async (path: string, f: Record<string, unknown>, token?: string) => t.request('POST', path, { field: f }, token ? { token } : undefined);

    it('serves the base type on every install, and creates, lists, shows and edits types', async () => {
      const base = await t.request('GET', '/incidents/types/incident_default');
      assert.equal(base.statusCode, 200, base.body);
      assert.deepEqual([base.json().incident_type.name, base.json().incident_type.enabled, 'parent' in base.json().incident_type], ['incident_default', true, false]);
      const made = await t.request('POST', '/incidents/types', { incident_type: { name: 'security', display_name: 'Security', parent_type: 'incident_default', description: 'Breaches' } });
      assert.equal(made.statusCode, 201, made.body);
      const s = made.json().incident_type;
      assert.deepEqual([s.type, s.name, s.display_name, s.description, s.enabled, s.parent.id], ['incident_type', 'security', 'Security', 'Breaches', true, base.json().incident_type.id]);
      assert.deepEqual((await t.request('GET', `/incidents/types/${s.id}`)).json().incident_type, s);
      for (const bad of [{ name: 'x_default', display_name: 'X', parent_type: 'incident_default' }, { name: 'y', display_name: 'PagerDuty y', parent_type: 'incident_default' }, { name: 'z', display_name: 'Z', parent_type: 'nope' }, { name: 'security', display_name: 'Again', parent_type: 'incident_default' }]) {
        const res = await t.request('POST', '/incidents/types', { incident_type: bad });
        assert.equal(res.statusCode, 400, JSON.stringify(bad));
        assert.equal(res.json().error.code, 2001);
      }
      assert.equal((await t.request('POST', '/incidents/types', { incident_type: { name: 'u', display_name: 'U', parent_type: 'incident_default' } }, { token: user.token })).statusCode, 403);
      const off = await t.request('PUT', '/incidents/types/security', { incident_type: { enabled: false, display_name: 'Security (old)' } });
      assert.deepEqual([off.statusCode, off.json().incident_type.enabled, off.json().incident_type.display_name], [200, false, 'Security (old)']);
      const names = async (q: string) => (await t.request('GET', `/incidents/types${q}`)).json().incident_types.map((x: Json) => x.name);
      assert.deepEqual([await names(''), await names('?filter=disabled'), await names('?filter=all')], [['incident_default'], ['security'], ['incident_default', 'security']]);
      assert.equal((await t.request('PUT', '/incidents/types/incident_default', { incident_type: { enabled: false } })).statusCode, 400);
      assert.equal((await t.request('GET', '/incidents/types/PNOPE00')).statusCode, 404);
      assert.equal((await incident({ incident_type: { name: 'security' } })).res.statusCode, 400, 'a disabled type is refused');
      await t.request('PUT', '/incidents/types/security', { incident_type: { enabled: true } });
      const typed = await incident({ incident_type: { id: s.id } });
      assert.equal(typed.res.statusCode, 201, typed.res.body);
      assert.deepEqual(typed.i.incident_type, { name: 'security' });
      assert.equal((await incident({ incident_type: { name: 'fraud' } })).res.statusCode, 400);
    });

    it('creates fields with options on the base type, validates them, and edits options', async () => {
      const made = await field('/incidents/custom_fields', {
        name: 'region',
        display_name: 'Region',
        data_type: 'string',
        field_type: 'single_value_fixed',
        default_value: 'eu',
        field_options: [{ data: { data_type: 'string', value: 'eu' } }, { data: { data_type: 'string', value: 'us' } }],
      });
      assert.equal(made.statusCode, 201, made.body);
      const f = made.json().field;
      assert.deepEqual([f.type, f.name, f.summary, f.default_value, f.enabled, f.field_options.map((o: Json) => o.data.value)], ['field', 'region', 'Region', 'eu', true, ['eu', 'us']]);
      assert.equal((await t.request('GET', `/incidents/custom_fields/${f.id}`)).json().field.field_options, undefined, 'options only with include[]');
      assert.equal((await t.request('GET', `/incidents/custom_fields/${f.id}?include[]=field_options`)).json().field.field_options.length, 2);
      const bad = [
        { name: 'Bad Name', display_name: 'B1', data_type: 'string', field_type: 'single_value' },
        { name: 'b2', display_name: 'B2', data_type: 'integer', field_type: 'multi_value' },
        { name: 'b3', display_name: 'B3', data_type: 'string', field_type: 'single_value', field_options: [{ data: { data_type: 'string', value: 'x' } }] },
        { name: 'b4', display_name: 'B4', data_type: 'string', field_type: 'single_value_fixed', field_options: [] },
        { name: 'b5', display_name: 'B5', data_type: 'integer', field_type: 'single_value', default_value: 'ten' },
        { name: 'region', display_name: 'Other', data_type: 'string', field_type: 'single_value' },
        { name: 'b6', display_name: 'region', data_type: 'string', field_type: 'single_value' },
        { name: 'b7', display_name: 'B7', data_type: 'string', field_type: 'single_value_fixed', default_value: 'mars', field_options: [{ data: { data_type: 'string', value: 'x' } }] },
      ];
      for (const b of bad) assert.equal((await field('/incidents/custom_fields', b)).statusCode, 400, JSON.stringify(b));
      assert.equal((await field('/incidents/custom_fields', { name: 'x1', display_name: 'X1', data_type: 'string', field_type: 'single_value' }, user.token)).statusCode, 403);
      const opts = `/incidents/custom_fields/${f.id}/field_options`;
      const ap = await t.request('POST', opts, { field_option: { data: { data_type: 'string', value: 'apac' } } }, { token: admin.token });
      assert.equal(ap.statusCode, 201, ap.body);
      assert.equal((await t.request('POST', opts, { field_option: { data: { data_type: 'string', value: 'apac' } } })).statusCode, 400, 'options are unique');
      const eu = (await t.request('GET', opts)).json().field_options.find((o: Json) => o.data.value === 'eu');
      assert.equal((await t.request('DELETE', `${opts}/${eu.id}`)).statusCode, 400, 'the default names it');
      const renamed = await t.request('PUT', `${opts}/${ap.json().field_option.id}`, { field_option: { data: { data_type: 'string', value: 'asia' } } });
      assert.deepEqual([renamed.statusCode, renamed.json().field_option.data.value], [200, 'asia']);
      assert.equal((await t.request('DELETE', `${opts}/${ap.json().field_option.id}`)).statusCode, 204);
      assert.deepEqual((await t.request('GET', opts)).json().field_options.map((o: Json) => o.data.value), ['eu', 'us']);
      const put = await t.request('PUT', `/incidents/custom_fields/${f.id}`, { field: { display_name: 'Cloud region', description: 'Where it runs' } });
      assert.deepEqual([put.statusCode, put.json().field.display_name, put.json().field.description], [200, 'Cloud region', 'Where it runs']);
      assert.equal((await t.request('GET', '/incidents/custom_fields')).json().fields.length, 1);
    });

    it('sets values by id or name, checks them by data and field type, applies defaults and logs changes', async () => {
      const mk = async (f: Record<string, unknown>) => (await field('/incidents/custom_fields', f)).json().field as Json;
      const count = await mk({ name: 'hosts', display_name: 'Hosts', data_type: 'integer', field_type: 'single_value' });
      const tags = await mk({ name: 'labels', display_name: 'Labels', data_type: 'string', field_type: 'multi_value_fixed', field_options: ['a', 'b', 'c'].map((value) => ({ data: { data_type: 'string', value } })) });
      const link = await mk({ name: 'runbook', display_name: 'Runbook', data_type: 'url', field_type: 'single_value' });
      const when = await mk({ name: 'began', display_name: 'Began', data_type: 'datetime', field_type: 'single_value' });
      const { i } = await incident();
      const url = `/incidents/${i.id}/custom_fields/values`;
      const byName = (list: Json[]) => Object.fromEntries(list.map((v) => [v.name, v.value]));
      assert.deepEqual(byName((await t.request('GET', url)).json().custom_fields), { region: 'eu', hosts: null, labels: null, runbook: null, began: null });
      const ok = await t.request('PUT', url, { custom_fields: [{ id: count.id, value: 3 }, { name: 'labels', value: ['a', 'c'] }, { name: 'runbook', value: 'https://wiki/x' }, { name: 'began', value: '2026-01-05T09:00:00Z' }, { name: 'region', value: null }] }, { token: user.token });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.deepEqual(byName(ok.json().custom_fields), { region: null, hosts: 3, labels: ['a', 'c'], runbook: 'https://wiki/x', began: '2026-01-05T09:00:00Z' });
      const refused = [
        [{ name: 'hosts', value: 2.5 }],
        [{ name: 'hosts', value: '3' }],
        [{ name: 'labels', value: ['a', 'z'] }],
        [{ name: 'labels', value: 'a' }],
        [{ name: 'labels', value: ['a', 'a'] }],
        [{ name: 'runbook', value: 'not a url' }],
        [{ name: 'began', value: 'yesterday' }],
        [{ name: 'region', value: 'mars' }],
        [{ name: 'nope', value: 1 }],
        [{ name: 'hosts', value: 9 }, { name: 'hosts', value: 'x' }],
      ];
      for (const body of refused) {
        const res = await t.request('PUT', url, { custom_fields: body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.json().error.code, 2001);
      }
      assert.equal(byName((await t.request('GET', url)).json().custom_fields).hosts, 3, 'all or nothing');
      const shown = (await t.request('GET', `/incidents/${i.id}?include[]=custom_fields`)).json().incident;
      assert.deepEqual(byName(shown.custom_fields), byName(ok.json().custom_fields), 'include[]=custom_fields on the incident');
      assert.equal('custom_fields' in (await t.request('GET', `/incidents/${i.id}`)).json().incident, false);
      assert.equal((await t.request('PUT', url, { custom_fields: [{ name: 'hosts', value: 4 }] }, { token: observer.token })).statusCode, 403);
      assert.equal((await t.request('GET', `/incidents/PNOPE00/custom_fields/values`)).statusCode, 404);
      const log = (await t.request('GET', `/incidents/${i.id}/log_entries`)).json().log_entries.filter((e: Json) => e.type === 'custom_field_value_change_log_entry');
      assert.equal(log.length, 1);
      assert.equal(log[0].agent.id, user.id);
      await t.request('PUT', url, { custom_fields: [{ name: 'hosts', value: 3 }] });
      assert.equal((await t.request('GET', `/incidents/${i.id}/log_entries`)).json().log_entries.filter((e: Json) => e.type === 'custom_field_value_change_log_entry').length, 1, 'an unchanged value logs nothing');
      const opts = (await t.request('GET', `/incidents/custom_fields/${tags.id}/field_options`)).json().field_options;
      await t.request('DELETE', `/incidents/custom_fields/${tags.id}/field_options/${opts[0].id}`);
      assert.deepEqual(byName((await t.request('GET', url)).json().custom_fields).labels, ['c'], 'a deleted option leaves the values');
      await t.request('PUT', `/incidents/custom_fields/${link.id}`, { field: { enabled: false } });
      assert.equal('runbook' in byName((await t.request('GET', url)).json().custom_fields), false, 'a disabled field is not shown');
      assert.equal((await t.request('DELETE', `/incidents/custom_fields/${when.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/incidents/custom_fields/${when.id}`)).statusCode, 404);
    });

    it('gives a typed incident the fields of its type and of the base type; type paths only see their own fields', async () => {
      const sec = (await t.request('POST', '/incidents/types', { incident_type: { name: 'breach', display_name: 'Breach', parent_type: 'incident_default' } })).json().incident_type;
      const path = `/incidents/types/${sec.name}/custom_fields`;
      const made = await field(path, { name: 'severity_level', display_name: 'Severity level', data_type: 'string', field_type: 'single_value_fixed', default_value: 'low', field_options: [{ data: { data_type: 'string', value: 'low' } }, { data: { data_type: 'string', value: 'high' } }] });
      assert.equal(made.statusCode, 201, made.body);
      const f = made.json().field;
      assert.equal(f.incident_type, sec.id);
      assert.equal((await t.request('GET', `/incidents/custom_fields/${f.id}`)).statusCode, 404, 'not a base field');
      assert.equal((await t.request('GET', `${path}/${f.id}/field_options/${f.field_options[1].id}`)).json().field_option.data.value, 'high');
      const put = await t.request('PUT', `${path}/${f.id}`, { field: { field_options: [{ id: f.field_options[0].id, data: { data_type: 'string', value: 'low' } }, { data: { data_type: 'string', value: 'critical' } }] } });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json().field.field_options.map((o: Json) => o.data.value), ['low', 'critical']);
      const { i } = await incident({ incident_type: { name: 'breach' } });
      const values = (await t.request('GET', `/incidents/${i.id}/custom_fields/values`)).json().custom_fields;
      assert.deepEqual(values.find((v: Json) => v.name === 'severity_level').value, 'low');
      assert.ok(values.some((v: Json) => v.name === 'region'), 'base fields too');
      const plain = (await incident()).i;
      assert.equal((await t.request('GET', `/incidents/${plain.id}/custom_fields/values`)).json().custom_fields.some((v: Json) => v.name === 'severity_level'), false);
      t.clock.advance('1m');
      const later = await field('/incidents/custom_fields', { name: 'team_note', display_name: 'Team note', data_type: 'string', field_type: 'single_value', default_value: 'none yet' });
      assert.equal(later.statusCode, 201, later.body);
      assert.equal((await t.request('GET', `/incidents/${plain.id}/custom_fields/values`)).json().custom_fields.find((v: Json) => v.name === 'team_note').value, null, 'a default applies to incidents created after the field');
      assert.equal((await t.request('GET', `/incidents/${(await incident()).i.id}/custom_fields/values`)).json().custom_fields.find((v: Json) => v.name === 'team_note').value, 'none yet');
    });
  });
});

forEachDialect((dialect) => {
  describe(`${dialect}: service custom fields and values`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const serviceId = await makeService(ctx, await makePolicy(ctx, [[t.ownerId]]));
    const observer = await t.makeUser('observer');
    const user = await t.makeUser('user');

    it('keeps service fields apart from incident fields, without defaults, and sets values all or nothing', async () => {
      const made = await t.request('POST', '/services/custom_fields', { field: { name: 'tier', display_name: 'Tier', data_type: 'string', field_type: 'single_value_fixed', field_options: [{ data: { data_type: 'string', value: 'gold' } }, { data: { data_type: 'string', value: 'silver' } }] } });
      assert.equal(made.statusCode, 201, made.body);
      const f = made.json().field;
      assert.deepEqual([f.namespace, 'default_value' in f, f.self.endsWith(`/services/custom_fields/${f.id}`)], ['services', false, true]);
      assert.equal((await t.request('POST', '/incidents/custom_fields', { field: { name: 'tier', display_name: 'Tier', data_type: 'string', field_type: 'single_value' } })).statusCode, 201, 'names are per namespace');
      assert.equal((await t.request('GET', `/incidents/custom_fields/${f.id}`)).statusCode, 404);
      assert.equal((await t.request('POST', '/services/custom_fields', { field: { name: 'x', display_name: 'X', data_type: 'string', field_type: 'single_value', default_value: 'a' } })).statusCode, 400);
      assert.equal((await t.request('POST', '/services/custom_fields', { field: { name: 'y', display_name: 'Y', data_type: 'string', field_type: 'single_value' } }, { token: user.token })).statusCode, 403);
      const long = 'l'.repeat(150);
      const opt = await t.request('POST', `/services/custom_fields/${f.id}/field_options`, { field_option: { data: { data_type: 'string', value: long } } });
      assert.equal(opt.statusCode, 201, 'service options take up to 200 characters');
      assert.equal((await t.request('GET', `/services/custom_fields/${f.id}/field_options/${opt.json().field_option.id}`)).json().field_option.data.value, long);
      const url = `/services/${serviceId}/custom_fields/values`;
      assert.deepEqual((await t.request('GET', url)).json().custom_fields.map((v: Json) => [v.name, v.value]), [['tier', null]]);
      const set = await t.request('PUT', url, { custom_fields: [{ name: 'tier', value: 'gold' }] });
      assert.equal(set.statusCode, 201, set.body);
      assert.deepEqual(set.json().custom_fields.map((v: Json) => [v.name, v.value]), [['tier', 'gold']]);
      assert.equal((await t.request('PUT', url, { custom_fields: [{ name: 'tier', value: 'bronze' }] })).statusCode, 400);
      assert.equal((await t.request('PUT', url, { custom_fields: [{ name: 'tier', value: null }] }, { token: observer.token })).statusCode, 403);
      assert.equal((await t.request('GET', '/services/PNOPE00/custom_fields/values')).statusCode, 404);
      assert.equal((await t.request('DELETE', `/services/custom_fields/${f.id}`)).statusCode, 204);
      assert.deepEqual((await t.request('GET', url)).json().custom_fields, []);
    });
  });
});
