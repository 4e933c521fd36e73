// Deleting a user takes them out of every escalation policy (PagerDuty: "removed from escalation
// policies"). A rule left with no target is dropped; a policy left with no rule keeps none, so its
// incidents stay unassigned, as PagerDuty's offboarding leaves a stub that pages nobody.
import type { Db } from '../store/db.js';
import { findEscalationPoliciesByIds, listPoliciesTargetingUser, updateEscalationPolicy } from './store.js';

/** Removes the user from the targets of every live policy; answers the names of the policies changed. */
export async function removeUserFromPolicies(db: Db, userId: string): Promise<string[]> {
  const found = await listPoliciesTargetingUser(db, userId);
  const policies = await findEscalationPoliciesByIds(db, found.map((p) => p.id));
  for (const p of policies) {
    const rules = p.rules
      .map((r) => ({ ...r, targets: r.targets.filter((x) => !(x.type === 'user_reference' && x.id === userId)) }))
      .filter((r) => r.targets.length > 0);
    await updateEscalationPolicy(db, { ...p, rules });
  }
  return found.map((p) => p.name);
}
