// The only code that touches business_service_subscribers, and that reads one subscriber's
// subscriptions across incidents (status_update_subscribers) and business services.
import type { Db } from '../store/db.js';
import type { Subscribable, Subscriber, SubscriberType } from './model.js';

interface BusinessSubscriberRow {
  business_service_id: string;
  subscriber_type: string;
  subscriber_id: string;
  created_at: number;
}
declare module '../executor.js' {
  interface TableRegistry {
    'status-updates/subscription-store': { business_service_subscribers: BusinessSubscriberRow };
  }
}

/** Adds the subscriber; false when it was already subscribed. */
export async function insertBusinessSubscriber(db: Db, businessServiceId: string, s: Subscriber, at: number): Promise<boolean> {
  const r = await db
    .insertInto('business_service_subscribers')
    .values({ business_service_id: businessServiceId, subscriber_type: s.type, subscriber_id: s.id, created_at: at })
    .onConflict((oc) => oc.columns(['business_service_id', 'subscriber_type', 'subscriber_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Removes the subscriber; false when it was not subscribed. */
export async function deleteBusinessSubscriber(db: Db, businessServiceId: string, s: Subscriber): Promise<boolean> {
  const r = await db
    .deleteFrom('business_service_subscribers')
    .where('business_service_id', '=', businessServiceId)
    .where('subscriber_type', '=', s.type)
    .where('subscriber_id', '=', s.id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The subscribers of the business services, in the order they subscribed. */
export async function listBusinessSubscribers(db: Db, businessServiceIds: readonly string[]): Promise<Subscriber[]> {
  if (businessServiceIds.length === 0) return [];
  const rows = await db
    .selectFrom('business_service_subscribers')
    .selectAll()
    .where('business_service_id', 'in', [...businessServiceIds])
    .orderBy('created_at')
    .orderBy('subscriber_type')
    .orderBy('subscriber_id')
    .execute();
  return rows.map((r) => ({ type: r.subscriber_type as SubscriberType, id: r.subscriber_id }));
}

/** What one user or team subscribes to: incidents first, then business services, each in the order subscribed. */
export async function listSubscriptionsOf(db: Db, s: Subscriber): Promise<Subscribable[]> {
  const incidents = await db
    .selectFrom('status_update_subscribers')
    .select('incident_id')
    .where('subscriber_type', '=', s.type)
    .where('subscriber_id', '=', s.id)
    .orderBy('created_at')
    .orderBy('incident_id')
    .execute();
  const business = await db
    .selectFrom('business_service_subscribers')
    .select('business_service_id')
    .where('subscriber_type', '=', s.type)
    .where('subscriber_id', '=', s.id)
    .orderBy('created_at')
    .orderBy('business_service_id')
    .execute();
  return [...incidents.map((r) => ({ type: 'incident' as const, id: r.incident_id })), ...business.map((r) => ({ type: 'business_service' as const, id: r.business_service_id }))];
}
