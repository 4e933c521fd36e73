import type { Context } from '../../context.js';
import type { ContactType } from '../model.js';
import { HANDOFF_EVENT } from '../handoff-model.js';
import { e164 } from '../phone.js';
import { ProviderError, type ContactProvider } from '../providers.js';
import type { TwilioClient } from './client.js';
import { smsText } from './sms-text.js';
import { insertTwilioMessage } from './store.js';

/**
 * SMS and phone contact methods through Twilio. Twilio accepting a message is not delivery: the row is
 * recorded by SID with status `queued`, and the status callback (`/twilio/status`) says how it ended.
 */
export function twilioProviders(ctx: Pick<Context, 'db' | 'clock' | 'config'>, client: TwilioClient): Partial<Record<ContactType, ContactProvider>> {
  const statusUrl = `${ctx.config.publicUrl}/twilio/status`;

  function provider(kind: 'sms' | 'call'): ContactProvider {
    return {
      async send(m) {
        if (!m.notification) throw new ProviderError('Twilio: nothing to send (no notification)', false);
        const to = e164(m.countryCode, m.address);
        const test = m.eventType === 'test_notification';
        // A handoff notice has no incident either: its text is sent as is, and a call has nothing to read.
        const handoff = m.eventType === HANDOFF_EVENT;
        if (handoff && kind === 'call') throw new ProviderError('Twilio: a handoff notice cannot be a phone call', false);
        const text = test
          ? `Tocsin: test notification to ${m.label.slice(0, 60)}. This number reaches you; no incident is open.`
          : handoff
            ? m.text.trim().slice(0, 160)
            : smsText({ number: m.incident.number, urgency: m.incident.urgency, service: m.incident.service, title: m.incident.title, bridgeNumber: m.incident.conferenceBridge?.conference_number });
        const r =
          kind === 'sms'
            ? await client.sendSms(to, text, statusUrl)
            : await client.placeCall(to, `${ctx.config.publicUrl}/twilio/voice?incident=${encodeURIComponent(m.incident.id)}`, statusUrl);
        // A test or handoff has no incident: nothing for a reply, a keypress or a late failure to find (not retried late).
        if (!test && !handoff) {
          await insertTwilioMessage(ctx.db, {
            sid: r.sid,
            kind,
            outboxId: m.notification.outboxId,
            incidentId: m.incident.id,
            userId: m.userId,
            contactMethodId: m.notification.contactMethodId,
            toNumber: to,
            payload: m.notification.payload,
            attempt: m.notification.attempt,
            status: r.status || 'queued',
            errorCode: null,
            createdAt: ctx.clock.now(),
          });
        }
        return { status: kind === 'sms' ? 'sent' : 'calling' };
      },
    };
  }

  const out: Partial<Record<ContactType, ContactProvider>> = { sms_contact_method: provider('sms') };
  // A Messaging Service sends texts only; calls need a number.
  if (!ctx.config.twilio?.from.startsWith('MG')) out.phone_contact_method = provider('call');
  return out;
}
