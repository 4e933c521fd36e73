import type { Db } from '../store/db.js';

/** PagerDuty's notification types (GET /notifications `filter`). */
export const NOTIFICATION_TYPES = ['sms_notification', 'email_notification', 'phone_notification', 'push_notification'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** One notification sent to (or given up for) a person. */
export interface NotificationRecord {
  id: string;
  type: NotificationType;
  userId: string;
  contactMethodId: string | null;
  incidentId: string | null;
  address: string | null;
  status: string;
  startedAt: number;
}

interface Tables {
  notification_log: {
    id: string;
    type: string;
    user_id: string;
    contact_method_id: string | null;
    incident_id: string | null;
    address: string | null;
    status: string;
    started_at: number;
  };
}

declare module '../executor.js' {
  interface TableRegistry {
    'notify/notification-log-store': Tables;
  }
}

/** The notification type of a contact method type; WhatsApp is listed as SMS (PagerDuty has no whatsapp_notification). */
export function notificationTypeOf(contactType: string): NotificationType {
  if (contactType === 'email_contact_method') return 'email_notification';
  if (contactType === 'phone_contact_method') return 'phone_notification';
  if (contactType === 'push_notification_contact_method') return 'push_notification';
  return 'sms_notification';
}

export async function insertNotificationRecord(db: Db, r: NotificationRecord): Promise<void> {
  await db
    .insertInto('notification_log')
    .values({
      id: r.id,
      type: r.type,
      user_id: r.userId,
      contact_method_id: r.contactMethodId,
      incident_id: r.incidentId,
      address: r.address,
      status: r.status.slice(0, 100),
      started_at: r.startedAt,
    })
    .execute();
}

export interface NotificationFilter {
  /** Inclusive. */
  since: number;
  /** Exclusive. */
  until: number;
  type?: NotificationType;
}

/** Oldest first (PagerDuty lists in time order), paged, with the total. */
export async function listNotificationRecords(db: Db, f: NotificationFilter, page: { limit: number; offset: number }): Promise<{ items: NotificationRecord[]; count: number }> {
  let q = db.selectFrom('notification_log').where('started_at', '>=', f.since).where('started_at', '<', f.until);
  if (f.type) q = q.where('type', '=', f.type);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('started_at').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      type: r.type as NotificationType,
      userId: r.user_id,
      contactMethodId: r.contact_method_id,
      incidentId: r.incident_id,
      address: r.address,
      status: r.status,
      startedAt: Number(r.started_at),
    })),
    count: Number(count?.n ?? 0),
  };
}

/** The retention sweep: forgets records older than `before`. */
export async function purgeNotificationRecordsBefore(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('notification_log').where('started_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
