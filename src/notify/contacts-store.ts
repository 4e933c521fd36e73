import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import { deleteHandoffRulesOfContact } from './handoff-store.js';
import { deleteStatusRulesOfContact } from './status-rules-store.js';
import type { ContactMethod, ContactType, NotificationRule, Urgency } from './model.js';

interface ContactMethodsTable {
  id: string;
  user_id: string;
  type: string;
  label: string;
  address: string;
  country_code: number | null;
  send_short_email: number;
  device_type: string | null;
  sounds: Json<unknown[]> | null;
  created_at: number;
}

interface NotificationRulesTable {
  id: string;
  user_id: string;
  contact_method_id: string;
  start_delay_in_minutes: number;
  urgency: string;
  created_at: number;
}

interface Tables {
  contact_methods: ContactMethodsTable;
  notification_rules: NotificationRulesTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'notify/contacts-store': Tables;
  }
}

function toContact(r: ContactMethodsTable): ContactMethod {
  return {
    id: r.id,
    userId: r.user_id,
    type: r.type as ContactType,
    label: r.label,
    address: r.address,
    countryCode: r.country_code === null ? null : Number(r.country_code),
    sendShortEmail: Number(r.send_short_email) === 1,
    deviceType: r.device_type,
    sounds: fromJson<unknown[]>(r.sounds, []),
    createdAt: Number(r.created_at),
  };
}

function toRule(r: NotificationRulesTable): NotificationRule {
  return {
    id: r.id,
    userId: r.user_id,
    contactMethodId: r.contact_method_id,
    startDelayInMinutes: Number(r.start_delay_in_minutes),
    urgency: r.urgency as Urgency,
    createdAt: Number(r.created_at),
  };
}

function contactRow(c: ContactMethod): ContactMethodsTable {
  return {
    id: c.id,
    user_id: c.userId,
    type: c.type,
    label: c.label,
    address: c.address,
    country_code: c.countryCode,
    send_short_email: c.sendShortEmail ? 1 : 0,
    device_type: c.deviceType,
    sounds: toJson(c.sounds),
    created_at: c.createdAt,
  };
}

export async function insertContactMethod(db: Db, c: ContactMethod): Promise<void> {
  await db.insertInto('contact_methods').values(contactRow(c)).execute();
}

export async function updateContactMethod(db: Db, c: ContactMethod): Promise<void> {
  const { id, user_id, created_at, ...rest } = contactRow(c);
  void user_id;
  void created_at;
  await db.updateTable('contact_methods').set(rest).where('id', '=', id).execute();
}

export async function findContactMethod(db: Db, userId: string, id: string): Promise<ContactMethod | null> {
  const r = await db.selectFrom('contact_methods').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return r ? toContact(r) : null;
}

export async function findContactMethodById(db: Db, id: string): Promise<ContactMethod | null> {
  const r = await db.selectFrom('contact_methods').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toContact(r) : null;
}

export async function listContactMethods(db: Db, userId: string): Promise<ContactMethod[]> {
  const rows = await db.selectFrom('contact_methods').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toContact);
}

/** Deletes the contact method; its notification rules go with it (foreign key cascade). */
export async function deleteContactMethod(db: Db, userId: string, id: string): Promise<boolean> {
  await db.deleteFrom('notification_rules').where('contact_method_id', '=', id).where('user_id', '=', userId).execute();
  await deleteHandoffRulesOfContact(db, id);
  await deleteStatusRulesOfContact(db, id);
  const r = await db.deleteFrom('contact_methods').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertNotificationRule(db: Db, r: NotificationRule): Promise<void> {
  await db
    .insertInto('notification_rules')
    .values({
      id: r.id,
      user_id: r.userId,
      contact_method_id: r.contactMethodId,
      start_delay_in_minutes: r.startDelayInMinutes,
      urgency: r.urgency,
      created_at: r.createdAt,
    })
    .execute();
}

export async function updateNotificationRule(db: Db, r: NotificationRule): Promise<void> {
  await db
    .updateTable('notification_rules')
    .set({ contact_method_id: r.contactMethodId, start_delay_in_minutes: r.startDelayInMinutes, urgency: r.urgency })
    .where('id', '=', r.id)
    .execute();
}

export async function findNotificationRule(db: Db, userId: string, id: string): Promise<NotificationRule | null> {
  const r = await db.selectFrom('notification_rules').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return r ? toRule(r) : null;
}

/** The user's rules, optionally of one urgency, soonest first. */
export async function listNotificationRules(db: Db, userId: string, urgency?: Urgency): Promise<NotificationRule[]> {
  let q = db.selectFrom('notification_rules').selectAll().where('user_id', '=', userId);
  if (urgency) q = q.where('urgency', '=', urgency);
  const rows = await q.orderBy('start_delay_in_minutes').orderBy('created_at').orderBy('id').execute();
  return rows.map(toRule);
}

/** Every rule of the urgency for the users, with its contact method, in one query. */
export async function rulesWithContacts(
  db: Db,
  userIds: string[],
  urgency: Urgency,
): Promise<Array<{ rule: NotificationRule; contact: ContactMethod }>> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('notification_rules as r')
    .innerJoin('contact_methods as c', 'c.id', 'r.contact_method_id')
    .select([
      'r.id as r_id',
      'r.user_id as r_user_id',
      'r.contact_method_id as r_cm',
      'r.start_delay_in_minutes as r_delay',
      'r.urgency as r_urgency',
      'r.created_at as r_created_at',
    ])
    .selectAll('c')
    .where('r.user_id', 'in', userIds)
    .where('r.urgency', '=', urgency)
    .orderBy('r.start_delay_in_minutes')
    .orderBy('r.id')
    .execute();
  return rows.map((x) => ({
    rule: toRule({
      id: x.r_id,
      user_id: x.r_user_id,
      contact_method_id: x.r_cm,
      start_delay_in_minutes: x.r_delay,
      urgency: x.r_urgency,
      created_at: x.r_created_at,
    }),
    contact: toContact(x),
  }));
}

export async function deleteNotificationRule(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('notification_rules').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Users with an SMS, phone or WhatsApp contact method at this number (country code + national number). */
export async function findUserIdsByPhone(db: Db, countryCode: number, address: string): Promise<string[]> {
  const rows = await db
    .selectFrom('contact_methods')
    .select('user_id')
    .distinct()
    .where('country_code', '=', countryCode)
    .where('address', '=', address)
    .where('type', 'in', ['sms_contact_method', 'phone_contact_method', 'whatsapp_contact_method'])
    .execute();
  return rows.map((r) => r.user_id);
}

/** How many contact methods each type has, over all users (tocsin doctor: which channels are needed). */
export async function countContactMethodsByType(db: Db): Promise<Partial<Record<ContactType, number>>> {
  const rows = await db.selectFrom('contact_methods').select(['type', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('type').execute();
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}
