import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken } from '../accounts/index.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildTeam, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';
import { findIncidentById } from './index.js';
import { makePolicy, makeService } from './test-fixtures.js';

forEachDialect((dialect) => {
  describe(`${dialect}: incidents REST`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const responder = await t.makeUser('user', 'Rita Responder');
    const observer = await t.makeUser('observer');
    const policyId = await makePolicy(ctx, [[responder.id], [t.ownerId]], { delays: [15, 15] });
    const serviceId = await makeService(ctx, policyId, { acknowledgementTimeout: 1800 });
    const accountToken = await createApiToken(ctx.db, ctx, { userId: null });
    const from = { headers: { from: OWNER_EMAIL } };
    const create = async (over: Record<string, unknown> = {}, opts: { token?: string | null; headers?: Record<string, string> } = from) =>
      t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Database down', service: { id: serviceId, type: 'service_reference' }, ...over } }, opts);

    it('creates a manual incident with every PagerDuty field', async () => {
      const res = await create({ incident_key: 'db-1', body: { type: 'incident_body', details: 'it broke' } });
      assert.equal(res.statusCode, 201, res.body);
      const i = res.json().incident;
      assert.equal(i.type, 'incident');
      assert.equal(i.status, 'triggered');
      assert.equal(i.urgency, 'high');
      assert.equal(i.incident_key, 'db-1');
      assert.equal(i.summary, `[#${i.incident_number}] Database down`);
      assert.equal(i.service.id, serviceId);
      assert.equal(i.service.type, 'service_reference');
      assert.equal(i.escalation_policy.id, policyId);
      assert.equal(i.assigned_via, 'escalation_policy');
      assert.deepEqual(i.assignments.map((a: { assignee: { id: string; summary: string } }) => [a.assignee.id, a.assignee.summary]), [[responder.id, 'Rita Responder']]);
      assert.equal(i.first_trigger_log_entry.type, 'trigger_log_entry_reference');
      assert.deepEqual(i.alert_counts, { all: 0, triggered: 0, resolved: 0 });
      assert.deepEqual(i.pending_actions.map((p: { type: string }) => p.type), ['escalate']);
      assert.equal(i.last_status_change_by.id, t.ownerId);
      for (const k of ['resolved_at', 'resolve_reason', 'priority', 'conference_bridge', 'alert_grouping']) assert.ok(k in i && i[k] === null, k);
      for (const k of ['acknowledgements', 'teams', 'incidents_responders', 'responder_requests']) assert.deepEqual(i[k], [], k);
      assert.equal(i.is_mergeable, true);
      assert.deepEqual(i.incident_type, { name: 'incident_default' });
    });

    it('refuses a duplicate open incident_key with 400', async () => {
      const res = await create({ incident_key: 'db-1' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 2001);
      assert.match(res.json().error.errors[0], /matching dedup key/);
    });

    it('needs From with an account token (2011), and refuses read-only roles (2010)', async () => {
      const missing = await create({}, { token: accountToken });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error.code, 2011);
      const ok = await create({}, { token: accountToken, headers: { from: responder.email } });
      assert.equal(ok.statusCode, 201);
      assert.equal(ok.json().incident.last_status_change_by.id, responder.id);
      const denied = await create({}, { token: observer.token });
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().error.code, 2010);
    });

    it('creates a self-assigned incident acknowledged, in one write (listeners never see it triggered)', async () => {
      const seen: string[] = [];
      ctx.hooks.on('incident.event', async (db, e) => {
        seen.push(`${e.eventType}:${(await findIncidentById(db, e.incidentId))?.status}`);
      });
      const res = await create({ assignments: [{ assignee: { id: responder.id, type: 'user_reference' } }] }, { token: responder.token });
      assert.equal(res.statusCode, 201, res.body);
      const i = res.json().incident;
      assert.equal(i.status, 'acknowledged');
      assert.equal(i.assigned_via, 'direct_assignment');
      assert.equal(i.acknowledgements[0].acknowledger.id, responder.id);
      assert.deepEqual(i.pending_actions.map((p: { type: string }) => p.type), ['unacknowledge']);
      assert.deepEqual(seen.slice(0, 2), ['incident.triggered:acknowledged', 'incident.acknowledged:acknowledged']);
      const logs = (await t.request('GET', `/incidents/${i.id}/log_entries`)).json().log_entries.map((l: { type: string }) => l.type);
      assert.deepEqual(logs, ['acknowledge_log_entry', 'assign_log_entry', 'trigger_log_entry']);
    });

    it('answers an unknown service with 2002 and an unknown incident with 404', async () => {
      const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'x', service: { id: 'PNOPE00', type: 'service_reference' } } }, from);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 2002);
      const nf = await t.request('GET', '/incidents/PNOPE00');
      assert.equal(nf.statusCode, 404);
      assert.equal(nf.json().error.code, 2100);
    });

    it('shows an incident by id or by number', async () => {
      const created = (await create()).json().incident;
      const byId = await t.request('GET', `/incidents/${created.id}`);
      const byNumber = await t.request('GET', `/incidents/${created.incident_number}`);
      assert.equal(byId.json().incident.id, created.id);
      assert.equal(byNumber.json().incident.id, created.id);
    });

    it('acknowledges, reassigns, escalates and resolves through PUT, with log entries', async () => {
      const i = (await create()).json().incident;
      let res = await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident_reference', status: 'acknowledged' } }, from);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().incident.status, 'acknowledged');
      res = await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident_reference', escalation_level: 2 } }, from);
      assert.equal(res.json().incident.status, 'triggered');
      assert.equal(res.json().incident.assignments[0].assignee.id, t.ownerId);
      res = await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident_reference', assignments: [{ assignee: { id: responder.id, type: 'user_reference' } }] } }, from);
      assert.equal(res.json().incident.assigned_via, 'direct_assignment');
      res = await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident_reference', status: 'resolved', resolution: 'rebooted', title: 'DB down (fixed)' } }, from);
      const r = res.json().incident;
      assert.equal(r.status, 'resolved');
      assert.equal(r.title, 'DB down (fixed)');
      assert.deepEqual(r.assignments, []);
      assert.notEqual(r.resolved_at, null);
      const logs = (await t.request('GET', `/incidents/${i.id}/log_entries`)).json();
      // notify's notify_log_entry (the assignees cannot be paged in this test) is not the subject here.
      logs.log_entries = logs.log_entries.filter((l: { type: string }) => l.type !== 'notify_log_entry');
      assert.deepEqual(
        logs.log_entries.map((l: { type: string }) => l.type),
        ['resolve_log_entry', 'assign_log_entry', 'escalate_log_entry', 'acknowledge_log_entry', 'assign_log_entry', 'trigger_log_entry'],
      );
      assert.equal(logs.log_entries[0].note, 'rebooted');
      assert.equal(logs.log_entries[0].agent.id, t.ownerId);
      assert.equal(logs.log_entries[0].channel.type, 'api');
      const one = await t.request('GET', `/log_entries/${logs.log_entries[5].id}`);
      assert.equal(one.json().log_entry.type, 'trigger_log_entry');
      assert.equal(one.json().log_entry.incident.id, i.id);
      // Reopen.
      res = await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident_reference', status: 'triggered' } }, from);
      assert.equal(res.json().incident.status, 'triggered');
      assert.equal(res.json().incident.resolved_at, null);
    });

    it('bulk-updates all or nothing; more than 250 is 413', async () => {
      const a = (await create()).json().incident;
      const b = (await create()).json().incident;
      const bad = await t.request('PUT', '/incidents', { incidents: [{ id: a.id, type: 'incident_reference', status: 'resolved' }, { id: 'PNOPE00', type: 'incident_reference', status: 'resolved' }] }, from);
      assert.equal(bad.statusCode, 404);
      assert.equal((await t.request('GET', `/incidents/${a.id}`)).json().incident.status, 'triggered');
      const ok = await t.request('PUT', '/incidents', { incidents: [a, b].map((x) => ({ id: x.id, type: 'incident_reference', status: 'acknowledged' })) }, from);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().incidents.map((x: { status: string }) => x.status), ['acknowledged', 'acknowledged']);
      const many = Array.from({ length: 251 }, () => ({ id: a.id, type: 'incident_reference', status: 'resolved' }));
      const big = await t.request('PUT', '/incidents', { incidents: many }, from);
      assert.equal(big.statusCode, 413);
    });

    it('lists with filters, sorting and paging', async () => {
      const all = await t.request('GET', '/incidents?total=true&limit=2');
      assert.equal(all.statusCode, 200);
      assert.equal(all.json().incidents.length, 2);
      assert.equal(all.json().more, true);
      assert.ok(all.json().total >= 6);
      const acked = await t.request('GET', '/incidents?statuses[]=acknowledged&total=true');
      assert.ok(acked.json().incidents.every((i: { status: string }) => i.status === 'acknowledged'));
      const desc = await t.request('GET', '/incidents?sort_by=incident_number:desc&limit=3');
      const ns = desc.json().incidents.map((i: { incident_number: number }) => i.incident_number);
      assert.deepEqual(ns, [...ns].sort((x: number, y: number) => y - x));
      const byKey = await t.request('GET', '/incidents?incident_key=db-1');
      assert.equal(byKey.json().incidents.length, 1);
      const mine = await t.request('GET', `/incidents?user_ids[]=${t.ownerId}`);
      assert.ok(mine.json().incidents.every((i: { assignments: Array<{ assignee: { id: string } }> }) => i.assignments.some((a) => a.assignee.id === t.ownerId)));
      const old = await t.request('GET', '/incidents?until=2020-01-01T00:00:00Z');
      assert.equal(old.json().incidents.length, 0);
      t.clock.advance('40d');
      assert.equal((await t.request('GET', '/incidents')).json().incidents.length, 0);
      assert.ok((await t.request('GET', '/incidents?date_range=all')).json().incidents.length >= 6);
      t.clock.advance(-40 * 86_400_000);
      const ny = (await t.request('GET', '/incidents?limit=1&time_zone=America/New_York')).json().incidents[0];
      assert.match(ny.created_at, /^2026-01-05T05:00:00-05:00$/);
      assert.equal((await t.request('GET', '/incidents?time_zone=Mars/Olympus')).statusCode, 400);
      const badSort = await t.request('GET', '/incidents?sort_by=title');
      assert.equal(badSort.statusCode, 400, badSort.body);
      const badStatus = await t.request('GET', '/incidents?statuses[]=open');
      assert.equal(badStatus.statusCode, 400, badStatus.body);
    });

    it('snoozes an acknowledged incident (201) and validates the duration', async () => {
      const i = (await create()).json().incident;
      const notAcked = await t.request('POST', `/incidents/${i.id}/snooze`, { duration: 60 }, from);
      assert.equal(notAcked.statusCode, 400);
      await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident_reference', status: 'acknowledged' } }, from);
      const bad = await t.request('POST', `/incidents/${i.id}/snooze`, { duration: 604801 }, from);
      assert.equal(bad.statusCode, 400);
      const res = await t.request('POST', `/incidents/${i.id}/snooze`, { duration: 3600 }, from);
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().incident.pending_actions, [{ type: 'unacknowledge', at: new Date(t.clock.now() + 3_600_000).toISOString() }]);
    });

    it('adds and lists notes (POST answers 200)', async () => {
      const i = (await create()).json().incident;
      const res = await t.request('POST', `/incidents/${i.id}/notes`, { note: { content: 'Firefighters are on the scene.' } }, from);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().note.content, 'Firefighters are on the scene.');
      assert.equal(res.json().note.user.id, t.ownerId);
      const list = await t.request('GET', `/incidents/${i.id}/notes`);
      assert.equal(list.json().notes.length, 1);
      const logs = (await t.request('GET', `/incidents/${i.id}/log_entries`)).json().log_entries.filter((l: { type: string }) => l.type !== 'notify_log_entry');
      assert.equal(logs[0].type, 'annotate_log_entry');
    });

    it('merges sources into a target: sources resolved with the merge reason', async () => {
      const target = (await create()).json().incident;
      const s1 = (await create()).json().incident;
      const s2 = (await create()).json().incident;
      const res = await t.request('PUT', `/incidents/${target.id}/merge`, { source_incidents: [s1, s2].map((s) => ({ id: s.id, type: 'incident_reference' })) }, from);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().incident.id, target.id);
      const src = (await t.request('GET', `/incidents/${s1.id}`)).json().incident;
      assert.equal(src.status, 'resolved');
      assert.equal(src.resolve_reason.type, 'merge_resolve_reason');
      assert.equal(src.resolve_reason.incident.id, target.id);
      const again = await t.request('PUT', `/incidents/${target.id}/merge`, { source_incidents: [{ id: s1.id, type: 'incident_reference' }] }, from);
      assert.equal(again.statusCode, 400);
    });

    it('shows and filters by the service\'s teams; read-only roles cannot write even on their team', async () => {
      const limited = await buildUser(t, { role: 'observer' });
      const team = await buildTeam(t, { members: [{ userId: limited.id, role: 'responder' }] });
      const teamService = await makeService(ctx, policyId, { teamIds: [team.id] });
      const mk = (svc: string) =>
        t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Team thing', service: { id: svc, type: 'service_reference' } } }, { token: limited.token });
      const own = await mk(teamService);
      const other = await mk(serviceId);
      // Observers may not write even on their team (read-only role).
      assert.equal(own.statusCode, 403);
      assert.equal(other.statusCode, 403);
      const responderUser = await buildUser(t, { role: 'limited_user' });
      await t.request('PUT', `/teams/${team.id}/users/${responderUser.id}`, { role: 'responder' });
      const ok = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Team thing', service: { id: teamService, type: 'service_reference' } } }, { token: responderUser.token });
      assert.equal(ok.statusCode, 201, ok.body);
      assert.deepEqual(ok.json().incident.teams.map((x: { id: string }) => x.id), [team.id]);
      const listed = (await t.request('GET', `/incidents?team_ids[]=${team.id}`)).json().incidents;
      assert.deepEqual(listed.map((i: { id: string }) => i.id), [ok.json().incident.id]);
    });

    it('reports service status critical/warning through the status source', async () => {
      const res = await t.request('GET', `/services/${serviceId}`);
      if (res.statusCode === 200) assert.equal(res.json().service.status, 'critical');
    });
  });
});
