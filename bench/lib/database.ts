// A fresh database for one bench run: a SQLite file in a temporary folder, or a PostgreSQL database
// created on the local server (postgres://postgres@127.0.0.1:5432) and dropped by `cleanup`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, openSqlite, type Database } from '../../src/store/db.js';

export async function openBenchDatabase(dialect: 'sqlite' | 'postgres', tag = 'bench'): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), `tocsin-${tag}-`));
    return { database: openSqlite(path.join(dir, 'bench.db')), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await admin.connect();
  const name = `tocsin_${tag}_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    database: openPostgres(`postgres://postgres@127.0.0.1:5432/${name}`),
    cleanup: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
