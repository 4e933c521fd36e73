import { filterRejection } from './filters.js';
import { MAX_KEY_LENGTH, type EmailConfig, type EmailDecision, type EmailMessage } from './model.js';
import { firstMatchingRule } from './parsers.js';

/**
 * The whole rules engine for one message, pure: filters first, then the incident-creation mode
 * (or, with `use_rules`, the parsing rules and their fallback). Its output is a discard with a
 * reason or an event for the events pipeline, whose per-integration dedup on open alerts then
 * gives each mode its meaning:
 * - on_new_email: no dedup key, so every message opens a new alert and incident;
 * - on_new_email_subject: the subject is the key, so same-subject mail joins the open alert;
 * - only_if_no_open_incidents: one fixed key, so while the integration has an open incident every
 *   message joins it, and the next message after it resolves opens a new one;
 * - use_rules: the extracted incident_key; the fallback `open_new_incident` keys on the subject.
 */

/** The key every message shares under only_if_no_open_incidents. */
export const SINGLE_INCIDENT_KEY = 'tocsin-email-single-open-incident';
const MAX_SUMMARY = 1024;

export function subjectOf(msg: EmailMessage): string {
  const s = msg.subject.replace(/\s+/g, ' ').trim();
  return s === '' ? '(no subject)' : s;
}

export function subjectKey(msg: EmailMessage): string {
  return subjectOf(msg).slice(0, MAX_KEY_LENGTH);
}

function event(
  msg: EmailMessage,
  action: 'trigger' | 'resolve',
  dedupKey: string | null,
  reason: string,
  fields: Record<string, string> = {},
): EmailDecision {
  const details: Record<string, unknown> = {
    ...fields,
    from: msg.from.join(', '),
    to: msg.to,
    subject: msg.subject,
    body: msg.textBody,
    attachments: msg.attachments,
    message_id: msg.messageId,
  };
  if (msg.truncated) details.truncated = true;
  return {
    kind: 'event',
    action,
    dedupKey,
    summary: subjectOf(msg).slice(0, MAX_SUMMARY),
    source: msg.from[0] ?? 'email',
    details,
    reason,
  };
}

export function decideEmail(config: EmailConfig, msg: EmailMessage): EmailDecision {
  const rejected = filterRejection(config, msg);
  if (rejected) return { kind: 'discard', reason: rejected };

  switch (config.email_incident_creation) {
    case 'on_new_email':
      return event(msg, 'trigger', null, 'on_new_email');
    case 'only_if_no_open_incidents':
      return event(msg, 'trigger', SINGLE_INCIDENT_KEY, 'only_if_no_open_incidents');
    case 'use_rules':
      return byRules(config, msg);
    case 'on_new_email_subject':
    default:
      return event(msg, 'trigger', subjectKey(msg), 'on_new_email_subject');
  }
}

function byRules(config: EmailConfig, msg: EmailMessage): EmailDecision {
  const m = firstMatchingRule(config.email_parsers, msg);
  if (!m) {
    if (config.email_parsing_fallback === 'discard') return { kind: 'discard', reason: 'matched no parsing rule (fallback: discard)' };
    return event(msg, 'trigger', subjectKey(msg), 'no rule matched (fallback: open_new_incident)');
  }
  const rule = `rule ${m.index + 1} (${m.parser.action})`;
  if (m.parser.action === 'resolve') {
    if (m.incidentKey === null) return { kind: 'discard', reason: `${rule} matched but extracted no incident_key to resolve` };
    return event(msg, 'resolve', m.incidentKey, rule, m.fields);
  }
  // A trigger rule whose key extractor finds nothing still pages: a new alert, never a lost one.
  return event(msg, 'trigger', m.incidentKey, rule, m.fields);
}
