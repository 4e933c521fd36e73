import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken, type Role } from '../accounts/index.js';
import { buildTestApp, type TestApp } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';

// Who may change a user's contact methods and notification rules (docs/accounts.md, docs/notifications.md):
// the same rule as editing the user. They decide whether and where a user is paged, so an admin who could
// edit the owner's could silence or redirect the owner's pages.

type Target = 'other' | 'owner' | 'self';
interface ActorCase {
  name: string;
  /** Which targets this actor may change; a target missing from `targets` does not apply (no own user). */
  may: Target[];
  targets: Target[];
  make(t: TestApp): Promise<{ token: string; userId: string | null }>;
}

const ALL: Target[] = ['other', 'owner', 'self'];
const role = (r: Role, may: Target[]): ActorCase => ({
  name: r,
  may,
  targets: ALL,
  async make(t) {
    if (r === 'owner') return { token: 'owner_token_aaaaaaaaa', userId: t.ownerId };
    const u = await t.makeUser(r);
    return { token: u.token, userId: u.id };
  },
});

const CASES: ActorCase[] = [
  role('owner', ['other', 'owner', 'self']),
  role('admin', ['other', 'self']),
  role('user', ['self']),
  role('limited_user', ['self']),
  role('restricted_access', ['self']),
  // Their role may not edit their own profile (docs/accounts.md), so not their notification settings either.
  role('observer', []),
  role('read_only_user', []),
  role('read_only_limited_user', []),
  {
    name: 'account token',
    may: ['other'],
    targets: ['other', 'owner'],
    make: async (t) => ({ token: await createApiToken(t.app.ctx.db, t.app.ctx, { userId: null }), userId: null }),
  },
  {
    name: 'read-only account token',
    may: [],
    targets: ['other', 'owner'],
    make: async (t) => ({ token: await createApiToken(t.app.ctx.db, t.app.ctx, { userId: null, readOnly: true }), userId: null }),
  },
  {
    name: "read-only token of a user (role user)",
    may: [],
    targets: ALL,
    async make(t) {
      const u = await t.makeUser('user');
      return { token: await createApiToken(t.app.ctx.db, t.app.ctx, { userId: u.id, readOnly: true }), userId: u.id };
    },
  },
];

forEachDialect((dialect) => {
  describe(`${dialect}: who may change contact methods and notification rules`, async () => {
    const t = await buildTestApp(dialect);
    const other = await t.makeUser('user', 'Victim');
    let n = 0;

    /** A contact method and a rule on it, made by the owner (who may edit anyone's). */
    async function seed(userId: string): Promise<{ cm: string; rule: string }> {
      const cm = await t.request('POST', `/users/${userId}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Seed', address: `seed${n++}@example.com` } });
      assert.equal(cm.statusCode, 201, cm.body);
      const cmId = cm.json().contact_method.id as string;
      const rule = await t.request('POST', `/users/${userId}/notification_rules`, { notification_rule: { start_delay_in_minutes: 0, urgency: 'high', contact_method: { id: cmId } } });
      assert.equal(rule.statusCode, 201, rule.body);
      return { cm: cmId, rule: rule.json().notification_rule.id };
    }

    async function state(userId: string): Promise<unknown> {
      const cms = (await t.request('GET', `/users/${userId}/contact_methods`)).json().contact_methods;
      const rules = (await t.request('GET', `/users/${userId}/notification_rules?urgency=all`)).json().notification_rules;
      return { cms, rules };
    }

    /** Every write on the target's contact methods and rules, as `token`; the status of each. */
    async function writeAll(token: string, userId: string, s: { cm: string; rule: string }): Promise<Record<string, { status: number; body: string }>> {
      const as = { token };
      const out: Record<string, { status: number; body: string }> = {};
      const run = async (k: string, p: Promise<{ statusCode: number; body: string }>) => {
        const r = await p;
        out[k] = { status: r.statusCode, body: r.body };
      };
      await run('POST contact_method', t.request('POST', `/users/${userId}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Mine', address: `takeover${n++}@evil.example` } }, as));
      await run('POST notification_rule', t.request('POST', `/users/${userId}/notification_rules`, { notification_rule: { start_delay_in_minutes: 60, urgency: 'low', contact_method: { id: s.cm } } }, as));
      await run('PUT contact_method', t.request('PUT', `/users/${userId}/contact_methods/${s.cm}`, { contact_method: { address: `redirect${n++}@evil.example` } }, as));
      await run('PUT notification_rule', t.request('PUT', `/users/${userId}/notification_rules/${s.rule}`, { notification_rule: { start_delay_in_minutes: 1440 } }, as));
      await run('DELETE notification_rule', t.request('DELETE', `/users/${userId}/notification_rules/${s.rule}`, undefined, as));
      await run('DELETE contact_method', t.request('DELETE', `/users/${userId}/contact_methods/${s.cm}`, undefined, as));
      return out;
    }

    for (const c of CASES) {
      for (const target of c.targets) {
        const allowed = c.may.includes(target);
        it(`${c.name} ${allowed ? 'may' : 'may not'} change ${target === 'self' ? 'their own' : target === 'owner' ? "the owner's" : "another user's"}`, async () => {
          const actor = await c.make(t);
          const userId = target === 'other' ? other.id : target === 'owner' ? t.ownerId : actor.userId!;
          const s = await seed(userId);
          const before = await state(userId);
          const results = await writeAll(actor.token, userId, s);
          for (const [op, r] of Object.entries(results)) {
            if (allowed) {
              assert.equal(r.status, op.startsWith('POST') ? 201 : op.startsWith('PUT') ? 200 : 204, `${op}: ${r.body}`);
            } else {
              assert.equal(r.status, 403, `${op}: ${r.body}`);
              const body = JSON.parse(r.body) as { error: { message: string; code: number; errors: string[] } };
              assert.equal(body.error.message, 'Access Denied');
              assert.equal(body.error.code, 2010);
              assert.equal(body.error.errors.length, 1, op);
            }
          }
          if (!allowed) assert.deepEqual(await state(userId), before, 'a refused write changes nothing');
        });
      }
    }

    it("names the owner's account in the admin's refusal", async () => {
      const admin = await t.makeUser('admin');
      const res = await t.request('POST', `/users/${t.ownerId}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'X', address: 'x@evil.example' } }, { token: admin.token });
      assert.equal(res.statusCode, 403);
      assert.match(res.json().error.errors[0], /Only the account owner may change the owner's account/);
    });

    it('answers 404 for an unknown user before any permission question', async () => {
      const res = await t.request('POST', '/users/PNOPE00/contact_methods', { contact_method: { type: 'email_contact_method', label: 'X', address: 'x@example.com' } });
      assert.equal(res.statusCode, 404);
    });
  });
});
