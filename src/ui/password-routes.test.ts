import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setUserPassword } from '../accounts/set-password.js';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';

const UI = { 'x-requested-with': 'tocsin-ui' };

forEachDialect((dialect) => {
  describe(`${dialect}: PUT /users/{id}/password`, async () => {
    const t = await buildTestApp(dialect);
    const login = async (email: string, password: string) => {
      const r = await t.request('POST', '/auth/login', { email, password }, { token: null, headers: UI });
      return r.statusCode === 200 ? `tocsin_session=${/tocsin_session=([^;]*)/.exec(String(r.headers['set-cookie']))![1]}` : null;
    };
    const me = (cookie: string) => t.request('GET', '/users/me', undefined, { token: null, headers: { cookie } });

    it('changes one’s own password with the current one, ending every other session', async () => {
      await setUserPassword(t.app.ctx.db, OWNER_EMAIL, 'old password');
      const a = (await login(OWNER_EMAIL, 'old password'))!;
      const b = (await login(OWNER_EMAIL, 'old password'))!;
      const put = (cookie: string, body: object) =>
        t.request('PUT', `/users/${t.ownerId}/password`, body, { token: null, headers: { cookie, ...UI } });

      const wrong = await put(a, { current_password: 'nope nope', password: 'new password' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.json().error.errors[0], /current_password/);
      const noHeader = await t.request('PUT', `/users/${t.ownerId}/password`, { current_password: 'old password', password: 'new password' }, { token: null, headers: { cookie: a } });
      assert.equal(noHeader.statusCode, 403);
      const short = await put(a, { current_password: 'old password', password: 'short' });
      assert.equal(short.statusCode, 400);

      const ok = await put(a, { current_password: 'old password', password: 'new password' });
      assert.equal(ok.statusCode, 204);
      const fresh = `tocsin_session=${/tocsin_session=([^;]*)/.exec(String(ok.headers['set-cookie']))![1]}`;
      assert.equal((await me(a)).statusCode, 401);
      assert.equal((await me(b)).statusCode, 401);
      assert.equal((await me(fresh)).statusCode, 200);
      assert.equal(await login(OWNER_EMAIL, 'old password'), null);
      assert.ok(await login(OWNER_EMAIL, 'new password'));
    });

    it('lets owners and admins set other users’ passwords, but only the owner the owner’s', async () => {
      const admin = await t.makeUser('admin');
      const user = await t.makeUser('user');
      const other = await t.makeUser('user');
      assert.equal((await t.request('PUT', `/users/${user.id}/password`, { password: 'from the owner' })).statusCode, 204);
      assert.ok(await login(user.email, 'from the owner'));
      assert.equal((await t.request('PUT', `/users/${other.id}/password`, { password: 'from an admin' }, { token: admin.token })).statusCode, 204);
      assert.equal((await t.request('PUT', `/users/${other.id}/password`, { password: 'from a user!' }, { token: user.token })).statusCode, 403);
      assert.equal((await t.request('PUT', `/users/${t.ownerId}/password`, { password: 'admin takeover' }, { token: admin.token })).statusCode, 403);
      assert.equal((await t.request('PUT', `/users/${admin.id}/password`, { password: 'owner sets it' })).statusCode, 204);
      assert.equal((await t.request('PUT', `/users/PNOSUCH/password`, { password: 'whatever123' })).statusCode, 404);
      assert.ok(await login(other.email, 'from an admin'));
    });

    it('limits wrong current-password guesses', async () => {
      const u = await t.makeUser('user');
      await setUserPassword(t.app.ctx.db, u.email, 'right password');
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        codes.push((await t.request('PUT', `/users/${u.id}/password`, { current_password: `guess ${i}`, password: 'whatever123' }, { token: u.token })).statusCode);
      }
      assert.deepEqual(codes, [...Array(10).fill(400), 429]);
    });
  });
});
