import type { Db } from '../store/db.js';
import type { ContactMethod, ContactType, NotifyPorts, Urgency } from './model.js';

/**
 * "Nobody left unpaged in silence": when a user assigned to an incident cannot be reached, the
 * incident's log says who and why and `/metrics` counts it (tocsin_notify_unreachable_total by reason).
 * The entry is a `notify_log_entry` (PagerDuty's log entry types are a closed enum its clients check)
 * with `user` and `channel.notification.status: "unreachable"`, `reason` no_rules | no_channel | all_failed.
 */

export const UNREACHABLE_STATUS = 'unreachable';

export type UnreachableReason = 'no_rules' | 'no_channel' | 'all_failed';

export type UnreachableCounts = Record<UnreachableReason, number>;

export const newUnreachableCounts = (): UnreachableCounts => ({ no_rules: 0, no_channel: 0, all_failed: 0 });

/** Which settings would deliver each contact type (for the log entry and the start-up warning). */
export const SETTINGS_FOR: Record<ContactType, string> = {
  email_contact_method: 'TOCSIN_SMTP_RELAY_URL',
  sms_contact_method: 'TOCSIN_TWILIO_ACCOUNT_SID/AUTH_TOKEN/FROM or TOCSIN_NOTIFY_HTTP_PROVIDER_URL',
  phone_contact_method: 'TOCSIN_TWILIO_ACCOUNT_SID/AUTH_TOKEN/FROM (a From number) or TOCSIN_NOTIFY_HTTP_PROVIDER_URL',
  push_notification_contact_method: 'TOCSIN_NOTIFY_HTTP_PROVIDER_URL',
  whatsapp_contact_method: 'TOCSIN_NOTIFY_HTTP_PROVIDER_URL',
};

const KIND: Record<ContactType, string> = {
  email_contact_method: 'email',
  sms_contact_method: 'SMS',
  phone_contact_method: 'phone',
  push_notification_contact_method: 'push',
  whatsapp_contact_method: 'WhatsApp',
};

/**
 * Why a newly assigned user cannot be reached by their rules for the urgency, or null when some
 * rule has a channel that can deliver it (whether it then succeeds is known later).
 */
export function unreachableAtAssignment(
  contacts: ContactMethod[],
  urgency: Urgency,
  canDeliver: (t: ContactType) => boolean,
): { reason: UnreachableReason; detail: string; kind?: string } | null {
  if (contacts.length === 0) return { reason: 'no_rules', detail: `they have no notification rules for ${urgency}-urgency incidents` };
  if (contacts.some((c) => canDeliver(c.type))) return null;
  const types = [...new Set(contacts.map((c) => c.type))];
  const missing = types.map((t) => `${KIND[t]} needs ${SETTINGS_FOR[t]}`).join('; ');
  return { reason: 'no_channel', detail: `no configured channel can deliver to their contact methods (${missing})`, kind: types[0].replace(/_contact_method$/, '').replace(/^push_notification$/, 'push') };
}

/** Writes the log entry and counts it. */
export async function recordUnreachable(
  db: Db,
  ports: NotifyPorts,
  counts: UnreachableCounts,
  u: { incidentId: string; userId: string; reason: UnreachableReason; detail: string; at: number; kind?: string },
): Promise<void> {
  counts[u.reason]++;
  if (!ports.appendLogEntry) return;
  const names = ports.names ? await ports.names(db, 'user', [u.userId]) : new Map<string, string>();
  await ports.appendLogEntry(db, {
    incidentId: u.incidentId,
    type: 'notify_log_entry',
    at: u.at,
    userId: u.userId,
    summary: `Could not reach ${names.get(u.userId) ?? u.userId}: ${u.detail}.`.slice(0, 1000),
    notification: { type: u.kind ? `${u.kind}_notification` : 'none', status: UNREACHABLE_STATUS, address: '', reason: u.reason },
  });
}
