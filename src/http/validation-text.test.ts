// Schema errors reach REST clients as sentences written from the route's TypeBox schema, in
// PagerDuty's error body: the field, and what it allows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { Type } from 'typebox';
import { loadConfig } from '../config.js';
import { buildTestApp } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { useRestErrors } from './errors.js';
import { Nullable } from './schemas.js';
import { createHttpServer } from './server.js';

const Body = Type.Object({
  thing: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 20 }),
    timeout: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    urgency: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('low')])),
    level: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['info', 'warning'] })),
    at: Type.Optional(Type.String({ format: 'date-time' })),
    ratio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 3 })),
    parts: Type.Optional(Type.Array(Type.Object({ id: Type.String() }))),
    owner: Type.Optional(Nullable(Type.Object({ id: Type.String() }))),
  }),
});
const Query = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) });

async function errorsFor(payload: unknown, url = '/things'): Promise<string[]> {
  const app = createHttpServer(loadConfig({}), pino({ level: 'silent' }));
  useRestErrors(app);
  app.post('/things', { schema: { body: Body, querystring: Query } }, async () => ({ ok: true }));
  const res = await app.inject({ method: 'POST', url, payload: payload as object });
  await app.close();
  assert.equal(res.statusCode, 400, res.body);
  assert.deepEqual(Object.keys(res.json().error), ['message', 'code', 'errors']);
  assert.equal(res.json().error.message, 'Invalid Input Provided');
  assert.equal(res.json().error.code, 2001);
  return res.json().error.errors;
}

describe('schema errors in words', () => {
  it('names the field and says what its schema allows: ranges, unions with null, literals, enums, formats', async () => {
    const errors = await errorsFor({ thing: { name: 'x', timeout: -5, urgency: 'urgent', level: 'loud', at: 'yesterday', ratio: 2 } });
    assert.deepEqual(errors.sort(), [
      'thing.at must be a date and time in ISO 8601 (e.g. 2026-01-15T10:00:00Z).',
      'thing.level must be one of info or warning.',
      'thing.ratio must be a number, from 0 to 1.',
      'thing.timeout must be a whole number, at least 0 or null.',
      'thing.urgency must be one of high or low.',
    ]);
  });

  it('says what is required, how long text and lists may be, and where in a list the fault is', async () => {
    assert.deepEqual(await errorsFor({}), ['thing is required: an object.']);
    assert.deepEqual((await errorsFor({ thing: { name: '', tags: [], parts: [{ id: 'a' }, {}] } })).sort(), [
      'thing.name must be text, not empty, at most 20 characters.',
      'thing.parts[1].id is required: text.',
      'thing.tags must be a list of text, not empty (from 1 to 3 items).',
    ]);
    assert.deepEqual(await errorsFor({ thing: { name: 'a'.repeat(21) } }), ['thing.name must be text, not empty, at most 20 characters.']);
  });

  it('a nullable object with a bad field inside names that field, not "must be null"', async () => {
    assert.deepEqual(await errorsFor({ thing: { name: 'a', owner: {} } }), ['thing.owner.id is required: text.']);
    assert.deepEqual(await errorsFor({ thing: { name: 'a', owner: 'me' } }), ['thing.owner must be an object or null.']);
  });

  it('names a query parameter as one, and a body that is not an object as the request body', async () => {
    assert.deepEqual(await errorsFor({ thing: { name: 'a' } }, '/things?limit=500'), ['limit (in the query string) must be a whole number, from 1 to 100.']);
    assert.deepEqual(await errorsFor([1]), ['The request body must be an object.']);
  });
});

forEachDialect((dialect) => {
  describe(`${dialect}: schema errors from real routes`, async () => {
    const t = await buildTestApp(dialect);

    it('escalation policies, services and lists answer in words, never in Ajv wording', async () => {
      const policy = await t.request('POST', '/escalation_policies', { escalation_policy: { name: 'P', num_loops: -1, escalation_rules: [] } });
      assert.equal(policy.statusCode, 400, policy.body);
      assert.deepEqual(policy.json().error.errors, ['escalation_policy.num_loops must be a whole number, at least 0.']);
      const service = await t.request('POST', '/services', { service: { name: 'S', acknowledgement_timeout: 'soon' } });
      assert.equal(service.statusCode, 400, service.body);
      assert.deepEqual(service.json().error.errors, ['service.acknowledgement_timeout must be a whole number or null.']);
      const page = await t.request('GET', '/services?limit=0');
      assert.equal(page.statusCode, 400, page.body);
      assert.match(page.json().error.errors.join(' '), /^limit \(in the query string\) must be a whole number, at least 1/);
      for (const res of [policy, service, page]) assert.doesNotMatch(res.json().error.errors.join(' '), /must be >=|must be integer|must NOT|body\//);
    });
  });
});
