// JSON columns are TEXT on both dialects. A column's table type says what it holds (`Json<T>`), so
// toJson and fromJson are the only (de)serialisers and a value of the wrong shape does not compile:
// writing a `Json<T>` column takes `toJson(value: T)`, reading it gives back a T.
import { PostgresAdapter, sql, type Expression, type RawBuilder } from 'kysely';
import type { Db } from '../executor.js';

declare const holds: unique symbol;

/** The text of a JSON column holding a T (a brand: at run time, a string). */
export type Json<T> = string & { readonly [holds]: T };

export function toJson<T>(value: T): null extends T ? Json<NonNullable<T>> | null : undefined extends T ? Json<NonNullable<T>> | null : Json<T>;
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** The JSON text of a value for a NOT NULL column that may hold a JSON `null` itself (toJson gives SQL NULL). */
export function jsonText<T>(value: T): Json<T> {
  return JSON.stringify(value) as Json<T>;
}

/** The value a JSON column holds, or `fallback` when it is null. */
export function fromJson<T, F = T>(text: Json<T> | null | undefined, fallback: F): T | F {
  if (text === null || text === undefined) return fallback;
  return JSON.parse(text) as T;
}

/**
 * Whether the JSON array in `column` has an element equal to `element` (a string, or an object whose
 * listed string fields all match), with the database's JSON functions: SQLite's json_each, PostgreSQL's
 * jsonb containment. Not a LIKE on the serialised text.
 */
export function jsonArrayHas(db: Db, column: Expression<unknown>, element: string | Record<string, string>): RawBuilder<boolean> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return sql<boolean>`(${column})::jsonb @> ${JSON.stringify([element])}::jsonb`;
  }
  if (typeof element === 'string') return sql<boolean>`exists (select 1 from json_each(${column}) where value = ${element})`;
  const checks = Object.entries(element).map(([k, v]) => sql`json_extract(value, ${'$.' + k}) = ${v}`);
  return sql<boolean>`exists (select 1 from json_each(${column}) where ${sql.join(checks, sql` and `)})`;
}
