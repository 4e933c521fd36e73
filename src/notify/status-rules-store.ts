// The only code that touches status_update_notification_rules: which contact methods of a user get
// incident status updates.
import type { Db } from '../store/db.js';

interface Tables {
  status_update_notification_rules: { id: string; user_id: string; contact_method_id: string; created_at: number };
  contact_methods: { id: string; user_id: string; type: string; address: string };
}

declare module '../executor.js' {
  interface TableRegistry {
    'notify/status-rules-store': Tables;
  }
}

/** One status update notification rule. */
export interface StatusRule {
  id: string;
  userId: string;
  contactMethodId: string;
  createdAt: number;
}

const toRule = (r: Tables['status_update_notification_rules']): StatusRule => ({ id: r.id, userId: r.user_id, contactMethodId: r.contact_method_id, createdAt: Number(r.created_at) });

/** Inserts the rule; false when the user already has one for that contact method. */
export async function insertStatusRule(db: Db, r: StatusRule): Promise<boolean> {
  const r2 = await db
    .insertInto('status_update_notification_rules')
    .values({ id: r.id, user_id: r.userId, contact_method_id: r.contactMethodId, created_at: r.createdAt })
    .onConflict((oc) => oc.columns(['user_id', 'contact_method_id']).doNothing())
    .executeTakeFirst();
  return Number(r2.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateStatusRuleContact(db: Db, userId: string, id: string, contactMethodId: string): Promise<void> {
  await db.updateTable('status_update_notification_rules').set({ contact_method_id: contactMethodId }).where('user_id', '=', userId).where('id', '=', id).execute();
}

export async function findStatusRule(db: Db, userId: string, id: string): Promise<StatusRule | null> {
  const r = await db.selectFrom('status_update_notification_rules').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return r ? toRule(r) : null;
}

export async function listStatusRules(db: Db, userId: string): Promise<StatusRule[]> {
  const rows = await db.selectFrom('status_update_notification_rules').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toRule);
}

export async function deleteStatusRule(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('status_update_notification_rules').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteStatusRulesOfContact(db: Db, contactMethodId: string): Promise<void> {
  await db.deleteFrom('status_update_notification_rules').where('contact_method_id', '=', contactMethodId).execute();
}

/** The email addresses each user's rules send status updates to (email contact methods only). */
export async function statusUpdateAddresses(db: Db, userIds: string[]): Promise<Array<{ userId: string; address: string }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('status_update_notification_rules as r')
    .innerJoin('contact_methods as c', 'c.id', 'r.contact_method_id')
    .select(['r.user_id', 'c.address'])
    .where('r.user_id', 'in', userIds)
    .where('c.type', '=', 'email_contact_method')
    .orderBy('r.user_id')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, address: r.address }));
}
