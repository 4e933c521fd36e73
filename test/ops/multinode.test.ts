// Two Tocsin nodes on one PostgreSQL database: two real `tocsin serve` processes serve the same data
// consistently (create on A, read/update/delete on B, 404 on A), and nodes that start at the same
// moment on an empty database migrate it and bootstrap exactly one account owner.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createPgTestDatabase, dbUrl, DIALECTS, TEST_PG_URL } from '../../src/testing/dialects.js';
import { killAll, rest, tocsin } from './proc.js';

const skip = !DIALECTS.includes('postgres');

async function query<T>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('postgres: two tocsin serve processes on one database', { skip }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-multinode-'));
  let drop: (() => Promise<void>) | null = null;
  after(async () => {
    await killAll();
    if (drop) await drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('start together (one owner, one printed token) and serve the same services', { timeout: 180_000 }, async () => {
    const created = await createPgTestDatabase();
    drop = created.drop;
    const env = (name: string) => ({ TOCSIN_DATABASE_URL: created.url, TOCSIN_DATA_DIR: path.join(tmp, name), TOCSIN_BOOTSTRAP_EMAIL: 'owner@example.com' });
    const a = tocsin(['serve'], env('a'));
    const b = tocsin(['serve'], env('b'));
    const [portA, portB] = await Promise.all([a.serving(), b.serving()]);
    // Not a terminal: the token goes to owner-token.txt in the data dir of the node that made it.
    const printed = ['a', 'b'].flatMap((n) => {
      const file = path.join(tmp, n, 'owner-token.txt');
      return fs.existsSync(file) ? [/^ {4}(\S+)$/m.exec(fs.readFileSync(file, 'utf8'))![1]] : [];
    });
    assert.equal(printed.length, 1, `exactly one node shows the token:\n${a.stdout}\n${b.stdout}`);
    const owners = await query<{ n: string }>(created.url, `select count(*) as n from users where role = 'owner'`);
    assert.equal(Number(owners[0].n), 1);
    const tokens = await query<{ n: string }>(created.url, 'select count(*) as n from api_tokens');
    assert.equal(Number(tokens[0].n), 1);

    const token = printed[0];
    const A = `http://127.0.0.1:${portA}`;
    const B = `http://127.0.0.1:${portB}`;
    const me = await rest(B, token, 'GET', '/users/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
    const ep = await rest(A, token, 'POST', '/escalation_policies', {
      escalation_policy: { type: 'escalation_policy', name: 'Ops', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: me.body.user.id, type: 'user_reference' }] }] },
    });
    assert.equal(ep.status, 201, JSON.stringify(ep.body));
    const svc = await rest(A, token, 'POST', '/services', {
      service: { type: 'service', name: 'Checkout', escalation_policy: { id: ep.body.escalation_policy.id, type: 'escalation_policy_reference' } },
    });
    assert.equal(svc.status, 201, JSON.stringify(svc.body));
    const id = svc.body.service.id as string;

    const onB = await rest(B, token, 'GET', `/services/${id}`);
    assert.equal(onB.status, 200);
    assert.equal(onB.body.service.name, 'Checkout');
    assert.equal(onB.body.service.escalation_policy.id, ep.body.escalation_policy.id);
    const dupOnB = await rest(B, token, 'POST', '/services', {
      service: { type: 'service', name: 'Checkout', escalation_policy: { id: ep.body.escalation_policy.id, type: 'escalation_policy_reference' } },
    });
    assert.equal(dupOnB.status, 400, 'the name is unique across nodes');

    const upd = await rest(B, token, 'PUT', `/services/${id}`, { service: { description: 'changed on B', status: 'disabled' } });
    assert.equal(upd.status, 200, JSON.stringify(upd.body));
    const onA = await rest(A, token, 'GET', `/services/${id}`);
    assert.equal(onA.body.service.description, 'changed on B');
    assert.equal(onA.body.service.status, 'disabled');
    const listA = await rest(A, token, 'GET', '/services?total=true');
    assert.deepEqual([listA.body.total, listA.body.services[0].id], [1, id]);

    assert.equal((await rest(B, token, 'DELETE', `/services/${id}`)).status, 204);
    const gone = await rest(A, token, 'GET', `/services/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 2100);
    assert.equal((await rest(A, token, 'GET', '/services')).body.services.length, 0);

    const [codeA, codeB] = await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    assert.deepEqual([codeA, codeB], [0, 0], a.stderr + b.stderr);
  });
});

describe('postgres: nodes starting at the same moment on an empty database', { skip }, () => {
  it('both migrate it and exactly one bootstraps the owner, in every round', { timeout: 180_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const name = `tocsin_e2e_boot_${process.pid}_${Date.now().toString(36)}_${round}`;
      await query(TEST_PG_URL, `CREATE DATABASE ${name}`);
      const url = dbUrl(name);
      const apps: App[] = [];
      try {
        const config = loadConfig({
          TOCSIN_DATABASE_URL: url,
          TOCSIN_HTTP_HOST: '127.0.0.1',
          TOCSIN_HTTP_PORT: '0',
          TOCSIN_SMTP_PORT: '0',
          TOCSIN_BOOTSTRAP_EMAIL: `owner${round}@example.com`,
        });
        const log = pino({ level: 'silent' });
        // createApp migrates; start() bootstraps: both at once on the two nodes.
        const made = await Promise.allSettled([createApp(config, { log }), createApp(config, { log })]);
        for (const m of made) if (m.status === 'fulfilled') apps.push(m.value);
        for (const m of made) if (m.status === 'rejected') throw m.reason;
        const started = await Promise.all(apps.map((x) => x.start()));
        const generated = started.map((s) => s.generatedToken).filter(Boolean);
        assert.equal(generated.length, 1, `round ${round}: one node generated the token`);
        const owners = await query<{ email: string }>(url, `select email from users where role = 'owner'`);
        assert.deepEqual(owners.map((o) => o.email), [`owner${round}@example.com`]);
        // Each node prints its own setup code, and either claims the owner on either node, once.
        const codes = started.map((s) => s.setupCode);
        assert.ok(codes[0] && codes[1] && codes[0] !== codes[1], `round ${round}: two codes`);
        const claim = (app: App, code: string) =>
          app.http.inject({ method: 'POST', url: '/auth/setup', headers: { 'x-requested-with': 'tocsin-ui' }, payload: { password: 'owner password', code } });
        assert.equal((await claim(apps[0], codes[1]!)).statusCode, 200);
        assert.equal((await claim(apps[1], codes[0]!)).statusCode, 403);
      } finally {
        for (const x of apps) await x.close().catch(() => undefined);
        await query(TEST_PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  });
});
