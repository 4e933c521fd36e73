// GET /notifications (what was sent to people, from notification_log) and the per-contact-method
// "send test notification" action, on both dialects, checked against PagerDuty's OpenAPI description.
import { pagerDutyRestSpec, response, specChecker } from '../fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../../src/testing/dialects.js';
import { notifyWorld, openIncident, serviceFor, userWithRules } from './setup.js';

type Json = any;
const listSchema = specChecker(pagerDutyRestSpec()).validator(response('/notifications', 'get', 200));
function conforms(body: unknown): void {
  assert.ok(listSchema(body), `GET /notifications 200 does not conform: ${JSON.stringify(listSchema.errors?.slice(0, 5), null, 1)}`);
}

const DAY = 86_400_000;

forEachDialect((dialect) => {
  describe(`${dialect}: GET /notifications and send_test_notification`, async () => {
    const w = await notifyWorld(dialect);
    const iso = (ms: number) => new Date(ms).toISOString();
    const list = async (query: string, token?: string) => w.request('GET', `/notifications?${query}`, undefined, token ? { token } : {});
    const window = () => `since=${encodeURIComponent(iso(w.t.clock.now() - DAY))}&until=${encodeURIComponent(iso(w.t.clock.now() + DAY))}`;

    it('lists a delivered incident email with PagerDuty’s shape, filters by type, embeds users on include[]=users', async () => {
      const alice = await userWithRules(w, 'Alice', [0]);
      const svc = await serviceFor(w, [[alice.id]]);
      await openIncident(w, svc.id, 'Checkout is down');
      await w.n.worker.drain();
      const res = await list(window());
      assert.equal(res.statusCode, 200, res.body);
      conforms(res.json());
      const mine = res.json().notifications.filter((n: Json) => n.user.id === alice.id);
      assert.equal(mine.length, 1);
      assert.deepEqual(
        { ...mine[0], id: undefined },
        {
          id: undefined,
          type: 'email_notification',
          started_at: iso(w.t.clock.now()),
          address: alice.address,
          user: { id: alice.id, type: 'user_reference', summary: 'Alice', self: `http://tocsin.test/users/${alice.id}`, html_url: `http://tocsin.test/ui/users/${alice.id}` },
          status: 'success',
        },
      );
      assert.equal((await list(`${window()}&filter=sms_notification`)).json().notifications.length, 0);
      assert.ok((await list(`${window()}&filter=email_notification`)).json().notifications.length >= 1);
      const full = (await list(`${window()}&include[]=users`)).json().notifications.find((n: Json) => n.user.id === alice.id);
      assert.equal(full.user.type, 'user');
      assert.equal(full.user.email, alice.email);
      const ny = (await list(`${window()}&time_zone=America/New_York`)).json().notifications[0];
      assert.match(ny.started_at, /-0[45]:00$/);
    });

    it('is readable by every role, paged, and refuses a missing, reversed or too long window', async () => {
      const observer = await w.t.makeUser('observer', 'Olive');
      const res = await list(`${window()}&limit=1&total=true`, observer.token);
      assert.equal(res.statusCode, 200, res.body);
      conforms(res.json());
      assert.equal(res.json().limit, 1);
      assert.ok(res.json().total >= 1);
      for (const q of ['', `since=${iso(w.t.clock.now())}`, `until=${iso(w.t.clock.now())}`]) {
        const bad = await list(q);
        assert.equal(bad.statusCode, 400, q);
        assert.match(bad.json().error.errors.join(' ') + bad.json().error.message, /since|until/);
      }
      assert.equal((await list(`since=${iso(w.t.clock.now())}&until=${iso(w.t.clock.now() - DAY)}`)).statusCode, 400);
      assert.equal((await list(`since=2026-01-01T00:00:00Z&until=2026-04-01T00:00:00Z`)).statusCode, 200, 'exactly 3 months');
      const long = await list(`since=2026-01-01T00:00:00Z&until=2026-04-01T00:00:01Z`);
      assert.equal(long.statusCode, 400);
      assert.match(long.json().error.errors.join(' '), /3 months/);
      assert.equal((await list(`${window()}&time_zone=Mars/Olympus`)).statusCode, 400);
    });

    it('sends a test notification through the outbox: the email arrives and is listed', async () => {
      const bea = await userWithRules(w, 'Bea', []);
      const url = `/users/${bea.id}/contact_methods/${bea.contactMethodId}/send_test_notification`;
      const res = await w.request('POST', url, undefined, { token: bea.token });
      assert.equal(res.statusCode, 202, res.body);
      assert.equal(res.json().status, 'queued');
      await w.n.worker.drain();
      const mails = w.smtp.mails.filter((m) => JSON.stringify(m.to).includes(bea.address));
      assert.equal(mails.length, 1);
      assert.match(mails[0].subject ?? '', /Test notification/);
      const listed = (await list(window())).json().notifications.filter((n: Json) => n.user.id === bea.id);
      assert.deepEqual(listed.map((n: Json) => [n.type, n.address, n.status]), [['email_notification', bea.address, 'success']]);
    });

    it('send_test_notification follows the contact method edit rule', async () => {
      const bea = await userWithRules(w, 'Bee', []);
      const other = await w.t.makeUser('user', 'Other');
      const observer = await w.t.makeUser('observer', 'Obs');
      const url = `/users/${bea.id}/contact_methods/${bea.contactMethodId}/send_test_notification`;
      assert.equal((await w.request('POST', url, undefined, { token: other.token })).statusCode, 403);
      const obsCm = (await w.request('GET', `/users/${observer.id}/contact_methods`)).json().contact_methods;
      if (obsCm.length) assert.equal((await w.request('POST', `/users/${observer.id}/contact_methods/${obsCm[0].id}/send_test_notification`, undefined, { token: observer.token })).statusCode, 403);
      assert.equal((await w.request('POST', url)).statusCode, 202, 'the owner may');
      assert.equal((await w.request('POST', `/users/${bea.id}/contact_methods/PNOPE00/send_test_notification`)).statusCode, 404);
      assert.equal((await w.request('POST', `/users/${other.id}/contact_methods/${bea.contactMethodId}/send_test_notification`)).statusCode, 404, "another user's contact method");
      await w.n.worker.drain();
    });

    it('forgets records after the retention period (100 days)', async () => {
      const before = (await list(window())).json().notifications.length;
      assert.ok(before > 0);
      const then = w.t.clock.now();
      w.t.clock.advance(101 * DAY);
      await w.n.worker.runOnce();
      const old = await list(`since=${encodeURIComponent(iso(then - DAY))}&until=${encodeURIComponent(iso(then + DAY))}`);
      assert.equal(old.json().notifications.length, 0);
    });
  });
});
