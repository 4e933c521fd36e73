import { api } from './api';
import { useCan } from './me';
import { useLoad } from './ui';

/**
 * For admins and the owner, on every page: when no notification channel can deliver to people
 * (GET /notification_channels, admins only), a banner naming the settings that fix it.
 */
export function ChannelBanner() {
  const admin = useCan('users');
  const ch = useLoad(async () => (admin ? ((await api('GET', '/notification_channels')).notification_channels as { can_deliver: boolean; warning: string | null }) : null), [admin]);
  if (!admin || !ch.data || ch.data.can_deliver) return null;
  return (
    <div className="alert warning banner" role="alert">
      <strong>Nobody can be paged.</strong> No notification channel is configured: set <code>TOCSIN_SMTP_RELAY_URL</code> (email),{' '}
      <code>TOCSIN_TWILIO_ACCOUNT_SID</code>, <code>TOCSIN_TWILIO_AUTH_TOKEN</code> and <code>TOCSIN_TWILIO_FROM</code> (SMS and phone), or{' '}
      <code>TOCSIN_NOTIFY_HTTP_PROVIDER_URL</code> (your own gateway), then restart Tocsin. Webhooks still work.
    </div>
  );
}
