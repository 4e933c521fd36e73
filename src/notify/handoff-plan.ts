// On-call handoff notifications, the planning: the handler of a schedule's `schedule.handoff` timer.
// It asks schedules for the final schedule's handoffs around now (rendered afresh, so an override or
// layer edit made since the timer was set decides who is told), queues the notices that are due on the
// timer's transaction (each once: the handoff_notices ledger) and sets the timer for the next one.
import type { Context } from '../context.js';
import type { Timer } from '../engine/index.js';
import { scheduleHandoffs, setHandoffTimer, type Handoff } from '../schedules/index.js';
import type { Db } from '../store/db.js';
import { MAX_ADVANCE_MINUTES, ruleWants, type HandoffNotice, type HandoffRule } from './handoff-model.js';
import { enqueueHandoffNotices } from './handoff-rules.js';
import { listHandoffRules, purgeHandoffNotices } from './handoff-store.js';
import type { NotifyPorts } from './model.js';

/** A notice whose moment passed while no node ran is still sent up to this long after its handoff. */
export const HANDOFF_GRACE_MS = 15 * 60_000;
/** The planner looks this far past the longest advance, and runs again at least this often. */
export const HANDOFF_LOOKAHEAD_MS = 86_400_000;

/**
 * Which (handoff, rule) pairs are due at `now`: their moment (the handoff minus the rule's advance)
 * has come and the handoff is less than the grace ago; and when the next pair falls due (null: none).
 */
export function planHandoffs<R extends Pick<HandoffRule, 'userId' | 'handoffType' | 'notifyAdvanceInMinutes'>>(
  handoffs: readonly Handoff[],
  rules: readonly R[],
  now: number,
): { due: Array<{ handoff: Handoff; rule: R }>; next: number | null } {
  const due: Array<{ handoff: Handoff; rule: R }> = [];
  let next: number | null = null;
  for (const h of handoffs) {
    for (const r of rules) {
      if (r.userId !== h.userId || !ruleWants(r, h.direction)) continue;
      const at = h.at - r.notifyAdvanceInMinutes * 60_000;
      if (at <= now) {
        if (now < h.at + HANDOFF_GRACE_MS) due.push({ handoff: h, rule: r });
      } else if (next === null || at < next) next = at;
    }
  }
  return { due, next };
}

/**
 * The `schedule.handoff` timer handler (registered in src/reactions.ts). Notices go out only while
 * the schedule's handoffs are announced (`ports.announcesHandoffs`: its policies' on_call_handoff_notifications);
 * the timer keeps its pace either way, so a policy or service added later takes effect at the next notice.
 */
export async function onHandoffTimer(db: Db, ctx: Context, ports: Pick<NotifyPorts, 'announcesHandoffs'>, timer: Timer): Promise<void> {
  const now = ctx.clock.now();
  const from = now - HANDOFF_GRACE_MS;
  const s = await scheduleHandoffs(db, timer.subjectId, from, now + MAX_ADVANCE_MINUTES * 60_000 + HANDOFF_LOOKAHEAD_MS);
  if (!s) return;
  const rules = await listHandoffRules(db, s.handoffs.map((h) => h.userId));
  const { due, next } = planHandoffs(s.handoffs, rules, now);
  const notices: HandoffNotice[] = due.map(({ handoff, rule }) => ({
    ruleId: rule.id,
    userId: rule.userId,
    contactMethodId: rule.contactMethodId,
    contactType: rule.contactType,
    scheduleId: s.id,
    scheduleName: s.name,
    timeZone: s.timeZone,
    at: handoff.at,
    direction: handoff.direction,
  }));
  const queued = notices.length && (await ports.announcesHandoffs(db, s.id)) ? await enqueueHandoffNotices(db, ctx, notices) : 0;
  if (queued) ctx.log.debug({ schedule: s.id, queued }, 'on-call handoff notices queued');
  await purgeHandoffNotices(db, s.id, from - HANDOFF_LOOKAHEAD_MS);
  await setHandoffTimer(db, s.id, Math.min(next ?? Infinity, now + HANDOFF_LOOKAHEAD_MS));
}
