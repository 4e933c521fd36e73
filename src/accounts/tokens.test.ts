import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FakeClock } from '../clock.js';
import { NotFoundError } from '../errors.js';
import { randomIds } from '../ids.js';
import { main } from '../cli.js';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { insertUser, softDeleteUser } from './store.js';
import { authenticateToken, createTokenForEmail, hashToken } from './tokens.js';

const TOKEN = /^[0-9A-Za-z_+-]{20}$/;

forEachDialect((dialect) => {
  describe(`${dialect}: API tokens (tocsin token create)`, async () => {
    const { db } = await openTestDatabase(dialect);
    const deps = { clock: new FakeClock(), ids: randomIds };
    await insertUser(db, { id: 'PUSER01', name: 'Ann', email: 'ann@example.com', role: 'user', createdAt: 0 });

    it('makes a user-level token that authenticates as that user', async () => {
      const token = await createTokenForEmail(db, deps, { userEmail: 'ANN@example.com' });
      assert.match(token, TOKEN);
      const actor = await authenticateToken(db, token);
      assert.deepEqual([actor?.kind, actor?.userId, actor?.role, actor?.readOnly], ['user', 'PUSER01', 'user', false]);
    });

    it('makes account-level and read-only tokens', async () => {
      const account = await authenticateToken(db, await createTokenForEmail(db, deps, {}));
      assert.deepEqual([account?.kind, account?.userId, account?.role], ['account', null, 'admin']);
      const ro = await authenticateToken(db, await createTokenForEmail(db, deps, { userEmail: 'ann@example.com', readOnly: true }));
      assert.equal(ro?.readOnly, true);
      assert.equal(await authenticateToken(db, 'x'.repeat(20)), null);
    });

    it('stores only a SHA-256 hash of each token, never the token', async () => {
      const token = await createTokenForEmail(db, deps, { userEmail: 'ann@example.com', description: 'ci' });
      const rows = await db.selectFrom('api_tokens').selectAll().execute();
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(token), 'the plaintext token is stored');
      assert.ok(rows.some((r) => r.token_hash === hashToken(token)));
      for (const r of rows) assert.match(String(r.token_hash), /^[0-9a-f]{64}$/);
    });

    it('refuses an unknown user, and a deleted user’s tokens stop working', async () => {
      await assert.rejects(createTokenForEmail(db, deps, { userEmail: 'nobody@example.com' }), NotFoundError);
      const token = await createTokenForEmail(db, deps, { userEmail: 'ann@example.com' });
      await softDeleteUser(db, 'PUSER01', 1);
      assert.equal(await authenticateToken(db, token), null);
      await assert.rejects(createTokenForEmail(db, deps, { userEmail: 'ann@example.com' }), NotFoundError);
    });
  });
});

describe('tocsin token create (CLI)', () => {
  it('prints a token, and exits 2 with a clear message for an unknown user', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-cli-'));
    const saved = { ...process.env };
    const out: string[] = [];
    const err: string[] = [];
    const w = { out: process.stdout.write, err: process.stderr.write };
    process.env.TOCSIN_DATA_DIR = dir;
    delete process.env.TOCSIN_DATABASE_URL;
    // The test runner reports through stdout with Buffers; keep only the CLI's text.
    const capture = (into: string[], stream: NodeJS.WriteStream, orig: typeof process.stdout.write) =>
      ((s: unknown, ...rest: unknown[]) =>
        typeof s === 'string' ? into.push(s) > 0 : (orig as (...a: unknown[]) => boolean).call(stream, s, ...rest)) as typeof process.stdout.write;
    process.stdout.write = capture(out, process.stdout, w.out);
    process.stderr.write = capture(err, process.stderr, w.err);
    try {
      assert.equal(await main(['token', 'create', '--read-only']), 0);
      assert.equal(await main(['token', 'create', '--user', 'nobody@example.com']), 2);
      assert.equal(await main(['token', 'create', '--bogus']), 2);
    } finally {
      process.stdout.write = w.out;
      process.stderr.write = w.err;
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.match(out.join(''), /^[0-9A-Za-z_+-]{20}\n$/);
    assert.match(err.join(''), /User with email nobody@example\.com not found/);
    assert.match(err.join(''), /Unknown option '--bogus'/);
  });
});
