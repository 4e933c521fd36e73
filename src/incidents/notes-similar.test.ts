import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { makePolicy, makeService } from './test-fixtures.js';
import { occurrenceCategory } from './similar-routes.js';

forEachDialect((dialect) => {
  describe(`${dialect}: incident notes edits and similar incidents`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const author = await t.makeUser('user', 'Nora Noter');
    const other = await t.makeUser('user', 'Otto Other');
    const policyId = await makePolicy(ctx, [[author.id]]);
    const serviceId = await makeService(ctx, policyId);
    const otherServiceId = await makeService(ctx, policyId);
    const from = { headers: { from: OWNER_EMAIL } };
    const create = async (title: string, service = serviceId, key?: string) => {
      const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title, service: { id: service, type: 'service_reference' }, ...(key ? { incident_key: key } : {}) } }, from);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().incident as { id: string; incident_number: number };
    };

    it('lets the author edit and delete a note, refuses another user (403), lets the owner', async () => {
      const i = await create('Disk full');
      const note = (await t.request('POST', `/incidents/${i.id}/notes`, { note: { content: 'first' } }, { token: author.token })).json().note;
      t.clock.advance(60_000);
      const edited = await t.request('PUT', `/incidents/${i.id}/notes/${note.id}`, { note: { content: 'first, corrected' } }, { token: author.token });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal(edited.json().note.content, 'first, corrected');
      assert.equal(edited.json().note.user.id, author.id);
      assert.equal(edited.json().note.updated_at, new Date(t.clock.now()).toISOString());
      assert.notEqual(edited.json().note.created_at, edited.json().note.updated_at);

      const denied = await t.request('PUT', `/incidents/${i.id}/notes/${note.id}`, { note: { content: 'hijacked' } }, { token: other.token });
      assert.equal(denied.statusCode, 403, denied.body);
      assert.equal((await t.request('DELETE', `/incidents/${i.id}/notes/${note.id}`, undefined, { token: other.token })).statusCode, 403);
      assert.equal((await t.request('GET', `/incidents/${i.id}/notes`)).json().notes[0].content, 'first, corrected');

      const empty = await t.request('PUT', `/incidents/${i.id}/notes/${note.id}`, { note: { content: '  ' } }, { token: author.token });
      assert.equal(empty.statusCode, 400);
      assert.equal((await t.request('PUT', `/incidents/${i.id}/notes/PNOPE00`, { note: { content: 'x' } }, from)).statusCode, 404);

      // The owner (account token here, no From needed for DELETE) may remove anyone's note.
      const gone = await t.request('DELETE', `/incidents/${i.id}/notes/${note.id}`);
      assert.equal(gone.statusCode, 204, gone.body);
      assert.deepEqual((await t.request('GET', `/incidents/${i.id}/notes`)).json().notes, []);
      assert.equal((await t.request('DELETE', `/incidents/${i.id}/notes/${note.id}`)).statusCode, 404);
    });

    it('past incidents: same service, same title or dedup key, in the 6 months before, scored', async () => {
      const old = await create('CPU hot', serviceId, 'cpu-1');
      await t.request('PUT', `/incidents/${old.id}`, { incident: { type: 'incident_reference', status: 'resolved' } }, from);
      t.clock.advance(3_600_000);
      const sameTitle = await create('CPU hot');
      await create('Unrelated');
      await create('CPU hot', otherServiceId);
      t.clock.advance(3_600_000);
      const now = await create('CPU hot', serviceId, 'cpu-1');
      const res = await t.request('GET', `/incidents/${now.id}/past_incidents?total=true`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.past_incidents.map((p: any) => [p.incident.id, p.score]), [[old.id, 100], [sameTitle.id, 50]]);
      assert.equal(body.total, 2);
      assert.equal(body.limit, 5);
      assert.equal(body.past_incidents[0].incident.self, `http://tocsin.test/incidents/${old.id}`);
      // Nothing before the first one of its kind.
      const first = (await t.request('GET', `/incidents/${old.id}/past_incidents`)).json();
      assert.deepEqual(first.past_incidents, []);
      assert.equal(first.total, null);
      assert.equal((await t.request('GET', '/incidents/PNOPE00/past_incidents')).statusCode, 404);
    });

    it('related incidents: open, alike, on other services; outlier occurrence on its service', async () => {
      const a = await create('Network partition');
      const b = await create('Network partition', otherServiceId);
      await create('Something else', otherServiceId);
      const res = await t.request('GET', `/incidents/${a.id}/related_incidents`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().related_incidents.map((r: any) => r.incident.id), [b.id]);
      assert.equal(res.json().related_incidents[0].relationships[0].type, 'machine_learning_inferred');
      const full = (await t.request('GET', `/incidents/${a.id}/related_incidents?additional_details[]=incident`)).json();
      assert.equal(full.related_incidents[0].incident.incident_number, b.incident_number);
      // Once b is resolved it no longer counts as related.
      await t.request('PUT', `/incidents/${b.id}`, { incident: { type: 'incident_reference', status: 'resolved' } }, from);
      assert.deepEqual((await t.request('GET', `/incidents/${a.id}/related_incidents`)).json().related_incidents, []);

      const outlier = (await t.request('GET', `/incidents/${a.id}/outlier_incident`)).json().outlier_incident.incident;
      assert.equal(outlier.id, a.id);
      assert.equal(outlier.occurrence.count, 1);
      assert.equal(outlier.occurrence.category, 'anomalous');
      await create('Network partition');
      const again = (await t.request('GET', `/incidents/${a.id}/outlier_incident`)).json().outlier_incident.incident;
      assert.equal(again.occurrence.count, 2);
      assert.equal(again.occurrence.category, 'rare');
      assert.equal((await t.request('GET', `/incidents/${a.id}/outlier_incident?since=yesterday`)).statusCode, 400);
    });

    it('categorises occurrence by count and daily frequency', () => {
      assert.equal(occurrenceCategory(1, 5), 'anomalous');
      assert.equal(occurrenceCategory(2, 0.05), 'rare');
      assert.equal(occurrenceCategory(30, 0.5), 'frequent');
    });
  });
});
