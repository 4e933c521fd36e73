import { inboundEvent, severityFrom, type InboundEvent } from '../events/index.js';
import type { EmailDelivery } from './listener.js';

/**
 * From an email decision to the event the events pipeline stores and applies: api and channel
 * `email`, the subject as summary, the sender as source, sender/subject/body/attachments (and any
 * values the parsing rules extracted) as custom details, and PagerDuty's email channel fields
 * (from, to, subject, body) on the log entries. A missing key (on_new_email, or a trigger rule
 * whose key extractor found nothing) becomes a fresh one, so that mail always opens a new alert.
 */
export function toEmailEvent(d: EmailDelivery, newKey: () => string): InboundEvent {
  const details = d.decision.details;
  const event = inboundEvent({
    api: 'email',
    action: d.decision.action,
    dedupKey: d.decision.dedupKey ?? newKey(),
    channel: 'email',
    summary: d.decision.summary,
    source: d.decision.source,
    severity: severityFrom(details.severity, 'error'),
    timestamp: d.receivedAt,
    customDetails: details,
    client: 'Email',
  });
  const channelDetails = {
    from: d.message.from.join(', '),
    to: d.message.to,
    subject: d.message.subject,
    body: d.message.textBody,
    body_content_type: 'text/plain',
  };
  // Carried through the inbox (JSON) to the log entries' channel; AlertEvent declares the field.
  return Object.assign(event, { channelDetails });
}
