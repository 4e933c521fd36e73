import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp } from '../testing/app.js';
import { setUserPassword } from './set-password.js';
import { UNKNOWN_BROWSER } from './session-routes.js';
import { FULL_USER_LICENSE } from './license-routes.js';

const UI = { 'x-requested-with': 'tocsin-ui' };

forEachDialect((dialect) => {
  describe(`${dialect}: /users/{id}/sessions and licences`, async () => {
    const t = await buildTestApp(dialect);
    const ada = await t.makeUser('user', 'Ada');
    const bob = await t.makeUser('user', 'Bob');
    await setUserPassword(t.app.ctx.db, ada.email, 'correct horse');
    const signIn = async (ua?: string) => {
      const res = await t.request('POST', '/auth/login', { email: ada.email, password: 'correct horse' }, { token: null, headers: { ...UI, 'user-agent': ua ?? '' } });
      assert.equal(res.statusCode, 200, res.body);
      const m = /tocsin_session=([^;]*)/.exec(String(res.headers['set-cookie']));
      return { cookie: `tocsin_session=${m![1]}`, ...UI };
    };
    const signedIn = async (headers: Record<string, string>) => (await t.request('GET', '/users/me', undefined, { token: null, headers })).statusCode;

    it('lists a user\'s browser sessions by User-Agent; deleting one signs that browser out only', async () => {
      const firefox = await signIn('Mozilla/5.0 Firefox/133.0');
      t.clock.advance(1000);
      const chrome = await signIn('Mozilla/5.0 Chrome/131.0');
      t.clock.advance(1000);
      await signIn();
      const list = await t.request('GET', `/users/${ada.id}/sessions`, undefined, { token: ada.token });
      assert.equal(list.statusCode, 200, list.body);
      const sessions = list.json().user_sessions;
      assert.deepEqual(sessions.map((s: any) => [s.type, s.user_id, s.summary]), [
        ['browser', ada.id, 'Mozilla/5.0 Firefox/133.0'],
        ['browser', ada.id, 'Mozilla/5.0 Chrome/131.0'],
        ['browser', ada.id, UNKNOWN_BROWSER],
      ]);
      // The public id is not the cookie, nor a hash of it that the database keeps.
      assert.ok(!firefox.cookie.includes(sessions[0].id));
      const one = await t.request('GET', `/users/${ada.id}/sessions/browser/${sessions[1].id}`, undefined, { token: ada.token });
      assert.equal(one.json().user_session.summary, 'Mozilla/5.0 Chrome/131.0');
      assert.equal((await t.request('GET', `/users/${ada.id}/sessions/oauth/${sessions[1].id}`)).statusCode, 404);

      assert.equal(await signedIn(chrome), 200);
      const del = await t.request('DELETE', `/users/${ada.id}/sessions/browser/${sessions[1].id}`, undefined, { token: ada.token });
      assert.equal(del.statusCode, 204, del.body);
      assert.equal(await signedIn(chrome), 401);
      assert.equal(await signedIn(firefox), 200);
      assert.equal((await t.request('DELETE', `/users/${ada.id}/sessions/browser/${sessions[1].id}`)).statusCode, 404);
      assert.equal((await t.request('GET', `/users/${ada.id}/sessions`)).json().user_sessions.length, 2);
    });

    it('lets only the user, owners and admins see or end sessions; DELETE all signs out everywhere', async () => {
      const firefox = await signIn('Firefox');
      assert.equal((await t.request('GET', `/users/${ada.id}/sessions`, undefined, { token: bob.token })).statusCode, 403);
      assert.equal((await t.request('DELETE', `/users/${ada.id}/sessions`, undefined, { token: bob.token })).statusCode, 403);
      assert.equal(await signedIn(firefox), 200);
      assert.equal((await t.request('GET', '/users/PNOPE00/sessions')).statusCode, 404);
      const all = await t.request('DELETE', `/users/${ada.id}/sessions`);
      assert.equal(all.statusCode, 204);
      assert.equal(await signedIn(firefox), 401);
      assert.deepEqual((await t.request('GET', `/users/${ada.id}/sessions`)).json().user_sessions, []);
      // Expired sessions are not listed.
      await signIn('Old');
      t.clock.advance(13 * 3_600_000);
      assert.deepEqual((await t.request('GET', `/users/${ada.id}/sessions`)).json().user_sessions, []);
    });

    it('answers the one built-in full-user licence, held by every live user', async () => {
      const licenses = (await t.request('GET', '/licenses')).json().licenses;
      assert.equal(licenses.length, 1);
      assert.equal(licenses[0].id, FULL_USER_LICENSE.id);
      assert.equal(licenses[0].current_value, 3);
      assert.equal(licenses[0].allocations_available, null);
      assert.equal((await t.request('GET', `/users/${bob.id}/license`)).json().license.role_group, 'FullUser');
      assert.equal((await t.request('GET', '/users/PNOPE00/license')).statusCode, 404);
      const page = (await t.request('GET', '/license_allocations?limit=2')).json();
      assert.equal(page.license_allocations.length, 2);
      assert.equal(page.total, 3);
      assert.equal(page.more, true);
      assert.equal(page.license_allocations[0].license.id, FULL_USER_LICENSE.id);
      assert.equal(page.license_allocations[0].user.type, 'user_reference');
      assert.equal((await t.request('DELETE', `/users/${bob.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', '/licenses')).json().licenses[0].current_value, 2);
    });
  });
});
