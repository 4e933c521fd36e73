// The tables of on-call handoff notifications: users' rules and the ledger of handoffs announced.
import type { Db } from '../store/db.js';
import type { ContactType } from './model.js';
import type { HandoffDirection, HandoffRule, HandoffType } from './handoff-model.js';

interface RulesTable {
  id: string;
  user_id: string;
  contact_method_id: string;
  handoff_type: string;
  notify_advance_in_minutes: number;
  created_at: number;
}

interface NoticesTable {
  rule_id: string;
  schedule_id: string;
  handoff_at: number;
  direction: string;
  created_at: number;
}

interface Tables {
  contact_methods: { id: string; type: string };
  handoff_notification_rules: RulesTable;
  handoff_notices: NoticesTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'notify/handoff-store': Tables;
  }
}

function toRule(r: RulesTable): HandoffRule {
  return {
    id: r.id,
    userId: r.user_id,
    contactMethodId: r.contact_method_id,
    handoffType: r.handoff_type as HandoffType,
    notifyAdvanceInMinutes: Number(r.notify_advance_in_minutes),
    createdAt: Number(r.created_at),
  };
}

export async function insertHandoffRule(db: Db, r: HandoffRule): Promise<void> {
  await db
    .insertInto('handoff_notification_rules')
    .values({ id: r.id, user_id: r.userId, contact_method_id: r.contactMethodId, handoff_type: r.handoffType, notify_advance_in_minutes: r.notifyAdvanceInMinutes, created_at: r.createdAt })
    .execute();
}

export async function updateHandoffRule(db: Db, r: HandoffRule): Promise<void> {
  await db
    .updateTable('handoff_notification_rules')
    .set({ contact_method_id: r.contactMethodId, handoff_type: r.handoffType, notify_advance_in_minutes: r.notifyAdvanceInMinutes })
    .where('id', '=', r.id)
    .execute();
}

export async function deleteHandoffRule(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('handoff_notification_rules').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The rules that go through a contact method (deleted with it). */
export async function deleteHandoffRulesOfContact(db: Db, contactMethodId: string): Promise<void> {
  await db.deleteFrom('handoff_notification_rules').where('contact_method_id', '=', contactMethodId).execute();
}

export async function findHandoffRule(db: Db, userId: string, id: string): Promise<HandoffRule | null> {
  const r = await db.selectFrom('handoff_notification_rules').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return r ? toRule(r) : null;
}

export async function findHandoffRuleById(db: Db, id: string): Promise<HandoffRule | null> {
  const r = await db.selectFrom('handoff_notification_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRule(r) : null;
}

/** The rules of one user, oldest first. */
export async function listHandoffRulesOfUser(db: Db, userId: string): Promise<HandoffRule[]> {
  const rows = await db.selectFrom('handoff_notification_rules').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toRule);
}

/** The rules of these users with their contact method's type, oldest first (one query). */
export async function listHandoffRules(db: Db, userIds: readonly string[]): Promise<Array<HandoffRule & { contactType: ContactType }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('handoff_notification_rules as r')
    .innerJoin('contact_methods as c', 'c.id', 'r.contact_method_id')
    .selectAll('r')
    .select('c.type as contact_type')
    .where('r.user_id', 'in', [...new Set(userIds)])
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ ...toRule(r), contactType: r.contact_type as ContactType }));
}

/**
 * Records that a rule's notice of a handoff is being sent; false when it was already (the primary key
 * holds it: a retried or concurrent planner inserts nothing and must enqueue nothing).
 */
export async function claimHandoffNotice(db: Db, n: { ruleId: string; scheduleId: string; at: number; direction: HandoffDirection }, now: number): Promise<boolean> {
  const r = await db
    .insertInto('handoff_notices')
    .values({ rule_id: n.ruleId, schedule_id: n.scheduleId, handoff_at: n.at, direction: n.direction, created_at: now })
    .onConflict((oc) => oc.columns(['rule_id', 'schedule_id', 'handoff_at', 'direction']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Forgets the ledger of a schedule's handoffs before `before` (no planner looks that far back). */
export async function purgeHandoffNotices(db: Db, scheduleId: string, before: number): Promise<void> {
  await db.deleteFrom('handoff_notices').where('schedule_id', '=', scheduleId).where('handoff_at', '<', before).execute();
}
