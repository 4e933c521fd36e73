import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildEscalationPolicy, buildTeam, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';
import { fastForward, makeService, MIN } from '../../test/scenarios/helpers.js';
import { listTimersOfSubject } from '../engine/index.js';
import { createApiToken } from '../accounts/index.js';

const from = { headers: { from: OWNER_EMAIL } };

forEachDialect((dialect) => {
  describe(`${dialect}: /maintenance_windows`, async () => {
    const t = await buildTestApp(dialect);
    const ep = await buildEscalationPolicy(t);
    const team = await buildTeam(t);
    const svc = await makeService(t, ep.id, { teams: [{ id: team.id, type: 'team_reference' }] });
    const other = await makeService(t, ep.id);
    const at = (min: number) => new Date(t.clock.now() + min * MIN).toISOString();
    const post = (body: Record<string, unknown>, opts = from) =>
      t.request('POST', '/maintenance_windows', { maintenance_window: { type: 'maintenance_window', ...body } }, opts);
    const status = async (id: string) => (await t.request('GET', `/services/${id}`)).json().service.status;

    it('include[]=services, teams, users: the full objects in the same fields, on the list and on one window', async () => {
      const res = await post({ start_time: at(100), end_time: at(160), description: 'Included', services: [{ id: svc.id, type: 'service_reference' }] });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().maintenance_window.id;
      const one = (await t.request('GET', `/maintenance_windows/${id}?include[]=services&include[]=teams&include[]=users`)).json().maintenance_window;
      assert.equal(one.services[0].type, 'service');
      assert.equal(one.services[0].id, svc.id);
      assert.ok('escalation_policy' in one.services[0]);
      assert.equal(one.teams[0].type, 'team');
      assert.equal(one.created_by.type, 'user');
      assert.equal(one.created_by.email, OWNER_EMAIL);
      const list = (await t.request('GET', '/maintenance_windows?filter=future&include[]=services')).json().maintenance_windows;
      const w = list.find((x: { id: string }) => x.id === id);
      assert.equal(w.services[0].type, 'service');
      assert.equal(w.teams[0].type, 'team_reference');
      assert.equal(w.created_by.type, 'user_reference');
      await t.request('DELETE', `/maintenance_windows/${id}`);
    });

    it('creates a window with PagerDuty fields; a start in the past becomes now', async () => {
      const res = await post({ start_time: at(-10), end_time: at(60), description: 'Upgrade', services: [{ id: svc.id, type: 'service_reference' }] });
      assert.equal(res.statusCode, 201, res.body);
      const w = res.json().maintenance_window;
      assert.equal(w.type, 'maintenance_window');
      assert.equal(w.summary, 'Upgrade');
      assert.equal(w.description, 'Upgrade');
      assert.equal(w.self, `http://tocsin.test/maintenance_windows/${w.id}`);
      assert.equal(typeof w.sequence_number, 'number');
      assert.equal(w.start_time, new Date(t.clock.now()).toISOString());
      assert.equal(w.end_time, at(60));
      assert.equal(w.created_by.id, t.ownerId);
      assert.equal(w.created_by.type, 'user_reference');
      assert.deepEqual(w.services.map((s: { id: string; type: string }) => [s.id, s.type]), [[svc.id, 'service_reference']]);
      assert.deepEqual(w.teams.map((s: { id: string; summary: string }) => [s.id, s.summary]), [[team.id, team.name]]);
      assert.equal(await status(svc.id), 'maintenance');
      assert.equal(await status(other.id), 'active');
      // Ends by itself and the service is back online.
      await fastForward(t, 61 * MIN);
      assert.equal(await status(svc.id), 'active');
      assert.deepEqual(await listTimersOfSubject(t.app.ctx.db, w.id), []);
      const got = await t.request('GET', `/maintenance_windows/${w.id}`);
      assert.equal(got.statusCode, 200);
      assert.equal(got.json().maintenance_window.id, w.id);
    });

    it('rejects an end in the past or before the start, no services, unknown services', async () => {
      const services = [{ id: svc.id, type: 'service_reference' }];
      let res = await post({ start_time: at(-60), end_time: at(-1), services });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 2001);
      res = await post({ start_time: at(30), end_time: at(20), services });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.errors.join(' '), /after the start/);
      res = await post({ start_time: at(1), end_time: at(20), services: [] });
      assert.equal(res.statusCode, 400);
      res = await post({ start_time: at(1), end_time: at(20), services: [{ id: 'PNOPE00', type: 'service_reference' }] });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 2002);
      res = await post({ start_time: 'yesterday-ish', end_time: at(20), services });
      assert.equal(res.statusCode, 400);
      res = await t.request('POST', '/maintenance_windows', {});
      assert.equal(res.statusCode, 400);
    });

    it('needs From for an account-level token (2011) and write permission', async () => {
      const observer = await buildUser(t, { role: 'observer' });
      const body = { start_time: at(1), end_time: at(20), services: [{ id: svc.id, type: 'service_reference' }] };
      let res = await post(body, { token: observer.token, headers: {} } as never);
      assert.equal(res.statusCode, 403);
      const account = await createApiToken(t.app.ctx.db, t.app.ctx, { userId: null });
      res = await post(body, { token: account, headers: {} } as never);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 2011);
      res = await post(body, { token: account, headers: { from: OWNER_EMAIL } } as never);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().maintenance_window.created_by.id, t.ownerId);
      await t.request('DELETE', `/maintenance_windows/${res.json().maintenance_window.id}`);
    });

    it('deletes a future window, ends an ongoing one now, and refuses a past one with 405/5003', async () => {
      const services = [{ id: other.id, type: 'service_reference' }];
      const future = (await post({ start_time: at(30), end_time: at(90), services })).json().maintenance_window;
      assert.equal(await status(other.id), 'active');
      assert.equal((await t.request('DELETE', `/maintenance_windows/${future.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/maintenance_windows/${future.id}`)).statusCode, 404);
      assert.deepEqual(await listTimersOfSubject(t.app.ctx.db, future.id), []);

      const ongoing = (await post({ start_time: at(0), end_time: at(90), services })).json().maintenance_window;
      assert.equal(await status(other.id), 'maintenance');
      assert.equal((await t.request('DELETE', `/maintenance_windows/${ongoing.id}`)).statusCode, 204);
      assert.equal(await status(other.id), 'active');
      const ended = (await t.request('GET', `/maintenance_windows/${ongoing.id}`)).json().maintenance_window;
      assert.equal(ended.end_time, new Date(t.clock.now()).toISOString());

      t.clock.advance('1m');
      const res = await t.request('DELETE', `/maintenance_windows/${ongoing.id}`);
      assert.equal(res.statusCode, 405);
      assert.equal(res.json().error.code, 5003);
      assert.equal(res.json().error.message, 'Cannot cancel a maintenance window from the past');
      assert.equal((await t.request('DELETE', '/maintenance_windows/PNOPE00')).statusCode, 404);
    });

    it('updates partially and moves the timers with the window', async () => {
      const services = [{ id: other.id, type: 'service_reference' }];
      const w = (await post({ start_time: at(10), end_time: at(20), description: 'a', services })).json().maintenance_window;
      let res = await t.request('PUT', `/maintenance_windows/${w.id}`, { maintenance_window: { end_time: at(40) } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().maintenance_window.description, 'a');
      assert.equal(res.json().maintenance_window.end_time, at(40));
      res = await t.request('PUT', `/maintenance_windows/${w.id}`, { maintenance_window: { end_time: at(5) } });
      assert.equal(res.statusCode, 400);
      await fastForward(t, 15 * MIN);
      assert.equal(await status(other.id), 'maintenance');
      await fastForward(t, 10 * MIN);
      assert.equal(await status(other.id), 'maintenance');
      await fastForward(t, 15 * MIN);
      assert.equal(await status(other.id), 'active');
      res = await t.request('PUT', `/maintenance_windows/${w.id}`, { maintenance_window: { description: 'late' } });
      assert.equal(res.statusCode, 405);
    });

    it('lists with filter, service_ids[], team_ids[], query and paging', async () => {
      const a = (await post({ start_time: at(0), end_time: at(60), description: 'alpha now', services: [{ id: svc.id }] })).json().maintenance_window;
      const b = (await post({ start_time: at(120), end_time: at(180), description: 'beta later', services: [{ id: other.id }] })).json().maintenance_window;
      const ids = async (qs: string) => {
        const res = await t.request('GET', `/maintenance_windows?${qs}`);
        assert.equal(res.statusCode, 200, res.body);
        return res.json().maintenance_windows.map((w: { id: string }) => w.id) as string[];
      };
      assert.deepEqual(await ids('filter=ongoing'), [a.id]);
      assert.deepEqual(await ids('filter=future'), [b.id]);
      const open = await ids('filter=open');
      assert.ok(open.includes(a.id) && open.includes(b.id));
      assert.ok(!(await ids('filter=past')).includes(a.id));
      assert.ok((await ids('filter=past')).length >= 2);
      assert.deepEqual(await ids(`filter=open&service_ids[]=${other.id}`), [b.id]);
      assert.deepEqual(await ids(`filter=open&team_ids[]=${team.id}`), [a.id]);
      assert.deepEqual(await ids('query=BETA'), [b.id]);
      const res = await t.request('GET', '/maintenance_windows?limit=1&total=true');
      assert.equal(res.json().limit, 1);
      assert.equal(res.json().more, true);
      assert.ok(res.json().total >= 4);
      assert.equal((await t.request('GET', '/maintenance_windows?filter=nope')).statusCode, 400);
    });

    it('matches % and _ in query literally (SQLite needs the ESCAPE clause)', async () => {
      const pct = (await post({ start_time: at(300), end_time: at(360), description: 'Shrink disk to 50% used', services: [{ id: other.id }] })).json().maintenance_window;
      const five = (await post({ start_time: at(400), end_time: at(460), description: 'Shrink disk to 500 GB', services: [{ id: other.id }] })).json().maintenance_window;
      const under = (await post({ start_time: at(500), end_time: at(560), description: 'Rotate db_primary', services: [{ id: other.id }] })).json().maintenance_window;
      const ids = async (query: string) =>
        (await t.request('GET', `/maintenance_windows?filter=future&query=${encodeURIComponent(query)}`)).json().maintenance_windows.map((w: { id: string }) => w.id);
      assert.deepEqual(await ids('50%'), [pct.id]);
      assert.deepEqual(await ids('db_p'), [under.id]);
      assert.deepEqual(await ids('b_p'), [under.id]);
      assert.deepEqual(await ids('500'), [five.id]);
    });

    it('lets a team manager put only their own teams’ services into maintenance, each one checked', async () => {
      const mgr = await t.makeUser('limited_user');
      const mine = await buildTeam(t, { members: [{ userId: mgr.id, role: 'manager' }] });
      const theirs = await buildTeam(t);
      const own = await makeService(t, ep.id, { teams: [{ id: mine.id, type: 'team_reference' }] });
      const foreign = await makeService(t, ep.id, { teams: [{ id: theirs.id, type: 'team_reference' }] });
      const asMgr = { token: mgr.token, headers: {} } as never;
      const body = (...ids: string[]) => ({ start_time: at(5), end_time: at(30), services: ids.map((id) => ({ id, type: 'service_reference' })) });
      // A window naming one of theirs and one foreign (or teamless) service is refused as a whole.
      for (const outsider of [foreign.id, other.id]) {
        const res = await post(body(own.id, outsider), asMgr);
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(res.json().error.code, 2010);
      }
      const ok = await post(body(own.id), asMgr);
      assert.equal(ok.statusCode, 201, ok.body);
      const id = ok.json().maintenance_window.id;
      // Adding a foreign service by PUT is refused too, and changes nothing.
      const put = await t.request('PUT', `/maintenance_windows/${id}`, { maintenance_window: body(own.id, foreign.id) }, asMgr);
      assert.equal(put.statusCode, 403, put.body);
      const got = (await t.request('GET', `/maintenance_windows/${id}`)).json().maintenance_window;
      assert.deepEqual(got.services.map((s: { id: string }) => s.id), [own.id]);
    });
  });
});
