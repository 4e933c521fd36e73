// What schedules ask of escalation policies (their PolicyPort), built here so that schedules never
// imports escalation; wired in src/routes.ts.
import type { PolicyPort } from '../schedules/index.js';
import { escalationPolicyReference } from './present.js';
import { renderPolicies, type ServiceRefsOf } from './render.js';
import { findEscalationPoliciesByIds, listLivePolicies, listPoliciesTargetingSchedules } from './store.js';

/** The policy side of schedules: references and names of policies using a schedule, rules for /oncalls. */
export function schedulePolicyPort(serviceRefs: ServiceRefsOf): PolicyPort {
  return {
    async refsBySchedule(db, urls, scheduleIds) {
      const found = await listPoliciesTargetingSchedules(db, scheduleIds);
      return new Map([...found].map(([id, list]) => [id, list.map((p) => escalationPolicyReference(urls, p))]));
    },
    async namesTargeting(db, scheduleId) {
      return ((await listPoliciesTargetingSchedules(db, [scheduleId])).get(scheduleId) ?? []).map((p) => p.name);
    },
    async list(db, ids) {
      const policies = await listLivePolicies(db, ids);
      return policies.map((p) => ({
        id: p.id,
        name: p.name,
        rules: p.rules.map((r) => ({
          userIds: r.targets.filter((t) => t.type === 'user_reference').map((t) => t.id),
          scheduleIds: r.targets.filter((t) => t.type === 'schedule_reference').map((t) => t.id),
        })),
      }));
    },
    async render(db, urls, ids) {
      const policies = await findEscalationPoliciesByIds(db, ids, { includeDeleted: true });
      const rendered = await renderPolicies(db, urls, policies, [], serviceRefs);
      return new Map(rendered.map((p) => [p.id, p]));
    },
  };
}
