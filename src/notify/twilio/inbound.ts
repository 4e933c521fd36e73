import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Context } from '../../context.js';
import type { Db } from '../../store/db.js';
import { findUserIdsByPhone } from '../contacts-store.js';
import type { ActionChannel, IncidentView, NotifyPorts } from '../model.js';
import { toGsm7 } from './sms-text.js';
import { latestTwilioMessagesTo, type TwilioMessage } from './store.js';

/**
 * What a person answers by SMS or keypress: 4 acknowledges, 6 resolves (PagerDuty's codes), applied
 * as the user who owns the number to the incident the message was about: the one named in the reply
 * (`4 123`), else the latest one sent to that number. Unknown numbers change nothing.
 */

export interface Caller {
  e164: string;
  userIds: string[];
}

/** The users who own this number (an SMS, phone or WhatsApp contact method), or null. */
export async function findCaller(db: Db, number: string | undefined): Promise<Caller | null> {
  const p = number ? parsePhoneNumberFromString(number) : undefined;
  if (!p) return null;
  const userIds = await findUserIdsByPhone(db, Number(p.countryCallingCode), String(p.nationalNumber));
  return userIds.length ? { e164: String(p.number), userIds } : null;
}

export interface Target {
  incident: IncidentView;
  userId: string;
}

/** The incident a reply is about and the user it acts as, or a sentence saying why there is none. */
export async function findTarget(db: Db, ports: NotifyPorts, caller: Caller, opts: { number?: number; incidentId?: string }): Promise<Target | { error: string }> {
  if (!ports.findIncident) return { error: 'Incidents cannot be changed from here.' };
  const mine = (m: TwilioMessage) => caller.userIds.includes(m.userId);
  const messages = (await latestTwilioMessagesTo(db, caller.e164, 50, opts.incidentId)).filter(mine);
  if (opts.incidentId) {
    const incident = await ports.findIncident(db, opts.incidentId);
    // A call may be answered before its SID is recorded: then the owner assigned to the incident acts.
    const userId = messages[0]?.userId ?? caller.userIds.find((u) => incident?.assigneeIds.includes(u));
    if (!incident || !userId) return { error: 'This incident was not sent to you.' };
    return { incident, userId };
  }
  if (messages.length === 0) return { error: 'No incident was sent to this number recently; nothing changed.' };
  if (opts.number === undefined) {
    const incident = await ports.findIncident(db, messages[0].incidentId);
    return incident ? { incident, userId: messages[0].userId } : { error: 'That incident no longer exists; nothing changed.' };
  }
  const seen = new Set<string>();
  for (const m of messages) {
    if (seen.has(m.incidentId)) continue;
    seen.add(m.incidentId);
    const incident = await ports.findIncident(db, m.incidentId);
    if (incident?.number === opts.number) return { incident, userId: m.userId };
  }
  return { error: `Incident #${opts.number} was not sent to this number; nothing changed.` };
}

/** Acknowledges (4) or resolves (6); returns the sentence to say or text back. */
export async function applyCode(ctx: Pick<Context, 'db'>, ports: NotifyPorts, t: Target, code: '4' | '6', channel: ActionChannel): Promise<string> {
  const i = t.incident;
  const what = `#${i.number} ${toGsm7(i.title).slice(0, 80)}`;
  if (i.status === 'resolved') return `${what} is already resolved; nothing changed.`;
  if (code === '4' && i.status === 'acknowledged') return `${what} is already acknowledged.`;
  const act = code === '4' ? ports.acknowledge : ports.resolve;
  if (!act) return 'Incidents cannot be changed from here.';
  await ctx.db.transaction().execute((tx) => act(tx, i.id, t.userId, channel));
  return `${code === '4' ? 'Acknowledged' : 'Resolved'} ${what}`;
}

export const SMS_HELP = 'Tocsin: reply 4 to acknowledge or 6 to resolve the latest incident sent to you; add its number to pick one, e.g. "4 123".';

/** `4`, `6`, `4 123`, `6 #123` (case and spaces aside); anything else is null. */
export function parseReply(body: string | undefined): { code: '4' | '6'; number?: number } | null {
  const m = /^\s*([46])(?:(?:\s+#?|\s*#)\s*(\d{1,9}))?\s*[.!]?\s*$/.exec(body ?? '');
  if (!m) return null;
  return { code: m[1] as '4' | '6', ...(m[2] ? { number: Number(m[2]) } : {}) };
}
