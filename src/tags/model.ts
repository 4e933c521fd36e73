// Tags (PagerDuty's /tags): a label that users, teams and escalation policies carry, to filter them by.
export interface Tag {
  id: string;
  label: string;
  createdAt: number;
}

/** The entities a tag is put on, by their REST collection names (the `{entity_type}` of the paths). */
export const ENTITY_TYPES = ['users', 'teams', 'escalation_policies'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** PagerDuty's limit on a label's length (the Tag schema's maxLength). */
export const MAX_LABEL = 191;
