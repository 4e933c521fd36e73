import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { reference } from '../http/urls.js';
import type { Db } from '../store/db.js';
import { teamReference, toApiTeam } from '../accounts/index.js';
import { escalationPolicyReference, renderPolicies } from '../escalation/index.js';
import { policiesById, teamsById } from './lookups.js';
import type { Service } from './model.js';
import { isTimeZone } from '../time-zone.js';
import { toApiService } from './present.js';
import { serviceStatuses } from './status.js';
import { listServiceRefsByPolicyIds } from './policy-refs.js';

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
    policiesById(db, services.map((s) => s.escalationPolicyId), true),
    teamsById(db, services.flatMap((s) => s.teamIds)),
    integrationsOf(db, services.map((s) => s.id), inc.has('integrations')),
  ]);
  const fullPolicies = new Map<string, unknown>();
  if (inc.has('escalation_policies') && policies.size) {
    const rendered = await renderPolicies(db, urls, [...policies.values()], [], (d, u, ids) => listServiceRefsByPolicyIds(d, u, ids));
    for (const p of rendered) fullPolicies.set(p.id, p);
  }
  return services.map((s) => {
    const policy = policies.get(s.escalationPolicyId);
    const policyRef = policy
      ? escalationPolicyReference(urls, policy)
      : reference(urls, 'escalation_policy', s.escalationPolicyId, null, `/escalation_policies/${s.escalationPolicyId}`);
    const teamObjects = s.teamIds.map((id) => {
      const team = teams.get(id);
      if (!team) return reference(urls, 'team', id, null, `/teams/${id}`);
      // Included relations become full objects (type without `_reference`), as PagerDuty renders them.
      return inc.has('teams') ? toApiTeam(urls, team) : teamReference(urls, team);
    });
    return toApiService(urls, s, {
      status: statuses.get(s.id) ?? 'active',
      escalationPolicy: fullPolicies.get(s.escalationPolicyId) ?? policyRef,
      teams: teamObjects,
      integrations: integrations.get(s.id) ?? [],
      timeZone: opts.timeZone,
    });
  });
}
