// Tag writes: create, delete, and change_tags on a user, team or escalation policy. Creating or
// deleting a tag needs `tags.write`; tagging an object needs the right to change that object (and
// `tags.write` too when a new label creates a tag, as PagerDuty's reference says).
import { can, findTeamById, findUserById, type Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { findEscalationPolicyById } from '../escalation/index.js';
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import { MAX_LABEL, type EntityType, type Tag } from './model.js';
import { assignTags, deleteTag, findTagById, findTagByLabel, insertTag, unassignTags } from './store.js';

type Deps = { clock: Clock; ids: Ids };
const DENIED = 'Only the account owner, admins and users may create or delete tags.';

function normalizeLabel(label: string | undefined): string {
  const l = (label ?? '').trim();
  if (!l) throw new InvalidInputError('Label cannot be empty.');
  if (l.length > MAX_LABEL) throw new InvalidInputError(`Label is too long (maximum is ${MAX_LABEL} characters).`);
  return l;
}

export async function createTag(db: Db, deps: Deps, actor: Actor, label: string | undefined): Promise<Tag> {
  if (!can(actor, 'tags.write')) throw new ForbiddenError(DENIED);
  const tag: Tag = { id: deps.ids.id(), label: normalizeLabel(label), createdAt: deps.clock.now() };
  if (await findTagByLabel(db, tag.label)) throw new InvalidInputError('Label has already been taken');
  await insertTag(db, tag);
  return tag;
}

export async function removeTag(db: Db, actor: Actor, id: string): Promise<void> {
  if (!can(actor, 'tags.write')) throw new ForbiddenError(DENIED);
  if (!(await findTagById(db, id))) throw new NotFoundError('Tag', id);
  await deleteTag(db, id);
}

/** 404 unless the entity exists (live); otherwise whether the actor may change it. */
export async function entityAccess(db: Db, actor: Actor, type: EntityType, id: string): Promise<boolean> {
  if (type === 'users') {
    const u = await findUserById(db, id);
    if (!u) throw new NotFoundError('User', id);
    return can(actor, 'users.write') || (actor.userId === id && can(actor, 'users.update_self'));
  }
  if (type === 'teams') {
    const team = await findTeamById(db, id);
    if (!team) throw new NotFoundError('Team', id);
    return can(actor, 'teams.write', [id]);
  }
  const p = await findEscalationPolicyById(db, id);
  if (!p) throw new NotFoundError('Escalation Policy', id);
  return can(actor, 'escalation_policies.write', p.teamIds);
}

export interface TagChange {
  add?: Array<{ type: 'tag' | 'tag_reference'; id?: string; label?: string }>;
  remove?: Array<{ type: 'tag_reference'; id: string }>;
}

/** POST /{entity_type}/{id}/change_tags: all or nothing; a `tag` by label reuses the tag of that label or creates it. */
export async function changeTags(db: Db, deps: Deps, actor: Actor, type: EntityType, entityId: string, change: TagChange): Promise<void> {
  if (!(await entityAccess(db, actor, type, entityId))) throw new ForbiddenError('You may not change the tags of this object.');
  const errors: string[] = [];
  const addIds: string[] = [];
  for (const a of change.add ?? []) {
    if (a.type === 'tag_reference') {
      if (!a.id || !(await findTagById(db, a.id))) errors.push(`Tag ${a.id ?? '(no id)'} does not exist.`);
      else addIds.push(a.id);
      continue;
    }
    const found = a.label === undefined ? null : await findTagByLabel(db, a.label.trim());
    if (found) addIds.push(found.id);
    else if (!can(actor, 'tags.write')) errors.push(`There is no tag "${a.label ?? ''}", and you may not create tags.`);
    else {
      try {
        addIds.push((await createTag(db, deps, actor, a.label)).id);
      } catch (e) {
        if (!(e instanceof InvalidInputError)) throw e;
        errors.push(...e.details);
      }
    }
  }
  const removeIds = (change.remove ?? []).map((r) => r.id);
  if (errors.length) throw new InvalidInputError(errors);
  await unassignTags(db, type, entityId, removeIds);
  await assignTags(db, type, entityId, addIds, deps.clock.now());
}
