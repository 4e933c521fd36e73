import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { setUserPassword } from '../accounts/set-password.js';
import { issueSetupCode } from '../accounts/index.js';

const UI = { 'x-requested-with': 'tocsin-ui' };

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : (setCookie ?? '');
  const m = /tocsin_session=([^;]*)/.exec(header);
  assert.ok(m, `no session cookie in ${header}`);
  return m[1];
}

forEachDialect((dialect) => {
  describe(`${dialect}: UI sign-in`, async () => {
    const t = await buildTestApp(dialect);
    const noToken = { token: null };

    it('refuses to let anyone claim the owner without the setup code printed on the console', async () => {
      const code = await issueSetupCode(t.app.ctx.db, t.clock);
      assert.ok(code);
      for (const body of [{ password: 'attacker pw' }, { password: 'attacker pw', code: '' }, { password: 'attacker pw', code: 'AAAA-BBBB-CCCC-DDDD' }]) {
        const r = await t.request('POST', '/auth/setup', body, { ...noToken, headers: UI });
        assert.equal(r.statusCode, 403, JSON.stringify(body));
        assert.match(r.json().error.errors[0], /setup code/);
        assert.equal(r.headers['set-cookie'], undefined);
      }
      // Loopback gets no favour: behind a reverse proxy on the same host every client is loopback.
      const local = await t.app.http.inject({ method: 'POST', url: '/auth/setup', remoteAddress: '127.0.0.1', headers: UI, payload: { password: 'attacker pw' } });
      assert.equal(local.statusCode, 403);
      assert.deepEqual((await t.request('GET', '/auth/setup', undefined, noToken)).json(), { needs_password: true, owner_email: OWNER_EMAIL });
    });

    it('lets the first-run page set the owner password once, with the setup code, and signs the owner in', async () => {
      const status = await t.request('GET', '/auth/setup', undefined, noToken);
      assert.deepEqual(status.json(), { needs_password: true, owner_email: OWNER_EMAIL });
      // Each start issues a code; any live one works, typed in any case, with or without dashes.
      const older = (await issueSetupCode(t.app.ctx.db, t.clock))!;
      const code = (await issueSetupCode(t.app.ctx.db, t.clock))!;
      assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);

      const noHeader = await t.request('POST', '/auth/setup', { password: 'correct horse', code }, noToken);
      assert.equal(noHeader.statusCode, 403);
      const short = await t.request('POST', '/auth/setup', { password: 'short', code }, { ...noToken, headers: UI });
      assert.equal(short.statusCode, 400);
      assert.match(short.json().error.errors[0], /at least 8/);

      const typed = ` ${code.replace(/-/g, '').toLowerCase()} `;
      const ok = await t.request('POST', '/auth/setup', { password: 'correct horse', code: typed }, { ...noToken, headers: UI });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().user.email, OWNER_EMAIL);
      const cookieHeader = String(ok.headers['set-cookie']);
      assert.match(cookieHeader, /HttpOnly/);
      assert.match(cookieHeader, /SameSite=Lax/);
      assert.doesNotMatch(cookieHeader, /Secure/);
      const sid = sessionCookie(ok.headers['set-cookie']);
      const me = await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie: `tocsin_session=${sid}` } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.email, OWNER_EMAIL);

      // One use: neither this code nor an older one claims anything now, and no new code is issued.
      for (const c of [code, older]) {
        const again = await t.request('POST', '/auth/setup', { password: 'attacker pw', code: c }, { ...noToken, headers: UI });
        assert.equal(again.statusCode, 403);
        assert.match(again.json().error.errors[0], /already set/);
      }
      assert.equal(await issueSetupCode(t.app.ctx.db, t.clock), null);
      const signInWithAttackerPw = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'attacker pw' }, { ...noToken, headers: UI });
      assert.equal(signInWithAttackerPw.statusCode, 400);
      assert.deepEqual((await t.request('GET', '/auth/setup', undefined, noToken)).json(), { needs_password: false, owner_email: null });
    });

    it('signs in with email and password, refuses a wrong one, and signs out', async () => {
      const wrong = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'nope nope' }, { ...noToken, headers: UI });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.headers['set-cookie'], undefined);
      const unknown = await t.request('POST', '/auth/login', { email: 'who@example.com', password: 'correct horse' }, { ...noToken, headers: UI });
      assert.equal(unknown.statusCode, 400);
      const crossSite = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'correct horse' }, noToken);
      assert.equal(crossSite.statusCode, 403);

      const ok = await t.request('POST', '/auth/login', { email: OWNER_EMAIL.toUpperCase(), password: 'correct horse' }, { ...noToken, headers: UI });
      assert.equal(ok.statusCode, 200);
      const cookie = `tocsin_session=${sessionCookie(ok.headers['set-cookie'])}`;

      // Cookie-authenticated writes need the UI header.
      const forged = await t.request('POST', '/auth/logout', undefined, { ...noToken, headers: { cookie } });
      assert.equal(forged.statusCode, 403);
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).statusCode, 200);

      const out = await t.request('POST', '/auth/logout', undefined, { ...noToken, headers: { cookie, ...UI } });
      assert.equal(out.statusCode, 204);
      assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).statusCode, 401);
    });

    it('answers a malformed session cookie as no session (401, and sign-out still works), not 500', async () => {
      const bad = { cookie: 'tocsin_session=%E0' };
      const me = await t.request('GET', '/users/me', undefined, { ...noToken, headers: bad });
      assert.equal(me.statusCode, 401, me.body);
      assert.equal(me.json().error.code, 2006);
      const out = await t.request('POST', '/auth/logout', undefined, { ...noToken, headers: { ...bad, ...UI } });
      assert.equal(out.statusCode, 204, out.body);
      // Another cookie's bad encoding does not hide a good session.
      const ok = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'correct horse' }, { ...noToken, headers: UI });
      const cookie = `junk=%E0; tocsin_session=${sessionCookie(ok.headers['set-cookie'])}`;
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).statusCode, 200);
    });

    it('expires a session after 12 hours', async () => {
      const ok = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'correct horse' }, { ...noToken, headers: UI });
      const cookie = `tocsin_session=${sessionCookie(ok.headers['set-cookie'])}`;
      t.clock.advance('11h');
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).statusCode, 200);
      t.clock.advance('2h');
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).statusCode, 401);
    });

    it('rate-limits sign-in attempts per email', async () => {
      t.clock.advance('2m');
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        const r = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: `guess ${i}` }, { ...noToken, headers: UI });
        codes.push(r.statusCode);
      }
      assert.deepEqual(codes, [...Array(10).fill(400), 429]);
      // Even the right password is refused until the window passes.
      const blocked = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'correct horse' }, { ...noToken, headers: UI });
      assert.equal(blocked.statusCode, 429);
      t.clock.advance('61s');
      const ok = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'correct horse' }, { ...noToken, headers: UI });
      assert.equal(ok.statusCode, 200);
    });

    it('acts with the user’s current role, and stops at once when the user is deleted', async () => {
      const u = await t.makeUser('user');
      await setUserPassword(t.app.ctx.db, u.email, 'user password');
      const ok = await t.request('POST', '/auth/login', { email: u.email, password: 'user password' }, { ...noToken, headers: UI });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().user.role, 'user');
      const cookie = `tocsin_session=${sessionCookie(ok.headers['set-cookie'])}`;
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).json().user.role, 'user');
      assert.equal((await t.request('PUT', `/users/${u.id}`, { user: { role: 'read_only_user' } })).statusCode, 200);
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).json().user.role, 'read_only_user');
      // The session cannot write now, like any read-only user.
      const write = await t.request('POST', '/teams', { team: { type: 'team', name: 'Nope' } }, { ...noToken, headers: { cookie, ...UI } });
      assert.equal(write.statusCode, 403);
      assert.equal((await t.request('DELETE', `/users/${u.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', '/users/me', undefined, { ...noToken, headers: { cookie } })).statusCode, 401);
    });

    it('redirects / to the UI and answers deep links with the app shell', async () => {
      const root = await t.request('GET', '/', undefined, noToken);
      assert.equal(root.statusCode, 302);
      assert.equal(root.headers.location, '/ui/');
      const deep = await t.request('GET', '/ui/services/PABC123', undefined, noToken);
      assert.equal(deep.statusCode, 200);
      assert.match(String(deep.headers['content-type']), /text\/html/);
      assert.match(deep.body, /Tocsin/);
      assert.equal(deep.headers['x-frame-options'], 'DENY');
      const missing = await t.request('GET', '/ui/assets/nope.js', undefined, noToken);
      assert.equal(missing.statusCode, 404);
    });
  });
});

describe('UI sign-in behind https', async () => {
  const t = await buildTestApp('sqlite', { TOCSIN_PUBLIC_URL: 'https://tocsin.example.com', TOCSIN_BOOTSTRAP_PASSWORD: 'unused here' });
  it('marks the session cookie Secure', async () => {
    await setUserPassword(t.app.ctx.db, OWNER_EMAIL, 'secure password');
    const ok = await t.request('POST', '/auth/login', { email: OWNER_EMAIL, password: 'secure password' }, { token: null, headers: UI });
    assert.equal(ok.statusCode, 200);
    assert.match(String(ok.headers['set-cookie']), /; Secure/);
    assert.match(String(ok.headers['set-cookie']), /HttpOnly; SameSite=Lax; Max-Age=43200/);
  });
});
