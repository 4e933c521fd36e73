// Multi-row INSERTs of the event processor's hot path, without Kysely's query builder: parsing and
// compiling a 60-row insert of 33 columns cost more CPU than SQLite's writing it. The statement text
// for n rows is made once per (dialect, table, columns, n, tail) and is the same string each time, so
// SQLite's statement cache (store/db.ts) finds it without hashing it again and reuses the prepared
// statement. A row's values are bound as they are (as Kysely binds them); an undefined value takes
// the column's default on PostgreSQL and is NULL on SQLite, as Kysely writes them.
import { CompiledQuery, PostgresAdapter, type Insertable } from 'kysely';
import type { Database as Schema } from '../executor.js';
import type { Db } from './db.js';

const texts = new Map<string, string>();
/** Statement texts kept (row counts seen, by table); an unbounded variety of counts must not grow it forever. */
const MAX_TEXTS = 2000;

const quote = (name: string) => `"${name}"`;

function insertText(postgres: boolean, table: string, columns: readonly string[], n: number, tail: string): string {
  const key = `${postgres ? 'pg' : 'sqlite'}\u0000${table}\u0000${columns.join(',')}\u0000${n}\u0000${tail}`;
  let text = texts.get(key);
  if (!text) {
    let p = 0;
    const row = () => `(${columns.map(() => (postgres ? `$${++p}` : '?')).join(', ')})`;
    text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${Array.from({ length: n }, row).join(', ')} ${tail}`;
    if (texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value as string);
    texts.set(key, text);
  }
  return text;
}

/**
 * Inserts `rows` (each the values of `columns`, in order) into `table`; `tail` is static SQL after
 * the values (an ON CONFLICT clause, written for both dialects). Returns the rows written.
 */
export async function insertRows(db: Db, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>, tail = ''): Promise<number> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters a statement.
  const per = Math.max(1, Math.floor(30000 / columns.length));
  let written = 0;
  for (let k = 0; k < rows.length; k += per) {
    const chunk = rows.slice(k, k + per);
    const q = postgres && chunk.some((r) => r.includes(undefined)) ? withDefaults(table, columns, chunk, tail) : plain(postgres, table, columns, chunk, tail);
    written += Number((await db.executeQuery(q)).numAffectedRows ?? 0);
  }
  return written;
}

function plain(postgres: boolean, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>, tail: string): CompiledQuery {
  const params: unknown[] = [];
  for (const r of rows) for (const v of r) params.push(v === undefined ? null : v);
  return CompiledQuery.raw(insertText(postgres, table, columns, rows.length, tail), params);
}

/** PostgreSQL rows with undefined values: DEFAULT in their place (a one-off text). */
function withDefaults(table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>, tail: string): CompiledQuery {
  const params: unknown[] = [];
  const values = rows.map((r) => `(${r.map((v) => (v === undefined ? 'default' : `$${params.push(v)}`)).join(', ')})`);
  return CompiledQuery.raw(`insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${values.join(', ')} ${tail}`, params);
}

/** `insertRows` of row objects that all have the same keys (a table's row mapper made them), in that order. */
export function insertObjects<T extends keyof Schema & string>(db: Db, table: T, rows: ReadonlyArray<Insertable<Schema[T]>>, tail = ''): Promise<number> {
  if (!rows.length) return Promise.resolve(0);
  const columns = Object.keys(rows[0]);
  return insertRows(db, table, columns, rows.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])), tail);
}
