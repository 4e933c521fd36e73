// What this install can do, as PagerDuty's abilities name it (GET /abilities). Only names PagerDuty's
// own reference shows (the /abilities example and NOTES.md §2.11), each for a feature Tocsin has.
export const ABILITIES: readonly string[] = [
  // Teams, their members and team-owned objects (/teams).
  'teams',
  // The read_only_user and read_only_limited_user roles.
  'read_only_users',
  // Support hours in a service's incident urgency rule.
  'service_support_hours',
  // High and low urgency, urgency rules.
  'urgencies',
];

export function hasAbility(name: string): boolean {
  return ABILITIES.includes(name);
}
