import type { Config } from '../config.js';
import type { ContactProvider } from './providers.js';
import type { ContactType } from './model.js';
import { SETTINGS_FOR } from './reachability.js';

/** Which channels can deliver, for the start-up warning and `GET /notification_channels` (admins). */
export interface ChannelStatus {
  email: boolean;
  sms: boolean;
  phone: boolean;
  push: boolean;
  whatsapp: boolean;
  /** Which backend serves SMS and phone: twilio, http_provider, or none. */
  sms_phone_backend: 'twilio' | 'http_provider' | 'none';
  can_deliver: boolean;
  /** A sentence for people when nothing can deliver, naming the settings that fix it; null otherwise. */
  warning: string | null;
}

export function channelStatus(config: Config, providers: Partial<Record<ContactType, ContactProvider>>): ChannelStatus {
  const has = (t: ContactType) => Boolean(providers[t]);
  const s = {
    email: has('email_contact_method'),
    sms: has('sms_contact_method'),
    phone: has('phone_contact_method'),
    push: has('push_notification_contact_method'),
    whatsapp: has('whatsapp_contact_method'),
    sms_phone_backend: config.twilio ? ('twilio' as const) : config.notifyHttpProviderUrl ? ('http_provider' as const) : ('none' as const),
  };
  const can = s.email || s.sms || s.phone || s.push || s.whatsapp;
  return {
    ...s,
    can_deliver: can,
    warning: can
      ? null
      : 'No notification channel is configured, so nobody can be paged: set ' +
        `${SETTINGS_FOR.email_contact_method} (email), TOCSIN_TWILIO_ACCOUNT_SID + TOCSIN_TWILIO_AUTH_TOKEN + TOCSIN_TWILIO_FROM (SMS and phone), ` +
        'or TOCSIN_NOTIFY_HTTP_PROVIDER_URL (SMS, phone and push through your own gateway). Webhooks still work.',
  };
}
