// The one way Tocsin writes LIKE: the searched text is escaped and the ESCAPE clause names the escape
// character, so %, _ and \ in it match themselves on both dialects (SQLite has no default escape
// character; PostgreSQL's default is the backslash). SQLite's LIKE ignores ASCII case and
// PostgreSQL's does not: a case-insensitive search lowers both sides (`sql\`lower(name)\``).
import { sql, type Expression, type RawBuilder } from 'kysely';

/** `text` as a LIKE pattern that matches only itself: %, _ and \ prefixed with \. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** `<expr> like '%<text>%' escape '\'`: whether the text occurs in the value, literally. */
export function likeContains(expr: Expression<unknown>, text: string): RawBuilder<boolean> {
  return sql<boolean>`${expr} like ${`%${escapeLike(text)}%`} escape '\\'`;
}
