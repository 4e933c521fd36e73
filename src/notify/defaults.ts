import type { Context } from '../context.js';
import type { Db } from '../store/db.js';
import { insertContactMethod, insertNotificationRule, listContactMethods } from './contacts-store.js';
import { insertStatusRule } from './status-rules-store.js';

/**
 * PagerDuty's defaults for a new user: an email contact method for their login address, and
 * notification rules to it at once for high- and for low-urgency incidents, and a status update
 * notification rule to it. Runs in the transaction
 * that creates the user (ctx.hooks `user.created`), so a user never exists without a way to be paged.
 */
export async function addDefaultContact(db: Db, ctx: Pick<Context, 'ids' | 'clock'>, u: { userId: string; email: string }): Promise<void> {
  const existing = await listContactMethods(db, u.userId);
  if (existing.some((c) => c.type === 'email_contact_method' && c.address.toLowerCase() === u.email.toLowerCase())) return;
  const now = ctx.clock.now();
  const cmId = ctx.ids.id();
  await insertContactMethod(db, {
    id: cmId,
    userId: u.userId,
    type: 'email_contact_method',
    label: 'Default',
    address: u.email,
    countryCode: null,
    sendShortEmail: false,
    deviceType: null,
    sounds: [],
    createdAt: now,
  });
  for (const urgency of ['high', 'low'] as const) {
    await insertNotificationRule(db, { id: ctx.ids.id(), userId: u.userId, contactMethodId: cmId, startDelayInMinutes: 0, urgency, createdAt: now });
  }
  await insertStatusRule(db, { id: ctx.ids.id(), userId: u.userId, contactMethodId: cmId, createdAt: now });
}
