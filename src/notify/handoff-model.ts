// On-call handoff notifications: the rule a user keeps (PagerDuty's HandoffNotificationRule), the
// notice schedules ask notify to send, and the outbox payload that carries it (no incident).
import type { ContactMethod, ContactType } from './model.js';
import type { ContactMessage } from './providers.js';

export const HANDOFF_TYPES = ['both', 'oncall', 'offcall'] as const;
export type HandoffType = (typeof HANDOFF_TYPES)[number];
/** `on`: the user's shift starts at the handoff; `off`: it ends. */
export type HandoffDirection = 'on' | 'off';

/** The longest advance Tocsin takes (PagerDuty documents only the minimum, 0): a week. */
export const MAX_ADVANCE_MINUTES = 10_080;

export interface HandoffRule {
  id: string;
  userId: string;
  contactMethodId: string;
  handoffType: HandoffType;
  notifyAdvanceInMinutes: number;
  createdAt: number;
}

/** Whether the rule asks to be told of a handoff in this direction. */
export function ruleWants(r: Pick<HandoffRule, 'handoffType'>, direction: HandoffDirection): boolean {
  return r.handoffType === 'both' || (direction === 'on' ? r.handoffType === 'oncall' : r.handoffType === 'offcall');
}

/** One rule's notice of one handoff, as schedules plan it. */
export interface HandoffNotice {
  ruleId: string;
  userId: string;
  contactMethodId: string;
  /** The contact method's type (the outbox lane: email or the others). */
  contactType: ContactType;
  scheduleId: string;
  scheduleName: string;
  /** The schedule's zone: the time is printed in it. */
  timeZone: string;
  /** The handoff instant (epoch ms). */
  at: number;
  direction: HandoffDirection;
}

/** The outbox payload of a handoff notice (kind `email` or `contact`). */
export interface HandoffPayload extends HandoffNotice {
  handoff: true;
}

export function isHandoffPayload(p: unknown): p is HandoffPayload {
  return typeof p === 'object' && p !== null && (p as { handoff?: unknown }).handoff === true;
}

/** The event type of a handoff message (providers tell it from an incident's). */
export const HANDOFF_EVENT = 'oncall_handoff';

function localTime(at: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  return f.format(new Date(at));
}

/** The message of a notice: no incident (the `incident` block says so, number 0, as a test message). */
export function handoffMessage(cm: ContactMethod, p: HandoffPayload, now: number, htmlUrl: string): ContactMessage {
  const when = localTime(p.at, p.timeZone);
  const verb = p.direction === 'on' ? (p.at > now ? 'starts' : 'started') : p.at > now ? 'ends' : 'ended';
  const line = `Your on-call shift on ${p.scheduleName} ${verb} ${when}.`;
  return {
    contactType: cm.type,
    address: cm.address,
    countryCode: cm.countryCode,
    label: cm.label,
    userId: p.userId,
    short: cm.type !== 'email_contact_method' || cm.sendShortEmail,
    subject: `[Tocsin] On-call handoff: your shift on ${p.scheduleName} ${verb} ${when}`.slice(0, 250),
    text:
      cm.type === 'email_contact_method' && !cm.sendShortEmail
        ? `${line}\n\nSchedule: ${p.scheduleName}\n${htmlUrl}\n\nYou get this because of your on-call handoff notification rules.\n`
        : `Tocsin: ${line}\n`,
    incident: { id: 'handoff', number: 0, title: line, status: 'handoff', urgency: 'low', service: null, htmlUrl },
    eventType: HANDOFF_EVENT,
    links: null,
  };
}
