// "Send test notification" for one contact method (Tocsin's addition: PagerDuty's UI has the button,
// its public REST API has no endpoint). The message goes through the outbox like any notification,
// so it is retried, logged in GET /notifications, and never sent from the request itself.
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { findContactMethod } from './contacts-store.js';
import type { ContactMethod } from './model.js';
import { insertOutboxRows } from './outbox-store.js';
import type { ContactMessage } from './providers.js';

/** The outbox payload of a test notification (kind `email` or `contact`, no incident). */
export interface TestPayload {
  test: true;
  userId: string;
  contactMethodId: string;
}

export function isTestPayload(p: unknown): p is TestPayload {
  return typeof p === 'object' && p !== null && (p as { test?: unknown }).test === true;
}

/** Queues a test notification to a user's contact method; the caller has checked the permission. */
export async function enqueueTestNotification(db: Db, ctx: Pick<Context, 'clock' | 'ids'>, userId: string, contactMethodId: string): Promise<ContactMethod> {
  const cm = await findContactMethod(db, userId, contactMethodId);
  if (!cm) throw new NotFoundError('Contact method', contactMethodId);
  const now = ctx.clock.now();
  const id = ctx.ids.hex32();
  await insertOutboxRows(db, [
    {
      id,
      kind: cm.type === 'email_contact_method' ? 'email' : 'contact',
      key: `test:${id}`,
      targetId: userId,
      incidentId: null,
      payload: { test: true, userId, contactMethodId: cm.id } satisfies TestPayload,
      dueAt: now,
      createdAt: now,
    },
  ]);
  return cm;
}

/** The `incident.id` of a test message: no incident has it (ids are P + 6 characters). */
export const TEST_INCIDENT_ID = 'test';

/** The message a test notification carries: no incident (the `incident` block says so, number 0). */
export function testMessage(cm: ContactMethod, htmlUrl: string): ContactMessage {
  const title = 'Test notification: this contact method reaches you';
  return {
    contactType: cm.type,
    address: cm.address,
    countryCode: cm.countryCode,
    label: cm.label,
    userId: cm.userId,
    short: true,
    subject: `[Tocsin] Test notification to ${cm.label}`,
    text: `This is a test notification from Tocsin to your contact method "${cm.label}" (${cm.address}).\nNo incident is open because of it.\n${htmlUrl}\n`,
    incident: { id: TEST_INCIDENT_ID, number: 0, title, status: 'test', urgency: 'low', service: null, htmlUrl },
    eventType: 'test_notification',
    links: null,
  };
}
