import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL, type TestApp } from '../testing/app.js';
import { buildEscalationPolicy, buildTeam, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';

const SLACK = 'PSLACKX';
const V2 = 'PWHV2GN';

async function service(t: TestApp, teamIds: string[] = []): Promise<{ id: string; name: string }> {
  const ep = await buildEscalationPolicy(t);
  const res = await t.request(
    'POST',
    '/services',
    { service: { type: 'service', name: `Svc ${ep.id}`, escalation_policy: { id: ep.id, type: 'escalation_policy_reference' }, teams: teamIds.map((id) => ({ id, type: 'team_reference' })) } },
    { headers: { from: OWNER_EMAIL } },
  );
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().service.id, name: res.json().service.name };
}

const slackBody = (serviceId: string, over: Record<string, unknown> = {}) => ({
  extension: { name: 'Ops channel', extension_schema: { id: SLACK, type: 'extension_schema_reference' }, extension_objects: [{ id: serviceId, type: 'service_reference' }], config: { channel: 'C0123ABCD' }, ...over },
});
const v2Body = (serviceId: string, over: Record<string, unknown> = {}) => ({
  extension: { name: 'Legacy tool', endpoint_url: 'https://tools.example.com/pd', extension_schema: { id: V2 }, extension_objects: [{ id: serviceId }], ...over },
});

