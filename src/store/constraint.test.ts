// Every unique-violation mapping in constraint.ts fires its domain error against the real schema:
// an existing row is copied with a new primary key (and new values for the other unique columns),
// so the only violation is the one under test. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { DomainError } from '../errors.js';
import { buildTestApp } from '../testing/app.js';
import { buildEscalationPolicy, buildTeam } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';
import { mapConstraintError, mapConstraints } from './constraint.js';

forEachDialect((dialect) => {
  describe(`${dialect}: constraint violations map to domain errors`, async () => {
    const t = await buildTestApp(dialect);
    // Every unique table, by name: the rows are read and copied whole, whatever their columns.
    const db: Kysely<any> = t.app.ctx.db;
    await buildTeam(t);
    const ep = await buildEscalationPolicy(t);
    const post = async (url: string, body: unknown) => {
      const res = await t.request('POST', url, body);
      assert.ok(res.statusCode < 300, res.body);
      return res.json();
    };
    const svc = (await post('/services', { service: { type: 'service', name: 'S', escalation_policy: { id: ep.id, type: 'escalation_policy_reference' } } })).service;
    await post(`/services/${svc.id}/integrations`, { integration: { type: 'generic_email_inbound_integration', name: 'mail', integration_email: 'ops' } });
    await post(`/services/${svc.id}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'api' } });
    await post('/incidents', { incident: { type: 'incident', title: 'x', incident_key: 'k1', service: { id: svc.id, type: 'service_reference' } } });
    await post(`/users/${t.ownerId}/contact_methods`, { contact_method: { type: 'email_contact_method', label: 'Work', address: 'ops@example.com' } });

    const cases: Array<{ table: string; where: [string, string]; keep: string; change: Record<string, (v: any) => unknown>; message: RegExp }> = [
      { table: 'services', where: ['id', svc.id], keep: 'name', change: {}, message: /Name has already been taken/ },
      { table: 'escalation_policies', where: ['id', ep.id], keep: 'name', change: {}, message: /Name has already been taken/ },
      { table: 'teams', where: ['id', '%'], keep: 'name', change: {}, message: /Name has already been taken/ },
      { table: 'users', where: ['id', t.ownerId], keep: 'email', change: {}, message: /Email has already been taken/ },
      { table: 'integrations', where: ['type', 'generic_email_inbound_integration'], keep: 'integration_email', change: { integration_key: (v) => (v ? 'f'.repeat(32) : v) }, message: /Integration email has already been taken/ },
      { table: 'integrations', where: ['type', 'events_api_v2_inbound_integration'], keep: 'integration_key', change: { integration_email: () => null }, message: /Integration key has already been taken/ },
      { table: 'incidents', where: ['incident_key', 'k1'], keep: 'incident_key', change: { incident_number: (v) => v + 1000 }, message: /dedup key already exists/ },
      { table: 'contact_methods', where: ['address', 'ops@example.com'], keep: 'address', change: {}, message: /contact method of this type with this address/ },
    ];
    for (const c of cases) {
      it(`a duplicate ${c.table}.${c.keep} is "${c.message.source}"`, async () => {
        const row = await db.selectFrom(c.table).selectAll().where(c.where[0], c.where[1] === '%' ? 'like' : '=', c.where[1]).executeTakeFirstOrThrow();
        const copy: Record<string, unknown> = { ...row, id: 'PDUP' + Math.random().toString(36).slice(2, 8).toUpperCase() };
        for (const [col, f] of Object.entries(c.change)) copy[col] = f(row[col]);
        await assert.rejects(
          mapConstraints(() => db.insertInto(c.table).values(copy).execute()),
          (err: unknown) => err instanceof DomainError && c.message.test(err.message + ' ' + err.details.join(' ')),
        );
        // The same violation through the renderer's path (mapConstraintError on the raw error).
        const raw = await db.insertInto(c.table).values(copy).execute().then(() => null, (e: unknown) => e);
        assert.ok(raw, 'the insert failed');
        const mapped = mapConstraintError(raw);
        assert.ok(mapped && mapped.code === 'invalid_input', String(raw));
      });
    }

    it('an unknown unique violation is a conflict, a missing reference an invalid input, anything else not mapped', () => {
      assert.equal(mapConstraintError({ code: '23505', constraint: 'other_key' })?.code, 'conflict');
      assert.equal(mapConstraintError({ code: '23503' })?.code, 'invalid_input');
      assert.equal(mapConstraintError(new Error('x')), null);
    });
  });
});
