import type { Actor } from '../accounts/index.js';
import { findUserById, userWriteDenial } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ArgumentsError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { mapConstraints } from '../store/constraint.js';
import {
  findContactMethod,
  findNotificationRule,
  insertContactMethod,
  insertNotificationRule,
  updateContactMethod,
  updateNotificationRule,
} from './contacts-store.js';
import type { ContactMethod, ContactType, NotificationRule, Urgency } from './model.js';
import { normalizePhone, PHONE_TYPES } from './phone.js';

/** Use cases for a user's contact methods and notification rules: who may, and what is valid. */

export async function requireUser(db: Db, userId: string): Promise<void> {
  if (!(await findUserById(db, userId))) throw new NotFoundError('User', userId);
}

/**
 * Whether the actor may change this user's contact methods and notification rules (they decide
 * whether and where the user is paged, so they are the user's account): the same rule as editing the
 * user (accounts `userWriteDenial`). A user edits their own if their role may edit its own profile
 * (not observers or read-only users); owners and admins (and account tokens) other users'; only the
 * owner the owner's; read-only tokens nobody's. 404 for an unknown user, else 403 (code 2010).
 */
export async function assertMayEdit(db: Db, actor: Actor, userId: string): Promise<void> {
  const target = await findUserById(db, userId);
  if (!target) throw new NotFoundError('User', userId);
  const denial = userWriteDenial(actor, { op: 'update', target });
  if (denial) throw new ForbiddenError(denial);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ContactInput {
  type?: ContactType;
  label?: string;
  address?: string;
  country_code?: number;
  send_short_email?: boolean;
  device_type?: 'android' | 'ios';
  sounds?: unknown[];
}

/** Checks the contact method and returns it normalised (phone numbers: national number + country code, E.164-valid). */
function validateContact(c: ContactMethod): ContactMethod {
  const errors: string[] = [];
  let out = c;
  if (!c.label.trim()) errors.push('Label cannot be empty.');
  if (!c.address.trim()) errors.push('Address cannot be empty.');
  if (c.type === 'email_contact_method' && c.address && !EMAIL.test(c.address)) errors.push('Address must be a valid email address.');
  if (PHONE_TYPES.has(c.type) && c.address.trim()) {
    const p = normalizePhone(c.countryCode, c.address);
    if (p.ok) out = { ...c, countryCode: p.countryCode, address: p.address };
    else errors.push(p.error);
  }
  if (errors.length) throw new InvalidInputError(errors);
  return out;
}

const cleanAddress = (type: ContactType, a: string) => (type === 'email_contact_method' ? a.trim() : PHONE_TYPES.has(type) ? a.trim() : a.replace(/[\s().-]/g, ''));

export async function createContactMethod(db: Db, ctx: Pick<Context, 'ids' | 'clock'>, userId: string, input: ContactInput): Promise<ContactMethod> {
  const missing = (['type', 'label', 'address'] as const).filter((k) => input[k] === undefined).map((k) => `contact_method.${k} is required.`);
  if (missing.length) throw new InvalidInputError(missing);
  const type = input.type!;
  const given: ContactMethod = {
    id: ctx.ids.id(),
    userId,
    type,
    label: input.label!,
    address: cleanAddress(type, input.address!),
    countryCode: input.country_code ?? null,
    sendShortEmail: input.send_short_email ?? false,
    deviceType: type === 'push_notification_contact_method' ? (input.device_type ?? 'android') : null,
    sounds: input.sounds ?? [],
    createdAt: ctx.clock.now(),
  };
  const c = validateContact(given);
  await mapConstraints(() => insertContactMethod(db, c));
  return c;
}

/** PUT is partial; the type cannot change. */
export async function editContactMethod(db: Db, userId: string, id: string, input: ContactInput): Promise<ContactMethod> {
  const cur = await findContactMethod(db, userId, id);
  if (!cur) throw new NotFoundError('Contact method', id);
  if (input.type && input.type !== cur.type) throw new InvalidInputError('The type of a contact method cannot be changed.');
  const given: ContactMethod = {
    ...cur,
    label: input.label ?? cur.label,
    address: input.address === undefined ? cur.address : cleanAddress(cur.type, input.address),
    countryCode: input.country_code ?? cur.countryCode,
    sendShortEmail: input.send_short_email ?? cur.sendShortEmail,
    sounds: input.sounds ?? cur.sounds,
  };
  const next = validateContact(given);
  await mapConstraints(() => updateContactMethod(db, next));
  return next;
}

export interface RuleInput {
  start_delay_in_minutes?: number;
  contact_method?: { id: string };
  urgency?: Urgency;
}

async function ruleContact(db: Db, userId: string, id: string): Promise<ContactMethod> {
  const cm = await findContactMethod(db, userId, id);
  if (!cm) throw new ArgumentsError(`Contact method ${id} does not belong to user ${userId}.`);
  return cm;
}

export async function createNotificationRule(
  db: Db,
  ctx: Pick<Context, 'ids' | 'clock'>,
  userId: string,
  input: RuleInput,
): Promise<{ rule: NotificationRule; contact: ContactMethod }> {
  const missing = (['start_delay_in_minutes', 'contact_method', 'urgency'] as const)
    .filter((k) => input[k] === undefined)
    .map((k) => `notification_rule.${k} is required.`);
  if (missing.length) throw new InvalidInputError(missing);
  const contact = await ruleContact(db, userId, input.contact_method!.id);
  const rule: NotificationRule = {
    id: ctx.ids.id(),
    userId,
    contactMethodId: contact.id,
    startDelayInMinutes: input.start_delay_in_minutes!,
    urgency: input.urgency!,
    createdAt: ctx.clock.now(),
  };
  await insertNotificationRule(db, rule);
  return { rule, contact };
}

export async function editNotificationRule(db: Db, userId: string, id: string, input: RuleInput): Promise<{ rule: NotificationRule; contact: ContactMethod }> {
  const cur = await findNotificationRule(db, userId, id);
  if (!cur) throw new NotFoundError('Notification rule', id);
  const contact = await ruleContact(db, userId, input.contact_method?.id ?? cur.contactMethodId);
  const rule: NotificationRule = {
    ...cur,
    contactMethodId: contact.id,
    startDelayInMinutes: input.start_delay_in_minutes ?? cur.startDelayInMinutes,
    urgency: input.urgency ?? cur.urgency,
  };
  await updateNotificationRule(db, rule);
  return { rule, contact };
}
