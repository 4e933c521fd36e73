// Use cases of a user's on-call handoff notification rules (PagerDuty's
// /users/{id}/oncall_handoff_notification_rules) and the enqueueing of the notices schedules plan.
import type { Context } from '../context.js';
import { ArgumentsError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { findContactMethod } from './contacts-store.js';
import { HANDOFF_TYPES, MAX_ADVANCE_MINUTES, type HandoffNotice, type HandoffPayload, type HandoffRule, type HandoffType } from './handoff-model.js';
import { claimHandoffNotice, findHandoffRule, insertHandoffRule, updateHandoffRule } from './handoff-store.js';
import type { ContactMethod } from './model.js';
import { insertOutboxRows } from './outbox-store.js';

export interface HandoffRuleInput {
  notify_advance_in_minutes?: number;
  handoff_type?: HandoffType;
  contact_method?: { id: string; type?: string };
}

async function ruleContact(db: Db, userId: string, id: string): Promise<ContactMethod> {
  const cm = await findContactMethod(db, userId, id);
  if (!cm) throw new ArgumentsError(`Contact method ${id} does not belong to user ${userId}.`);
  // A call reads out an incident (Twilio's voice webhook); a handoff has none.
  if (cm.type === 'phone_contact_method') throw new InvalidInputError('Handoff notifications cannot be sent by phone call; use an email, SMS or push contact method.');
  return cm;
}

function check(input: HandoffRuleInput): void {
  const a = input.notify_advance_in_minutes;
  const errors: string[] = [];
  if (a !== undefined && (!Number.isInteger(a) || a < 0 || a > MAX_ADVANCE_MINUTES)) errors.push(`notify_advance_in_minutes must be an integer from 0 to ${MAX_ADVANCE_MINUTES}.`);
  if (input.handoff_type !== undefined && !HANDOFF_TYPES.includes(input.handoff_type)) errors.push('handoff_type must be both, oncall or offcall.');
  if (errors.length) throw new InvalidInputError(errors);
}

/** POST: `contact_method` is required; `handoff_type` defaults to both (PagerDuty), the advance to 0. */
export async function createHandoffRule(db: Db, ctx: Pick<Context, 'ids' | 'clock' | 'hooks'>, userId: string, input: HandoffRuleInput) {
  if (!input.contact_method) throw new InvalidInputError('oncall_handoff_notification_rule.contact_method is required.');
  check(input);
  const contact = await ruleContact(db, userId, input.contact_method.id);
  const rule: HandoffRule = {
    id: ctx.ids.id(),
    userId,
    contactMethodId: contact.id,
    handoffType: input.handoff_type ?? 'both',
    notifyAdvanceInMinutes: input.notify_advance_in_minutes ?? 0,
    createdAt: ctx.clock.now(),
  };
  await insertHandoffRule(db, rule);
  await ctx.hooks.emit(db, 'user.handoff_rules_changed', { userId });
  return { rule, contact };
}

/** PUT is partial: fields left out keep their value. */
export async function editHandoffRule(db: Db, ctx: Pick<Context, 'hooks'>, userId: string, id: string, input: HandoffRuleInput) {
  const cur = await findHandoffRule(db, userId, id);
  if (!cur) throw new NotFoundError('Handoff notification rule', id);
  check(input);
  const contact = await ruleContact(db, userId, input.contact_method?.id ?? cur.contactMethodId);
  const rule: HandoffRule = {
    ...cur,
    contactMethodId: contact.id,
    handoffType: input.handoff_type ?? cur.handoffType,
    notifyAdvanceInMinutes: input.notify_advance_in_minutes ?? cur.notifyAdvanceInMinutes,
  };
  await updateHandoffRule(db, rule);
  await ctx.hooks.emit(db, 'user.handoff_rules_changed', { userId });
  return { rule, contact };
}

/**
 * Queues the notices on the caller's transaction, each at most once ever (the handoff_notices
 * ledger): one already sent, or being sent by another node's planner, is left out. Returns how many were queued.
 */
export async function enqueueHandoffNotices(db: Db, ctx: Pick<Context, 'ids' | 'clock'>, notices: HandoffNotice[]): Promise<number> {
  const now = ctx.clock.now();
  const rows = [];
  for (const n of notices) {
    if (!(await claimHandoffNotice(db, n, now))) continue;
    const id = ctx.ids.hex32();
    rows.push({
      id,
      kind: n.contactType === 'email_contact_method' ? ('email' as const) : ('contact' as const),
      key: `handoff:${id}`,
      targetId: n.userId,
      incidentId: null,
      payload: { ...n, handoff: true } satisfies HandoffPayload,
      dueAt: now,
      createdAt: now,
    });
  }
  await insertOutboxRows(db, rows);
  return rows.length;
}
