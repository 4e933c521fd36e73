import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp, OWNER_EMAIL, OWNER_TOKEN } from '../testing/app.js';
import { buildTeam, buildUser } from '../testing/builders.js';
import { createApiToken } from './tokens.js';

const newUser = (email: string, extra: Record<string, unknown> = {}) => ({ user: { type: 'user', name: 'Ada Lovelace', email, ...extra } });

forEachDialect((dialect) => {
  describe(`${dialect}: /users`, async () => {
    const t = await buildTestApp(dialect);
    const accountToken = await createApiToken(t.app.ctx.db, t.app.ctx, { userId: null });
    const from = { from: OWNER_EMAIL };

    it('creates a user with every field present, 201', async () => {
      const res = await t.request(
        'POST',
        '/users',
        newUser('Ada@Example.com', { role: 'limited_user', time_zone: 'Europe/London', job_title: 'Engineer', id: 'PIGNORE', bogus: 1 }),
      );
      assert.equal(res.statusCode, 201, res.body);
      const u = res.json().user;
      assert.match(u.id, /^P[0-9A-Z]{6}$/);
      assert.notEqual(u.id, 'PIGNORE');
      assert.deepEqual(
        { ...u, id: undefined, self: undefined, html_url: undefined, avatar_url: undefined, contact_methods: undefined, notification_rules: undefined },
        {
          id: undefined,
          type: 'user',
          summary: 'Ada Lovelace',
          self: undefined,
          html_url: undefined,
          avatar_url: undefined,
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          time_zone: 'Europe/London',
          color: 'purple',
          role: 'limited_user',
          description: null,
          invitation_sent: false,
          job_title: 'Engineer',
          teams: [],
          contact_methods: undefined,
          notification_rules: undefined,
          created_at: '2026-01-05T10:00:00.000Z',
        },
      );
      // As in PagerDuty, a new user can be paged at once: an email contact method for their login, rules to it.
      assert.deepEqual(u.contact_methods.map((c: { type: string; summary: string }) => [c.type, c.summary]), [['email_contact_method_reference', 'Default']]);
      assert.equal(u.notification_rules.length, 2);
      assert.equal(u.self, `http://tocsin.test/users/${u.id}`);
      assert.match(u.avatar_url, /^https:\/\/secure\.gravatar\.com\/avatar\/[0-9a-f]{32}/);
      assert.equal((await t.request('GET', `/users/${u.id}`)).json().user.email, 'ada@example.com');
    });

    it('refuses a duplicate email (any case) with 400 "Email has already been taken"', async () => {
      const res = await t.request('POST', '/users', newUser('ADA@example.com'));
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().error, { message: 'Invalid Input Provided', code: 2001, errors: ['Email has already been taken'] });
    });

    it('refuses bad input with 400: no name, bad email, unknown role, unknown time zone', async () => {
      const bodies = [
        { user: { email: 'x@example.com' } },
        newUser('not-an-email'),
        newUser('y@example.com', { role: 'superuser' }),
        newUser('z@example.com', { time_zone: 'Mars/Olympus' }),
        {},
      ];
      for (const body of bodies) {
        const res = await t.request('POST', '/users', body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.json().error.code, 2001);
      }
      assert.equal((await t.request('GET', '/users?query=example.com&total=true')).json().total, 2);
    });

    it('needs From with an account token (2011), and accepts it when given', async () => {
      const missing = await t.request('POST', '/users', newUser('from1@example.com'), { token: accountToken });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error.code, 2011);
      const ok = await t.request('POST', '/users', newUser('from1@example.com'), { token: accountToken, headers: from });
      assert.equal(ok.statusCode, 201, ok.body);
    });

    it('answers /users/me for an account token with a clear 400', async () => {
      const res = await t.request('GET', '/users/me', undefined, { token: accountToken });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.errors[0], /user-level API token/);
    });

    it('lists, filters by query and team, pages, and includes teams', async () => {
      const a = await buildUser(t, { name: 'Zed Team Member' });
      const team = await buildTeam(t, { name: 'Platform', members: [{ userId: a.id, role: 'responder' }] });
      const all = await t.request('GET', '/users?total=true');
      assert.equal(all.json().total, 4);
      assert.equal(all.json().limit, 25);
      assert.equal(all.json().more, false);
      const page = (await t.request('GET', '/users?limit=1&offset=1')).json();
      assert.deepEqual([page.users.length, page.offset, page.more, page.total], [1, 1, true, null]);
      const byTeam = (await t.request('GET', `/users?team_ids[]=${team.id}`)).json();
      assert.deepEqual(byTeam.users.map((u: { id: string }) => u.id), [a.id]);
      assert.equal(byTeam.users[0].teams[0].type, 'team_reference');
      const inc = (await t.request('GET', `/users?team_ids[]=${team.id}&include[]=teams`)).json();
      assert.equal(inc.users[0].teams[0].type, 'team');
      assert.equal(inc.users[0].teams[0].name, 'Platform');
      const q = (await t.request('GET', '/users?query=zed')).json();
      assert.deepEqual(q.users.map((u: { id: string }) => u.id), [a.id]);
      assert.equal((await t.request('GET', '/users?limit=100&offset=9950')).statusCode, 400);
    });

    it('shows contact methods and notification rules as references, full objects when included', async () => {
      const u = await buildUser(t);
      const cm = await t.request('POST', `/users/${u.id}/contact_methods`, {
        contact_method: { type: 'email_contact_method', label: 'Work', address: 'work@example.com' },
      });
      assert.equal(cm.statusCode, 201, cm.body);
      const cmId = cm.json().contact_method.id;
      const rule = await t.request('POST', `/users/${u.id}/notification_rules`, {
        notification_rule: { start_delay_in_minutes: 0, contact_method: { id: cmId }, urgency: 'high' },
      });
      assert.equal(rule.statusCode, 201, rule.body);
      const plain = (await t.request('GET', `/users/${u.id}`)).json().user;
      // The first contact method and the first two rules are the defaults every new user gets.
      assert.equal(plain.contact_methods.length, 2);
      assert.deepEqual(plain.contact_methods.find((c: { id: string }) => c.id === cmId).type, 'email_contact_method_reference');
      assert.equal(plain.notification_rules.length, 3);
      assert.equal(plain.notification_rules.find((r: { id: string }) => r.id === rule.json().notification_rule.id).type, 'assignment_notification_rule_reference');
      const full = (await t.request('GET', `/users/${u.id}?include[]=contact_methods&include[]=notification_rules`)).json().user;
      assert.deepEqual(full.contact_methods.map((c: { address: string }) => c.address).sort(), [u.email, 'work@example.com'].sort());
      assert.equal(full.notification_rules[0].start_delay_in_minutes, 0);
      const listed = (await t.request('GET', `/users?query=${encodeURIComponent(u.email)}&include[]=contact_methods`)).json().users;
      assert.equal(listed[0].contact_methods[0].type, 'email_contact_method');
    });

    it('updates partially; unknown ids are 404', async () => {
      const u = await buildUser(t);
      const res = await t.request('PUT', `/users/${u.id}`, { user: { job_title: 'SRE', color: 'green' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().user.job_title, res.json().user.color, res.json().user.name], ['SRE', 'green', u.name]);
      assert.equal((await t.request('PUT', '/users/PNOPE00', { user: { name: 'x' } })).statusCode, 404);
      assert.equal((await t.request('GET', '/users/PNOPE00')).json().error.code, 2100);
      assert.equal((await t.request('DELETE', '/users/PNOPE00')).statusCode, 404);
    });

    it('lets users edit their own profile but never their own role', async () => {
      const u = await buildUser(t, { role: 'user' });
      const own = await t.request('PUT', `/users/${u.id}`, { user: { name: 'Renamed' } }, { token: u.token });
      assert.equal(own.statusCode, 200);
      const role = await t.request('PUT', `/users/${u.id}`, { user: { role: 'admin' } }, { token: u.token });
      assert.equal(role.statusCode, 403);
      assert.equal(role.json().error.code, 2010);
      const owner = await t.request('PUT', `/users/${t.ownerId}`, { user: { role: 'admin' } });
      assert.equal(owner.statusCode, 403);
      assert.equal((await t.request('GET', `/users/${u.id}`)).json().user.role, 'user');
      assert.equal((await t.request('GET', `/users/${t.ownerId}`)).json().user.role, 'owner');
    });

    it('refuses writes by roles that may not manage users (403 2010), changing nothing', async () => {
      const target = await buildUser(t, { role: 'user' });
      for (const role of ['user', 'limited_user', 'observer', 'restricted_access', 'read_only_user', 'read_only_limited_user'] as const) {
        const actor = await t.makeUser(role);
        const create = await t.request('POST', '/users', newUser(`by.${role}@example.com`), { token: actor.token });
        assert.equal(create.statusCode, 403, role);
        assert.equal(create.json().error.code, 2010);
        const put = await t.request('PUT', `/users/${target.id}`, { user: { name: 'Hacked' } }, { token: actor.token });
        assert.equal(put.statusCode, 403, role);
        assert.equal((await t.request('DELETE', `/users/${target.id}`, undefined, { token: actor.token })).statusCode, 403);
      }
      assert.equal((await t.request('GET', `/users/${target.id}`)).json().user.name, target.name);
      assert.equal((await t.request('GET', '/users?query=by.')).json().users.length, 0);
    });

    it('refuses a read-only token on writes with 403', async () => {
      const ro = await createApiToken(t.app.ctx.db, t.app.ctx, { userId: t.ownerId, readOnly: true });
      const res = await t.request('POST', '/users', newUser('ro@example.com'), { token: ro });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 2010);
    });

    it('lets only the owner appoint an owner, and the old owner becomes an admin', async () => {
      const admin = await t.makeUser('admin');
      const res = await t.request('POST', '/users', newUser('owner2@example.com', { role: 'owner' }), { token: admin.token });
      assert.equal(res.statusCode, 403);
      const viaAccount = await t.request('POST', '/users', newUser('owner3@example.com', { role: 'owner' }), {
        token: accountToken,
        headers: from,
      });
      assert.equal(viaAccount.statusCode, 403);
      const other = await buildUser(t, { role: 'admin' });
      const transfer = await t.request('PUT', `/users/${other.id}`, { user: { role: 'owner' } }, { token: OWNER_TOKEN });
      assert.equal(transfer.statusCode, 200, transfer.body);
      assert.equal(transfer.json().user.role, 'owner');
      assert.equal((await t.request('GET', `/users/${t.ownerId}`)).json().user.role, 'admin');
      // Hand it back so later tests see the same owner.
      const back = await t.request('PUT', `/users/${t.ownerId}`, { user: { role: 'owner' } }, { token: other.token });
      assert.equal(back.statusCode, 200);
      assert.equal((await t.request('GET', `/users/${other.id}`)).json().user.role, 'admin');
    });

    it('makes the previous owner an admin when the owner creates a new owner', async () => {
      const res = await t.request('POST', '/users', newUser('owner4@example.com', { role: 'owner' }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().user.role, 'owner');
      assert.equal((await t.request('GET', `/users/${t.ownerId}`)).json().user.role, 'admin');
      const owners = (await t.request('GET', '/users?limit=100')).json().users.filter((u: { role: string }) => u.role === 'owner');
      assert.deepEqual(owners.map((u: { id: string }) => u.id), [res.json().user.id]);
      const newOwner = await createApiToken(t.app.ctx.db, t.app.ctx, { userId: res.json().user.id });
      const back = await t.request('PUT', `/users/${t.ownerId}`, { user: { role: 'owner' } }, { token: newOwner });
      assert.equal(back.statusCode, 200, back.body);
      assert.equal((await t.request('DELETE', `/users/${res.json().user.id}`)).statusCode, 204);
    });

    it('deletes a user (204): gone from lists, token dead, email reusable; the owner cannot be deleted', async () => {
      const u = await buildUser(t, { email: 'gone@example.com' });
      const team = await buildTeam(t, { members: [{ userId: u.id, role: 'manager' }] });
      const del = await t.request('DELETE', `/users/${u.id}`);
      assert.equal(del.statusCode, 204);
      assert.equal(del.body, '');
      assert.equal((await t.request('GET', `/users/${u.id}`)).statusCode, 404);
      assert.equal((await t.request('GET', '/users/me', undefined, { token: u.token })).statusCode, 401);
      assert.equal((await t.request('GET', `/teams/${team.id}/members`)).json().members.length, 0);
      assert.equal((await t.request('POST', '/users', newUser('gone@example.com'))).statusCode, 201);
      const owner = await t.request('DELETE', `/users/${t.ownerId}`);
      assert.equal(owner.statusCode, 400);
      assert.match(owner.json().error.errors[0], /owner cannot be deleted/);
    });
  });
});
