import { reference, type Reference, type Urls } from '../http/urls.js';
import type { EscalationPolicy, EscalationTarget } from './model.js';

export function escalationPolicyReference(urls: Urls, p: { id: string; name: string }): Reference {
  return reference(urls, 'escalation_policy', p.id, p.name, `/escalation_policies/${p.id}`);
}

/** How related objects are rendered: references by default, full objects when included. */
export interface PolicyRelations {
  targets: (t: EscalationTarget) => unknown;
  teams: (teamId: string) => unknown;
  services: unknown[];
}

/** The wire form of a policy, every field present. */
export function toApiEscalationPolicy(urls: Urls, p: EscalationPolicy, rel: PolicyRelations) {
  return {
    ...escalationPolicyReference(urls, p),
    type: 'escalation_policy' as const,
    name: p.name,
    description: p.description,
    num_loops: p.numLoops,
    on_call_handoff_notifications: p.onCallHandoffNotifications,
    escalation_rules: p.rules.map((r) => ({
      id: r.id,
      escalation_delay_in_minutes: r.escalationDelayInMinutes,
      targets: r.targets.map(rel.targets),
      escalation_rule_assignment_strategy: r.assignmentStrategy ?? 'assign_to_everyone',
    })),
    services: rel.services,
    teams: p.teamIds.map(rel.teams),
  };
}
