// The only SQL on calendar_feeds: the private keys of schedules' and users' calendar feeds.
import type { Db } from '../store/db.js';

export type FeedOwner = 'schedule' | 'user';

interface Tables {
  calendar_feeds: { owner_type: string; owner_id: string; secret: string; created_at: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'schedules/feed-store': Tables;
  }
}
/** The keys of the owners that have one, by owner id. */
export async function listFeedSecrets(db: Db, owner: FeedOwner, ownerIds: readonly string[]): Promise<Map<string, string>> {
  if (!ownerIds.length) return new Map();
  const rows = await db.selectFrom('calendar_feeds').select(['owner_id', 'secret']).where('owner_type', '=', owner).where('owner_id', 'in', [...ownerIds]).execute();
  return new Map(rows.map((r) => [r.owner_id, r.secret]));
}

/** Gives each owner without a key the one offered; an owner that has one (made by another node meanwhile) keeps it. */
export async function insertFeedSecrets(db: Db, owner: FeedOwner, offers: ReadonlyArray<{ ownerId: string; secret: string }>, now: number): Promise<void> {
  if (!offers.length) return;
  await db
    .insertInto('calendar_feeds')
    .values(offers.map((o) => ({ owner_type: owner, owner_id: o.ownerId, secret: o.secret, created_at: now })))
    .onConflict((oc) => oc.columns(['owner_type', 'owner_id']).doNothing())
    .execute();
}

/** Replaces (or sets) an owner's key: the old one stops working at once. */
export async function replaceFeedSecret(db: Db, owner: FeedOwner, ownerId: string, secret: string, now: number): Promise<void> {
  await db
    .insertInto('calendar_feeds')
    .values({ owner_type: owner, owner_id: ownerId, secret, created_at: now })
    .onConflict((oc) => oc.columns(['owner_type', 'owner_id']).doUpdateSet({ secret, created_at: now }))
    .execute();
}

/** The owner of a key, or null. */
export async function findFeedOwner(db: Db, owner: FeedOwner, secret: string): Promise<string | null> {
  const row = await db.selectFrom('calendar_feeds').select('owner_id').where('owner_type', '=', owner).where('secret', '=', secret).executeTakeFirst();
  return row?.owner_id ?? null;
}
