// The REST scope as a whole: rate limit, pagination edges, error bodies, media types, OpenAPI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { buildTestApp, OWNER_TOKEN } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { useRestErrors } from './errors.js';
import { readPage } from './pagination.js';
import { createHttpServer } from './server.js';

describe('readPage', () => {
  it('defaults to 25, clamps limit to 100, refuses offset+limit over 10,000', () => {
    assert.deepEqual(readPage({}), { limit: 25, offset: 0, total: false });
    assert.deepEqual(readPage({ limit: 500, offset: 3, total: true }), { limit: 100, offset: 3, total: true });
    assert.deepEqual(readPage({ limit: 100, offset: 9900 }), { limit: 100, offset: 9900, total: false });
    assert.throws(() => readPage({ limit: 100, offset: 9901 }), InvalidInputError);
  });
});

describe('error renderer', () => {
  it('masks an unexpected error as a 500 without its message or stack', async () => {
    const app = createHttpServer(loadConfig({}), pino({ level: 'silent' }));
    useRestErrors(app);
    app.get('/boom', async () => {
      throw new Error('secret database detail');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { error: { message: 'An internal error has occurred. The error has been logged.', code: 2000, errors: [] } });
    assert.doesNotMatch(res.body, /secret|at /);
    await app.close();
  });
});

forEachDialect((dialect) => {
  describe(`${dialect}: the REST scope`, async () => {
    const t = await buildTestApp(dialect, { TOCSIN_REST_RATE_LIMIT: '4' });

    it('rate-limits per token with ratelimit-* headers and 429 code 2020', async () => {
      const { token } = await t.makeUser('admin');
      const seen: Array<[number, string]> = [];
      for (let i = 0; i < 5; i++) {
        const res = await t.request('GET', '/users/me', undefined, { token });
        assert.equal(res.headers['ratelimit-limit'], '4');
        assert.match(String(res.headers['ratelimit-reset']), /^\d+$/);
        seen.push([res.statusCode, String(res.headers['ratelimit-remaining'])]);
        if (res.statusCode === 429) {
          assert.deepEqual(res.json().error.code, 2020);
          assert.match(String(res.headers['retry-after']), /^\d+$/);
        }
      }
      assert.deepEqual(seen, [[200, '3'], [200, '2'], [200, '1'], [200, '0'], [429, '0']]);
      // Another token has its own budget; a minute later the first one has a new one.
      const other = await t.makeUser('admin');
      assert.equal((await t.request('GET', '/users/me', undefined, { token: other.token })).statusCode, 200);
      t.clock.advance(60_000);
      assert.equal((await t.request('GET', '/users/me', undefined, { token })).statusCode, 200);
    });

    it('pagination: limit over 100 is clamped, offset+limit over 10,000 is a 400 body, limit 0 is invalid', async () => {
      const { token } = await t.makeUser('admin');
      const ok = await t.request('GET', '/services?limit=500', undefined, { token });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json().limit, 100);
      assert.equal(ok.json().total, null);
      const far = await t.request('GET', '/services?limit=100&offset=9901', undefined, { token });
      assert.equal(far.statusCode, 400);
      assert.equal(far.json().error.code, 2001);
      assert.match(far.json().error.errors[0], /Offset\+limit exceeds maximum allowed value of 10000/);
      const zero = await t.request('GET', '/services?limit=0', undefined, { token });
      assert.equal(zero.statusCode, 400);
      assert.equal(zero.json().error.code, 2001);
    });

    it('a schema violation is a 400 with code 2001 and the field named; an unknown route a 404 with 2100', async () => {
      const { token } = await t.makeUser('admin');
      const bad = await t.request('POST', '/services', { service: { name: 5 } }, { token });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 2001);
      assert.equal(bad.json().error.message, 'Invalid Input Provided');
      assert.ok(bad.json().error.errors.length > 0);
      const unknown = await t.request('GET', '/nowhere', undefined, { token });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 2100);
    });

    it("accepts PagerDuty's Accept header without requiring it, and JSON with a charset", async () => {
      const { token } = await t.makeUser('admin');
      const withAccept = await t.request('GET', '/services', undefined, { token, headers: { accept: 'application/vnd.pagerduty+json;version=2' } });
      assert.equal(withAccept.statusCode, 200);
      assert.match(String(withAccept.headers['content-type']), /application\/json/);
      assert.equal((await t.request('GET', '/services', undefined, { token, headers: { accept: '*/*' } })).statusCode, 200);
      const res = await t.app.http.inject({
        method: 'POST',
        url: '/teams',
        headers: { authorization: `Token token=${token}`, 'content-type': 'application/json; charset=utf-8', accept: 'application/vnd.pagerduty+json;version=2' },
        payload: JSON.stringify({ team: { type: 'team', name: 'Charset' } }),
      });
      assert.equal(res.statusCode, 201, res.body);
    });

    it('serves its OpenAPI document with the implemented paths, and /docs', async () => {
      const doc = await t.app.http.inject({ method: 'GET', url: '/openapi.json' });
      assert.equal(doc.statusCode, 200);
      const paths = Object.keys(doc.json().paths);
      for (const p of ['/services', '/services/{id}', '/escalation_policies', '/incidents', '/users', '/teams', '/vendors']) {
        assert.ok(paths.includes(p), `${p} in ${paths.join(' ')}`);
      }
      assert.ok(!paths.includes('/healthz'), 'internal routes are hidden');
      const docs = await t.app.http.inject({ method: 'GET', url: '/docs/' });
      assert.equal(docs.statusCode, 200);
      assert.match(docs.body, /<html/i);
      assert.equal((await t.app.http.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    });
  });

  describe(`${dialect}: errors the router raises before any route`, async () => {
    const t = await buildTestApp(dialect);
    const long = 'x'.repeat(501);
    const send = (method: 'GET' | 'POST' | 'PUT', url: string) =>
      t.app.http.inject({ method, url, headers: { authorization: `Token token=${OWNER_TOKEN}`, 'content-type': 'application/json' }, payload: method === 'GET' ? undefined : '{}' });

    it('REST paths: bad percent-encoding and a path parameter over 500 characters are a PagerDuty 400', async () => {
      for (const [url, detail] of [
        ['/services/%E0', 'The path is not valid percent-encoded UTF-8.'],
        [`/services/${long}`, 'A path parameter is longer than 500 characters.'],
        ['/incidents/%C3%28/notes', 'The path is not valid percent-encoded UTF-8.'],
      ]) {
        const r = await send('GET', url);
        assert.equal(r.statusCode, 400, url);
        assert.deepEqual(r.json(), { error: { message: 'Invalid Input Provided', code: 2001, errors: [detail] } });
      }
    });

    it('event paths answer in the Events API body: bad encoding, long keys, wrong methods, unknown paths', async () => {
      for (const url of ['/v2/%E0', '/integration/%E0/enqueue', `/integration/${long}/enqueue`]) {
        const r = await send('POST', url);
        assert.equal(r.statusCode, 400, url);
        assert.equal(r.json().status, 'invalid event', url);
        assert.deepEqual(Object.keys(r.json()), ['status', 'message', 'errors']);
      }
      for (const [method, url] of [
        ['GET', '/v2/enqueue'],
        ['PUT', '/v2/enqueue'],
        ['GET', '/v2/change/enqueue'],
        ['GET', '/generic/2010-04-15/create_event.json'],
        ['GET', '/integration/abc/enqueue'],
      ] as const) {
        const r = await send(method, url);
        assert.equal(r.statusCode, 405, `${method} ${url}`);
        assert.equal(r.headers.allow, 'POST');
        assert.deepEqual(r.json(), { status: 'method not allowed', message: 'Method Not Allowed', errors: [`${method} is not allowed on ${url}; send events with POST.`] });
      }
      const r = await send('POST', '/v2/nothing');
      assert.equal(r.statusCode, 404);
      assert.deepEqual(r.json(), { status: 'not found', message: 'Not Found', errors: ['Endpoint POST /v2/nothing not found.'] });
    });

    it('refuses U+0000 in bodies, path and query parameters with a 400 (PostgreSQL text cannot hold it)', async () => {
      const nul = { error: { message: 'Invalid Input Provided', code: 2001, errors: ['Text must not contain the NUL character (U+0000).'] } };
      const body = await t.request('POST', '/teams', { team: { type: 'team', name: 'a\u0000b' } });
      assert.equal(body.statusCode, 400, body.body);
      assert.deepEqual(body.json(), nul);
      for (const url of ['/escalation_policies/%00', '/services?query=%00', '/services/P%00X/integrations']) {
        const r = await send('GET', url);
        assert.equal(r.statusCode, 400, url);
        assert.deepEqual(r.json(), nul);
      }
      const del = await t.request('DELETE', '/escalation_policies/%00');
      assert.equal(del.statusCode, 400);
      assert.equal((await t.request('POST', '/teams', { team: { type: 'team', name: 'a\\u0000b' } })).statusCode, 201, 'the six characters \\u0000 are ordinary text');
    });

    it('UI paths never show Fastify codes', async () => {
      for (const url of ['/ui/%E0', '/ui/api/%E0', `/ui/api/users/${long}`, `/ui/${long}`, '/notify/actions/%E0']) {
        const r = await send('GET', url);
        assert.doesNotMatch(r.body, /FST_/, url);
        assert.ok(r.statusCode < 500, url);
      }
    });
  });
});
