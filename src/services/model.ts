// The service domain: types and pure rules. Nested settings (urgency rule, support hours, scheduled
// actions, alert grouping, auto-pause) keep PagerDuty's wire shape (snake_case), because they are
// stored as JSON and read that way by other modules (incidents' urgency, alerts' grouping).

export type Urgency = 'high' | 'low' | 'severity_based';
export interface UrgencyType {
  type: 'constant';
  urgency: Urgency;
}

export type IncidentUrgencyRule =
  | { type: 'constant'; urgency: Urgency }
  | { type: 'use_support_hours'; during_support_hours: UrgencyType; outside_support_hours: UrgencyType };

export interface SupportHours {
  type: 'fixed_time_per_day';
  /** An IANA time zone. */
  time_zone: string;
  /** 1 = Monday … 7 = Sunday. */
  days_of_week: number[];
  /** "HH:MM:SS". */
  start_time: string;
  end_time: string;
}

export interface ScheduledAction {
  type: 'urgency_change';
  at: { type: 'named_time'; name: 'support_hours_start' | 'support_hours_end' };
  to_urgency: 'high';
}

export type AlertGroupingParameters =
  | { type: 'time'; config: { timeout: number } }
  | { type: 'content_based'; config: { aggregate: 'all' | 'any'; fields: string[]; time_window: number } }
  | { type: 'intelligent'; config: { time_window: number } }
  | { type: null; config: null };

export interface AutoPauseNotificationsParameters {
  enabled: boolean;
  timeout: number | null;
}

export type AlertCreation = 'create_incidents' | 'create_alerts_and_incidents';
export type ServiceState = 'active' | 'disabled';
export type ServiceStatus = 'active' | 'warning' | 'critical' | 'maintenance' | 'disabled';

export interface Service {
  id: string;
  name: string;
  description: string | null;
  escalationPolicyId: string;
  state: ServiceState;
  incidentUrgencyRule: IncidentUrgencyRule;
  supportHours: SupportHours | null;
  scheduledActions: ScheduledAction[];
  /** Seconds; null when disabled. */
  acknowledgementTimeout: number | null;
  /** Seconds; null when disabled. */
  autoResolveTimeout: number | null;
  alertCreation: AlertCreation;
  alertGroupingParameters: AlertGroupingParameters;
  autoPauseNotificationsParameters: AutoPauseNotificationsParameters;
  teamIds: string[];
  createdAt: number;
  updatedAt: number;
  lastIncidentTimestamp: number | null;
  deletedAt: number | null;
}

/** The settings a write may set (already normalised). */
export type ServiceSettings = Pick<
  Service,
  | 'name'
  | 'description'
  | 'escalationPolicyId'
  | 'state'
  | 'incidentUrgencyRule'
  | 'supportHours'
  | 'scheduledActions'
  | 'acknowledgementTimeout'
  | 'autoResolveTimeout'
  | 'alertCreation'
  | 'alertGroupingParameters'
  | 'autoPauseNotificationsParameters'
  | 'teamIds'
>;

export const DEFAULT_URGENCY_RULE: IncidentUrgencyRule = { type: 'constant', urgency: 'high' };
export const NO_GROUPING: AlertGroupingParameters = { type: null, config: null };
export const DEFAULT_AUTO_PAUSE: AutoPauseNotificationsParameters = { enabled: false, timeout: null };

const STATUS_RANK: Record<'maintenance' | 'critical' | 'warning', number> = { maintenance: 3, critical: 2, warning: 1 };

/**
 * The status the API shows: `disabled` when the user disabled it, else the strongest of what other
 * modules report (maintenance over critical over warning), else `active`.
 */
export function deriveStatus(state: ServiceState, reported: Array<'critical' | 'warning' | 'maintenance' | undefined>): ServiceStatus {
  if (state === 'disabled') return 'disabled';
  let best: 'critical' | 'warning' | 'maintenance' | null = null;
  for (const r of reported) if (r && (!best || STATUS_RANK[r] > STATUS_RANK[best])) best = r;
  return best ?? 'active';
}
