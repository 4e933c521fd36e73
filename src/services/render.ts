import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { reference } from '../http/urls.js';
import type { Db } from '../store/db.js';
import type { EscalationPolicy } from '../escalation/index.js';
import type { Urls } from '../http/urls.js';
import { policiesById, teamNames } from './lookups.js';
import type { Service } from './model.js';
import { isTimeZone } from './normalize.js';
import { toApiService } from './present.js';
import { serviceStatuses } from './status.js';

/** Integrations of services as the service object shows them: references, or full objects. */
export type IntegrationsOf = (db: Db, serviceIds: string[], full: boolean) => Promise<Map<string, unknown[]>>;

export interface RenderOptions {
  include: string[];
  timeZone: string | null;
}

export function readTimeZone(tz: string | undefined): string | null {
  if (tz === undefined || tz === '') return null;
  if (!isTimeZone(tz)) throw new InvalidInputError(`time_zone ${tz} is not a valid time zone.`);
  return tz;
}

/** Services in their wire form, with status, policy, teams and integrations loaded in a few queries. */
export async function renderServices(
  db: Db,
  ctx: Pick<Context, 'urls' | 'hooks'>,
  integrationsOf: IntegrationsOf,
  services: Service[],
  opts: RenderOptions,
) {
  const { urls } = ctx;
  const inc = new Set(opts.include);
  const [statuses, policies, teams, integrations] = await Promise.all([
    serviceStatuses(db, ctx.hooks, services),
    policiesById(db, services.map((s) => s.escalationPolicyId)),
    teamNames(db, services.flatMap((s) => s.teamIds)),
    integrationsOf(db, services.map((s) => s.id), inc.has('integrations')),
  ]);
  return services.map((s) => {
    const policy = policies.get(s.escalationPolicyId);
    const policyRef = reference(urls, 'escalation_policy', s.escalationPolicyId, policy?.name ?? null, `/escalation_policies/${s.escalationPolicyId}`);
    const teamRefs = s.teamIds.map((id) => reference(urls, 'team', id, teams.get(id) ?? null, `/teams/${id}`));
    return toApiService(urls, s, {
      status: statuses.get(s.id) ?? 'active',
      // Included relations become full objects (type without `_reference`), as PagerDuty renders them.
      escalationPolicy: inc.has('escalation_policies') && policy ? fullPolicy(urls, policy, teams) : policyRef,
      teams: inc.has('teams') ? teamRefs.map((r) => ({ ...r, type: 'team', name: r.summary })) : teamRefs,
      integrations: integrations.get(s.id) ?? [],
      timeZone: opts.timeZone,
    });
  });
}

/** The policy as an included object (what GET /escalation_policies/{id} shows, services left empty). */
function fullPolicy(urls: Urls, p: EscalationPolicy, teams: Map<string, string>) {
  return {
    ...reference(urls, 'escalation_policy', p.id, p.name, `/escalation_policies/${p.id}`),
    type: 'escalation_policy',
    name: p.name,
    description: p.description,
    num_loops: p.numLoops,
    on_call_handoff_notifications: p.onCallHandoffNotifications,
    escalation_rules: p.rules.map((r) => ({
      id: r.id,
      escalation_delay_in_minutes: r.escalationDelayInMinutes,
      escalation_rule_assignment_strategy: r.assignmentStrategy ?? 'assign_to_everyone',
      targets: r.targets.map((t) => {
        const kind = t.type.replace(/_reference$/, '');
        return reference(urls, kind, t.id, null, `/${kind}s/${t.id}`);
      }),
    })),
    services: [] as unknown[],
    teams: p.teamIds.map((id) => reference(urls, 'team', id, teams.get(id) ?? null, `/teams/${id}`)),
  };
}
