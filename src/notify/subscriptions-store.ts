import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import type { FilterType, WebhookSubscription } from './model.js';

interface WebhookSubscriptionsTable {
  id: string;
  delivery_method_id: string;
  url: string;
  secret: string;
  custom_headers: Json<WebhookSubscription['customHeaders']>;
  description: string | null;
  events: Json<WebhookSubscription['events']>;
  filter_type: string;
  filter_id: string | null;
  active: number;
  temporarily_disabled: number;
  consecutive_drops: number;
  created_at: number;
  updated_at: number;
}

interface Tables {
  webhook_subscriptions: WebhookSubscriptionsTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'notify/subscriptions-store': Tables;
  }
}

function toSub(r: WebhookSubscriptionsTable): WebhookSubscription {
  return {
    id: r.id,
    deliveryMethodId: r.delivery_method_id,
    url: r.url,
    secret: r.secret,
    customHeaders: fromJson(r.custom_headers, []),
    description: r.description,
    events: fromJson(r.events, []),
    filterType: r.filter_type as FilterType,
    filterId: r.filter_id,
    active: Number(r.active) === 1,
    temporarilyDisabled: Number(r.temporarily_disabled) === 1,
    consecutiveDrops: Number(r.consecutive_drops),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function row(s: WebhookSubscription): WebhookSubscriptionsTable {
  return {
    id: s.id,
    delivery_method_id: s.deliveryMethodId,
    url: s.url,
    secret: s.secret,
    custom_headers: toJson(s.customHeaders),
    description: s.description,
    events: toJson(s.events),
    filter_type: s.filterType,
    filter_id: s.filterId,
    active: s.active ? 1 : 0,
    temporarily_disabled: s.temporarilyDisabled ? 1 : 0,
    consecutive_drops: s.consecutiveDrops,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export async function insertSubscription(db: Db, s: WebhookSubscription): Promise<void> {
  await db.insertInto('webhook_subscriptions').values(row(s)).execute();
}

/** Saves the editable fields (never the url, secret or headers: PUT cannot change delivery_method). */
export async function updateSubscription(db: Db, s: WebhookSubscription): Promise<void> {
  await db
    .updateTable('webhook_subscriptions')
    .set({
      description: s.description,
      events: toJson(s.events),
      filter_type: s.filterType,
      filter_id: s.filterId,
      active: s.active ? 1 : 0,
      temporarily_disabled: s.temporarilyDisabled ? 1 : 0,
      consecutive_drops: s.consecutiveDrops,
      updated_at: s.updatedAt,
    })
    .where('id', '=', s.id)
    .execute();
}

export async function findSubscription(db: Db, id: string): Promise<WebhookSubscription | null> {
  const r = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSub(r) : null;
}

export async function listSubscriptions(
  db: Db,
  filter: { type?: string; id?: string },
  page: { limit: number; offset: number },
): Promise<{ items: WebhookSubscription[]; count: number }> {
  let q = db.selectFrom('webhook_subscriptions');
  if (filter.type) q = q.where('filter_type', '=', filter.type);
  if (filter.id) q = q.where('filter_id', '=', filter.id);
  const rows = await q.selectAll().orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute();
  const c = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toSub), count: Number(c.n) };
}

/** Active, not disabled subscriptions whose filter can match: the account, the service or its teams. */
export async function subscriptionsFor(db: Db, serviceId: string | null, teamIds: string[]): Promise<WebhookSubscription[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('active', '=', 1)
    .where('temporarily_disabled', '=', 0)
    .where((eb) =>
      eb.or([
        eb('filter_type', '=', 'account_reference'),
        ...(serviceId ? [eb.and([eb('filter_type', '=', 'service_reference'), eb('filter_id', '=', serviceId)])] : []),
        ...(teamIds.length ? [eb.and([eb('filter_type', '=', 'team_reference'), eb('filter_id', 'in', teamIds)])] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSub);
}

export async function deleteSubscription(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** After a delivery: success resets the count; a drop adds one and disables at `limit`. Returns the new state. */
export async function recordDeliveryOutcome(
  db: Db,
  id: string,
  dropped: boolean,
  limit: number,
  at: number,
): Promise<{ disabledNow: boolean }> {
  if (!dropped) {
    await db.updateTable('webhook_subscriptions').set({ consecutive_drops: 0 }).where('id', '=', id).where('consecutive_drops', '>', 0).execute();
    return { disabledNow: false };
  }
  await db
    .updateTable('webhook_subscriptions')
    .set((eb) => ({ consecutive_drops: eb('consecutive_drops', '+', 1) }))
    .where('id', '=', id)
    .execute();
  const s = await findSubscription(db, id);
  if (!s || s.temporarilyDisabled || s.consecutiveDrops < limit) return { disabledNow: false };
  const r = await db
    .updateTable('webhook_subscriptions')
    .set({ temporarily_disabled: 1, updated_at: at })
    .where('id', '=', id)
    .where('temporarily_disabled', '=', 0)
    .executeTakeFirst();
  return { disabledNow: Number(r.numUpdatedRows) > 0 };
}

/** How long a temporarily disabled subscription stays disabled (PagerDuty: 24 hours). */
export const DISABLE_MS = 24 * 3_600_000;

/** Re-enables subscriptions disabled (at `updated_at`) more than DISABLE_MS ago. Returns how many. */
export async function reenableExpired(db: Db, now: number): Promise<number> {
  const r = await db
    .updateTable('webhook_subscriptions')
    .set({ temporarily_disabled: 0, consecutive_drops: 0, updated_at: now })
    .where('temporarily_disabled', '=', 1)
    .where('updated_at', '<=', now - DISABLE_MS)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
