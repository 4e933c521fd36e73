// The list shape of PagerDuty's named resources (users, teams, schedules): one page ordered by name,
// case-insensitively, then id, and the count of every row the filters match (for `total`).
import { sql, type SelectQueryBuilder } from 'kysely';

/** One page of what `q` (filtered, with its columns selected) returns, by lower(name) then id, and the count of all it matches. */
export async function pageByName<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, page: { limit: number; offset: number }) {
  // $castTo: Kysely cannot resolve the selection's type on a generic builder.
  const c = await q.clearSelect().select(sql<number>`count(*)`.as('n')).$castTo<{ n: number }>().executeTakeFirstOrThrow();
  const rows = await q
    .orderBy(sql`lower(${sql.ref('name')})`)
    .orderBy(sql.ref('id'))
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, count: Number(c.n) };
}
