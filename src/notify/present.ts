import { iso } from '../clock.js';
import type { Urls } from '../http/urls.js';
import type { ContactMethod, NotificationRule, WebhookSubscription } from './model.js';

/** Domain → PagerDuty wire shapes for contact methods, notification rules and webhook subscriptions. */

export function contactMethodPath(c: { userId: string; id: string }): string {
  return `/users/${c.userId}/contact_methods/${c.id}`;
}

export function contactMethodReference(urls: Urls, c: ContactMethod) {
  return { id: c.id, type: `${c.type}_reference`, summary: c.label, self: urls.api(contactMethodPath(c)), html_url: null };
}

export function toApiContactMethod(urls: Urls, c: ContactMethod): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: c.id,
    type: c.type,
    summary: c.label,
    self: urls.api(contactMethodPath(c)),
    html_url: null,
    label: c.label,
    address: c.address,
  };
  switch (c.type) {
    case 'email_contact_method':
      return { ...base, send_short_email: c.sendShortEmail, enabled: true };
    case 'phone_contact_method':
    case 'sms_contact_method':
    case 'whatsapp_contact_method':
      return { ...base, country_code: c.countryCode, enabled: true, blacklisted: false };
    case 'push_notification_contact_method':
      return { ...base, device_type: c.deviceType, sounds: c.sounds, created_at: iso(c.createdAt), blacklisted: false };
  }
}

export function toApiNotificationRule(urls: Urls, r: NotificationRule, contact: ContactMethod | null, includeContact: boolean) {
  return {
    id: r.id,
    type: 'assignment_notification_rule',
    summary: `${r.startDelayInMinutes} minutes: channel ${r.contactMethodId}`,
    self: urls.api(`/users/${r.userId}/notification_rules/${r.id}`),
    html_url: null,
    start_delay_in_minutes: r.startDelayInMinutes,
    contact_method: contact
      ? includeContact
        ? toApiContactMethod(urls, contact)
        : contactMethodReference(urls, contact)
      : { id: r.contactMethodId, type: 'contact_method_reference', summary: null, self: null, html_url: null },
    created_at: iso(r.createdAt),
    urgency: r.urgency,
  };
}

export const REDACTED = '-- redacted --';

/** The secret is shown only when `withSecret` (the create response); header values are redacted. */
export function toApiSubscription(s: WebhookSubscription, withSecret = false) {
  return {
    id: s.id,
    type: 'webhook_subscription',
    active: s.active,
    delivery_method: {
      id: s.deliveryMethodId,
      type: 'http_delivery_method',
      url: s.url,
      secret: withSecret ? s.secret : null,
      temporarily_disabled: s.temporarilyDisabled,
      custom_headers: s.customHeaders.map((h) => ({ name: h.name, value: REDACTED })),
    },
    description: s.description,
    events: s.events,
    // An account filter has no id; oauth_client appears only for OAuth-created subscriptions (none here).
    filter: s.filterType === 'account_reference' ? { type: s.filterType } : { type: s.filterType, id: s.filterId },
  };
}
