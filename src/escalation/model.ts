/** Escalation policies: ordered rules of targets, repeated `numLoops` times after the last rule. */
export type TargetType = 'user_reference' | 'schedule_reference';

export interface EscalationTarget {
  type: TargetType;
  id: string;
}

export interface EscalationRule {
  id: string;
  escalationDelayInMinutes: number;
  /** `round_robin` | `assign_to_everyone`, or null when never set (PagerDuty's default is everyone). */
  assignmentStrategy: string | null;
  targets: EscalationTarget[];
}

export type HandoffNotifications = 'if_has_services' | 'always';

export interface EscalationPolicy {
  id: string;
  name: string;
  description: string | null;
  numLoops: number;
  onCallHandoffNotifications: HandoffNotifications;
  rules: EscalationRule[];
  teamIds: string[];
  createdAt: number;
  /** Set when the policy was deleted (only returned when asked for with includeDeleted). */
  deletedAt: number | null;
}

export const MAX_TARGETS_PER_RULE = 10;
