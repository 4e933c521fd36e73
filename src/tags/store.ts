// The only code that touches tags and tag_assignments.
import type { Db } from '../store/db.js';
import { likeContains } from '../store/like.js';
import type { EntityType, Tag } from './model.js';

interface Tables {
  tags: { id: string; label: string; label_key: string; created_at: number };
  tag_assignments: { tag_id: string; entity_type: string; entity_id: string; created_at: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'tags/store': Tables;
  }
}
const toTag = (r: Tables['tags']): Tag => ({ id: r.id, label: r.label, createdAt: Number(r.created_at) });
const keyOf = (label: string) => label.toLowerCase();

export async function insertTag(db: Db, tag: Tag): Promise<void> {
  await db.insertInto('tags').values({ id: tag.id, label: tag.label, label_key: keyOf(tag.label), created_at: tag.createdAt }).execute();
}

export async function findTagById(db: Db, id: string): Promise<Tag | null> {
  const r = await db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toTag(r) : null;
}

/** The tag with this label, whatever its case, or null. */
export async function findTagByLabel(db: Db, label: string): Promise<Tag | null> {
  const r = await db.selectFrom('tags').selectAll().where('label_key', '=', keyOf(label)).executeTakeFirst();
  return r ? toTag(r) : null;
}

/** A page of tags by label; `query` matches a part of the label, ignoring case. */
export async function listTags(db: Db, f: { query?: string; limit: number; offset: number }): Promise<{ items: Tag[]; count: number }> {
  let q = db.selectFrom('tags');
  if (f.query) q = q.where((eb) => likeContains(eb.ref('label_key'), keyOf(f.query!)));
  const c = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('label_key').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { items: rows.map(toTag), count: Number(c.n) };
}

/** Deletes the tag and takes it off everything that carries it. */
export async function deleteTag(db: Db, id: string): Promise<void> {
  await db.deleteFrom('tag_assignments').where('tag_id', '=', id).execute();
  await db.deleteFrom('tags').where('id', '=', id).execute();
}

/** Puts the tags on the entity; tags it already carries are left as they are. */
export async function assignTags(db: Db, type: EntityType, entityId: string, tagIds: string[], at: number): Promise<void> {
  if (tagIds.length === 0) return;
  const have = new Set(await tagIdsOf(db, type, entityId));
  const add = [...new Set(tagIds)].filter((id) => !have.has(id));
  if (add.length === 0) return;
  await db
    .insertInto('tag_assignments')
    .values(add.map((tag_id) => ({ tag_id, entity_type: type, entity_id: entityId, created_at: at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function unassignTags(db: Db, type: EntityType, entityId: string, tagIds: string[]): Promise<void> {
  if (tagIds.length === 0) return;
  await db.deleteFrom('tag_assignments').where('entity_type', '=', type).where('entity_id', '=', entityId).where('tag_id', 'in', tagIds).execute();
}

async function tagIdsOf(db: Db, type: EntityType, entityId: string): Promise<string[]> {
  const rows = await db.selectFrom('tag_assignments').select('tag_id').where('entity_type', '=', type).where('entity_id', '=', entityId).execute();
  return rows.map((r) => r.tag_id);
}

/** The tags the entity carries, by label. */
export async function listTagsOf(db: Db, type: EntityType, entityId: string): Promise<Tag[]> {
  const rows = await db
    .selectFrom('tags')
    .innerJoin('tag_assignments', 'tag_assignments.tag_id', 'tags.id')
    .select(['tags.id', 'tags.label', 'tags.label_key', 'tags.created_at'])
    .where('tag_assignments.entity_type', '=', type)
    .where('tag_assignments.entity_id', '=', entityId)
    .orderBy('tags.label_key')
    .orderBy('tags.id')
    .execute();
  return rows.map(toTag);
}

/** Ids of the entities of the type that carry the tag, in the order they were tagged. */
export async function listEntityIdsWithTag(db: Db, tagId: string, type: EntityType): Promise<string[]> {
  const rows = await db
    .selectFrom('tag_assignments')
    .select('entity_id')
    .where('tag_id', '=', tagId)
    .where('entity_type', '=', type)
    .orderBy('created_at')
    .orderBy('entity_id')
    .execute();
  return rows.map((r) => r.entity_id);
}
