// GET /oncalls: one on-call per (escalation policy, level, user, span). User targets are on call
// always (start/end null); schedule targets give the schedule's final spans overlapping the window.
// Everything is loaded in a handful of queries whatever the number of policies and schedules, and
// each schedule is rendered once however many policies target it.
import { InvalidInputError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { OncallPolicy, PolicyPort } from './ports.js';
import { finalSpans, loadRenderable } from './spans.js';

export interface Oncall {
  policyId: string;
  level: number;
  userId: string;
  /** null: a user target of the rule (a permanent on-call). */
  scheduleId: string | null;
  start: number | null;
  end: number | null;
}

export interface OncallQuery {
  since: number;
  until: number;
  userIds?: string[];
  policyIds?: string[];
  /** Schedule ids; the string "null" (or null) keeps the permanent on-calls of user targets. */
  scheduleIds?: Array<string | null>;
  earliest?: boolean;
}

export const ONCALL_HORIZON_MS = 90 * 86_400_000;

/** since/until as PagerDuty bounds them: until not before since, and at most 90 days ahead of now. */
export function checkOncallWindow(since: number, until: number, now: number): void {
  if (until < since) throw new InvalidInputError('The until time cannot be before the since time.');
  if (until > now + ONCALL_HORIZON_MS) throw new InvalidInputError('On-call shifts are limited to 90 days in the future: until must be at most 90 days from now.');
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Policy rank (by name, then id) computed once: comparing names on every comparison was the sort's cost. */
function compare(a: Oncall, b: Oncall, rank: Map<string, number>): number {
  return (
    rank.get(a.policyId)! - rank.get(b.policyId)! ||
    a.level - b.level ||
    (a.start ?? -Infinity) - (b.start ?? -Infinity) ||
    byText(a.userId, b.userId) ||
    byText(a.scheduleId ?? '', b.scheduleId ?? '')
  );
}

/** The on-calls the query asks for, ordered by policy name, level, start, user. */
export async function listOncalls(db: Db, port: PolicyPort, q: OncallQuery): Promise<{ oncalls: Oncall[]; policies: OncallPolicy[] }> {
  const policies = await port.list(db, q.policyIds?.length ? q.policyIds : undefined);
  const scheduleFilter = q.scheduleIds?.length ? new Set(q.scheduleIds.map((x) => (x === null ? 'null' : x))) : null;
  const userFilter = q.userIds?.length ? new Set(q.userIds) : null;
  const wanted = new Set<string>();
  for (const p of policies) for (const r of p.rules) for (const id of r.scheduleIds) if (!scheduleFilter || scheduleFilter.has(id)) wanted.add(id);
  // Most policies target schedules: reading all live ones beats a list of a thousand ids.
  const loaded = await loadRenderable(db, wanted.size > 100 ? { all: true } : { ids: [...wanted] });
  const schedules = loaded.filter((s) => s.deletedAt === null && wanted.has(s.id));
  const spans = await finalSpans(db, schedules, q.since, q.until);
  const out: Oncall[] = [];
  for (const p of policies) {
    p.rules.forEach((r, i) => {
      const level = i + 1;
      if (!scheduleFilter || scheduleFilter.has('null')) {
        for (const userId of new Set(r.userIds)) out.push({ policyId: p.id, level, userId, scheduleId: null, start: null, end: null });
      }
      for (const scheduleId of new Set(r.scheduleIds)) {
        for (const e of spans.get(scheduleId) ?? []) out.push({ policyId: p.id, level, userId: e.userId, scheduleId, start: e.start, end: e.end });
      }
    });
  }
  let list = userFilter ? out.filter((o) => userFilter.has(o.userId)) : out;
  const ordered = [...policies].sort((a, b) => a.name.localeCompare(b.name) || byText(a.id, b.id));
  const rank = new Map(ordered.map((p, i) => [p.id, i]));
  list.sort((a, b) => compare(a, b, rank));
  if (q.earliest) {
    const seen = new Set<string>();
    list = list.filter((o) => {
      const key = `${o.policyId}|${o.level}|${o.userId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return { oncalls: list, policies };
}
