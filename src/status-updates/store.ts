// The only code that touches status_updates and status_update_subscribers.
import type { Db } from '../store/db.js';
import type { StatusUpdate, Subscriber, SubscriberType } from './model.js';

interface UpdateRow {
  id: string;
  incident_id: string;
  sender_id: string | null;
  message: string;
  subject: string | null;
  html_message: string | null;
  created_at: number;
}

interface SubscriberRow {
  incident_id: string;
  subscriber_type: string;
  subscriber_id: string;
  created_at: number;
}

declare module '../executor.js' {
  interface TableRegistry {
    'status-updates/store': { status_updates: UpdateRow; status_update_subscribers: SubscriberRow };
  }
}

const toUpdate = (r: UpdateRow): StatusUpdate => ({
  id: r.id,
  incidentId: r.incident_id,
  senderId: r.sender_id,
  message: r.message,
  subject: r.subject,
  htmlMessage: r.html_message,
  createdAt: Number(r.created_at),
});

export async function insertStatusUpdate(db: Db, u: StatusUpdate): Promise<void> {
  await db
    .insertInto('status_updates')
    .values({ id: u.id, incident_id: u.incidentId, sender_id: u.senderId, message: u.message, subject: u.subject, html_message: u.htmlMessage, created_at: u.createdAt })
    .execute();
}

export async function findStatusUpdate(db: Db, id: string): Promise<StatusUpdate | null> {
  const r = await db.selectFrom('status_updates').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toUpdate(r) : null;
}

/** An incident's status updates, newest first. */
export async function listStatusUpdates(db: Db, incidentId: string, page: { limit: number; offset: number }): Promise<{ items: StatusUpdate[]; count: number }> {
  const q = db.selectFrom('status_updates').where('incident_id', '=', incidentId);
  const c = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toUpdate), count: Number(c.n) };
}

/** Adds the subscriber; false when it was already subscribed. */
export async function insertSubscriber(db: Db, incidentId: string, s: Subscriber, at: number): Promise<boolean> {
  const r = await db
    .insertInto('status_update_subscribers')
    .values({ incident_id: incidentId, subscriber_type: s.type, subscriber_id: s.id, created_at: at })
    .onConflict((oc) => oc.columns(['incident_id', 'subscriber_type', 'subscriber_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Removes the subscriber; false when it was not subscribed. */
export async function deleteSubscriber(db: Db, incidentId: string, s: Subscriber): Promise<boolean> {
  const r = await db
    .deleteFrom('status_update_subscribers')
    .where('incident_id', '=', incidentId)
    .where('subscriber_type', '=', s.type)
    .where('subscriber_id', '=', s.id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** An incident's subscribers, in the order they subscribed. */
export async function listSubscribers(db: Db, incidentId: string): Promise<Subscriber[]> {
  const rows = await db.selectFrom('status_update_subscribers').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('subscriber_type').orderBy('subscriber_id').execute();
  return rows.map((r) => ({ type: r.subscriber_type as SubscriberType, id: r.subscriber_id }));
}
