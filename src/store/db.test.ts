// The Disk of each database: commits that wait for the disk off the event loop. On a SQLite file
// (WAL) a commit is lazy and a sync follows; the connection returns to synchronous=FULL for every
// other write. Without a WAL, and on PostgreSQL, commits are ordinary ones.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { forEachDialect, openTestDatabase } from '../testing/dialects.js';
import { openSqlite, type Db } from './db.js';

const synchronous = async (db: Db) => Number((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0].synchronous);

describe('SQLite file: lazy commit, then a WAL sync', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-disk-'));
  const file = path.join(dir, 'db.sqlite');
  const database = openSqlite(file);
  after(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('commits lazily (NORMAL) and goes back to FULL, even when the transaction fails', async () => {
    const { db, disk } = database;
    await sql`create table t (v integer)`.execute(db);
    assert.equal(await synchronous(db), 2, 'FULL for ordinary writes');
    let inside = -1;
    await disk.commit(async (tx) => {
      inside = await synchronous(tx);
      await sql`insert into t values (1)`.execute(tx);
    });
    assert.equal(inside, 1, 'NORMAL inside the lazy commit');
    assert.equal(await synchronous(db), 2);
    await assert.rejects(
      disk.commit(async (tx) => {
        await sql`insert into t values (2)`.execute(tx);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await synchronous(db), 2, 'restored after a rollback too');
    await disk.sync();
    const rows = (await sql<{ v: number }>`select v from t`.execute(db)).rows;
    assert.deepEqual(rows, [{ v: 1 }], 'the failed transaction left nothing');
    assert.ok(fs.existsSync(file + '-wal'), 'the file the sync flushes is the live WAL');
  });

  it('a second connection sees what a lazy commit wrote once the sync is done', async () => {
    await database.disk.commit(async (tx) => {
      await sql`insert into t values (3)`.execute(tx);
    });
    await database.disk.sync();
    const other = openSqlite(file);
    try {
      const rows = (await sql<{ v: number }>`select v from t order by v`.execute(other.db)).rows;
      assert.deepEqual(rows, [{ v: 1 }, { v: 3 }]);
    } finally {
      await other.close();
    }
  });
});

forEachDialect((dialect) => {
  describe(`${dialect} test database (in memory, or PostgreSQL): ordinary commits`, async () => {
    const database = await openTestDatabase(dialect);

    it('commit writes and sync resolves', async () => {
      await sql`create table disk_probe (v integer)`.execute(database.db);
      await database.disk.commit(async (tx) => {
        await sql`insert into disk_probe values (7)`.execute(tx);
      });
      await database.disk.sync();
      const rows = (await sql<{ v: number }>`select v from disk_probe`.execute(database.db)).rows;
      assert.deepEqual(rows, [{ v: 7 }]);
      if (dialect === 'sqlite') assert.equal(await synchronous(database.db), 2, 'in memory the connection stays FULL');
    });
  });
});