forEachDialect((dialect) => {
  describe(`${dialect}: extensions API`, async () => {
    const t = await buildTestApp(dialect, { TOCSIN_SLACK_BOT_TOKEN: 'xoxb-1-test' });

    it('lists the extension schemas (Slack and Generic V2 Webhook) with key and label, and shows one', async () => {
      const res = await t.request('GET', '/extension_schemas?total=true');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.extension_schemas.map((s: { label: string }) => s.label), ['Slack', 'Generic V2 Webhook']);
      assert.deepEqual(body.extension_schemas.map((s: { key: string }) => s.key), ['slack_v2', 'generic_v2_webhook']);
      assert.deepEqual([body.limit, body.offset, body.more, body.total], [25, 0, false, 2]);
      const one = await t.request('GET', `/extension_schemas/${V2}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().extension_schema.type, 'extension_schema');
      assert.equal(one.json().extension_schema.self, `http://tocsin.test/extension_schemas/${V2}`);
      assert.ok(one.json().extension_schema.send_types.includes('trigger'));
      const page = await t.request('GET', '/extension_schemas?limit=1&offset=1');
      assert.deepEqual([page.json().extension_schemas[0].id, page.json().more], [V2, false]);
      assert.equal((await t.request('GET', '/extension_schemas/PNOPE00')).statusCode, 404);
    });

    it('creates, shows, updates, enables and deletes an extension with PagerDuty shapes', async () => {
      const s = await service(t);
      const res = await t.request('POST', '/extensions', slackBody(s.id, { endpoint_url: 'https://ignored.example.com' }));
      assert.equal(res.statusCode, 201, res.body);
      const x = res.json().extension;
      assert.deepEqual(x, {
        id: x.id,
        type: 'extension',
        summary: 'Ops channel',
        self: `http://tocsin.test/extensions/${x.id}`,
        html_url: null,
        name: 'Ops channel',
        extension_objects: [{ id: s.id, type: 'service_reference', summary: s.name, self: `http://tocsin.test/services/${s.id}`, html_url: `http://tocsin.test/ui/service-directory/${s.id}` }],
        extension_schema: { id: SLACK, type: 'extension_schema_reference', summary: 'Slack', self: `http://tocsin.test/extension_schemas/${SLACK}`, html_url: null },
        temporarily_disabled: false,
        config: { channel: 'C0123ABCD' },
      });
      const shown = await t.request('GET', `/extensions/${x.id}?include[]=extension_schemas&include[]=extension_objects`);
      assert.equal(shown.statusCode, 200, shown.body);
      assert.equal(shown.json().extension.extension_schema.key, 'slack_v2');
      assert.equal(shown.json().extension.extension_objects[0].type, 'service');
      assert.equal(shown.json().extension.extension_objects[0].name, s.name);

      const put = await t.request('PUT', `/extensions/${x.id}`, { extension: { name: 'Renamed', config: { channel: 'G0SECRET1' } } });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().extension.name, 'Renamed');
      assert.deepEqual(put.json().extension.config, { channel: 'G0SECRET1' });
      assert.equal(put.json().extension.extension_objects[0].id, s.id);

      const en = await t.request('POST', `/extensions/${x.id}/enable`);
      assert.equal(en.statusCode, 200, en.body);
      assert.equal(en.json().extension.temporarily_disabled, false);

      assert.equal((await t.request('DELETE', `/extensions/${x.id}`)).statusCode, 204);
      const gone = await t.request('GET', `/extensions/${x.id}`);
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json().error.code, 2100);
      assert.equal((await t.request('DELETE', `/extensions/${x.id}`)).statusCode, 404);
      assert.equal((await t.request('PUT', `/extensions/${x.id}`, { extension: { name: 'x' } })).statusCode, 404);
    });

    it('validates: schema, services, Slack channel id, endpoint URL, missing fields', async () => {
      const s = await service(t);
      const cases: Array<[unknown, RegExp]> = [
        [slackBody(s.id, { extension_schema: { id: 'PNOPE00' } }), /not a known extension schema/],
        [slackBody('PNOSVC0'), /service PNOSVC0 was not found/],
        [slackBody(s.id, { config: { channel: '#ops' } }), /config\.channel must be a Slack channel id/],
        [slackBody(s.id, { config: null }), /config\.channel must be a Slack channel id/],
        [v2Body(s.id, { endpoint_url: null }), /endpoint_url is required/],
        [v2Body(s.id, { endpoint_url: 'ftp://x.example.com/' }), /endpoint_url must be an http or https URL/],
        [v2Body(s.id, { endpoint_url: 'http://127.0.0.1:9/' }), /endpoint_url must not point at a private or loopback address/],
      ];
      for (const [body, re] of cases) {
        const res = await t.request('POST', '/extensions', body);
        assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
        assert.equal(res.json().error.code, 2001);
        assert.ok(res.json().error.errors.some((e: string) => re.test(e)), res.body);
      }
      for (const body of [{}, { extension: { name: 'x', extension_schema: { id: V2 } } }, { extension: { ...v2Body(s.id).extension, extension_objects: [] } }]) {
        const res = await t.request('POST', '/extensions', body);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error.code, 2001);
      }
      const ok = await t.request('POST', '/extensions', v2Body(s.id));
      assert.equal(ok.statusCode, 201, ok.body);
      const bad = await t.request('PUT', `/extensions/${ok.json().extension.id}`, { extension: { endpoint_url: 'not a url' } });
      assert.equal(bad.statusCode, 400);
      assert.equal((await t.request('GET', `/extensions/${ok.json().extension.id}`)).json().extension.endpoint_url, 'https://tools.example.com/pd');
    });

    it('lists with query, extension_object_id, extension_schema_id filters and pagination', async () => {
      const a = await service(t);
      const b = await service(t);
      const ids: Record<string, string> = {};
      for (const [name, body] of [
        ['Alpha 50%_off', slackBody(a.id, { name: 'Alpha 50%_off' })],
        ['Beta hook', v2Body(a.id, { name: 'Beta hook' })],
        ['Gamma hook', v2Body(b.id, { name: 'Gamma hook' })],
      ] as const) {
        const res = await t.request('POST', '/extensions', body);
        assert.equal(res.statusCode, 201, res.body);
        ids[name] = res.json().extension.id;
      }
      const names = async (q: string) => (await t.request('GET', `/extensions?${q}`)).json().extensions.map((x: { name: string }) => x.name);
      assert.deepEqual(await names(`extension_object_id=${a.id}`), ['Alpha 50%_off', 'Beta hook']);
      assert.deepEqual(await names(`extension_object_id=${b.id}&extension_schema_id=${V2}`), ['Gamma hook']);
      assert.deepEqual(await names(`extension_object_id=${a.id}&extension_schema_id=${SLACK}`), ['Alpha 50%_off']);
      assert.deepEqual(await names(`extension_object_id=${a.id}&query=HOOK`), ['Beta hook']);
      // LIKE wildcards in the query are plain characters.
      assert.deepEqual(await names(`extension_object_id=${a.id}&query=50%25_`), ['Alpha 50%_off']);
      assert.deepEqual(await names(`extension_object_id=${a.id}&query=5_%25`), []);
      const page = (await t.request('GET', `/extensions?extension_object_id=${a.id}&limit=1&total=true`)).json();
      assert.deepEqual([page.extensions.length, page.more, page.total, page.limit], [1, true, 2, 1]);
      const inc = (await t.request('GET', `/extensions?extension_object_id=${b.id}&include[]=extension_schemas`)).json();
      assert.equal(inc.extensions[0].extension_schema.label, 'Generic V2 Webhook');
      assert.equal((await t.request('GET', '/extensions?include[]=nonsense')).statusCode, 400);
    });

    it('drops a deleted service from the extensions that named it', async () => {
      const keep = await service(t);
      const doomed = await service(t);
      const res = await t.request('POST', '/extensions', v2Body(keep.id, { extension_objects: [{ id: keep.id }, { id: doomed.id }] }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal((await t.request('DELETE', `/services/${doomed.id}`)).statusCode, 204);
      const x = (await t.request('GET', `/extensions/${res.json().extension.id}`)).json().extension;
      assert.deepEqual(x.extension_objects.map((o: { id: string }) => o.id), [keep.id]);
      assert.deepEqual((await t.request('GET', `/extensions?extension_object_id=${doomed.id}`)).json().extensions, []);
      const renamed = await t.request('PUT', `/extensions/${x.id}`, { extension: { name: 'Still editable' } });
      assert.equal(renamed.statusCode, 200, renamed.body);
    });

    it("lets admins, the owner and managers of the service's team write extensions; refuses others with 403", async () => {
      const manager = await buildUser(t, { role: 'user' });
      const responder = await buildUser(t, { role: 'user' });
      const otherManager = await buildUser(t, { role: 'user' });
      const admin = await buildUser(t, { role: 'admin' });
      const observer = await buildUser(t, { role: 'observer' });
      const team = await buildTeam(t, { members: [{ userId: manager.id, role: 'manager' }, { userId: responder.id, role: 'responder' }] });
      await buildTeam(t, { members: [{ userId: otherManager.id, role: 'manager' }] });
      const s = await service(t, [team.id]);
      const plain = await service(t);

      for (const who of [responder, otherManager, observer]) {
        const res = await t.request('POST', '/extensions', v2Body(s.id), { token: who.token });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error.code, 2010);
      }
      const byManager = await t.request('POST', '/extensions', v2Body(s.id), { token: manager.token });
      assert.equal(byManager.statusCode, 201, byManager.body);
      const id = byManager.json().extension.id;
      // A manager of one service's team cannot add a service outside the team.
      const widen = await t.request('PUT', `/extensions/${id}`, { extension: { extension_objects: [{ id: s.id }, { id: plain.id }] } }, { token: manager.token });
      assert.equal(widen.statusCode, 403, widen.body);
      const byAdmin = await t.request('PUT', `/extensions/${id}`, { extension: { extension_objects: [{ id: s.id }, { id: plain.id }] } }, { token: admin.token });
      assert.equal(byAdmin.statusCode, 200, byAdmin.body);
      // Now the extension also covers a service the manager may not write: they may no longer edit or delete it.
      assert.equal((await t.request('DELETE', `/extensions/${id}`, undefined, { token: manager.token })).statusCode, 403);
      assert.equal((await t.request('POST', `/extensions/${id}/enable`, undefined, { token: responder.token })).statusCode, 403);
      // Reads are open to every authenticated user.
      assert.equal((await t.request('GET', `/extensions/${id}`, undefined, { token: observer.token })).statusCode, 200);
      assert.equal((await t.request('DELETE', `/extensions/${id}`, undefined, { token: admin.token })).statusCode, 204);
      assert.equal((await t.request('GET', '/extensions', undefined, { token: null })).statusCode, 401);
    });
  });

  describe(`${dialect}: extensions API without Slack set up`, async () => {
    const t = await buildTestApp(dialect);
    it('refuses a Slack extension, naming TOCSIN_SLACK_BOT_TOKEN, and still takes Generic V2 Webhooks', async () => {
      const s = await service(t);
      const res = await t.request('POST', '/extensions', slackBody(s.id));
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.errors.join(' '), /TOCSIN_SLACK_BOT_TOKEN/);
      assert.equal((await t.request('POST', '/extensions', v2Body(s.id))).statusCode, 201);
    });
  });
});
