import { InvalidInputError } from '../errors.js';
import { isTimeZone } from '../time-zone.js';
import {
  DEFAULT_AUTO_PAUSE,
  DEFAULT_URGENCY_RULE,
  NO_GROUPING,
  type AlertCreation,
  type AlertGroupingParameters,
  type AutoPauseNotificationsParameters,
  type IncidentUrgencyRule,
  type ScheduledAction,
  type Service,
  type ServiceSettings,
  type SupportHours,
  type Urgency,
  type UrgencyType,
} from './model.js';

/** A service as a client writes it (wire names); every field optional, unknown fields ignored. */
export interface ServiceInput {
  name?: string;
  description?: string | null;
  escalation_policy?: { id: string } | null;
  status?: string;
  incident_urgency_rule?: unknown;
  support_hours?: unknown;
  scheduled_actions?: unknown;
  acknowledgement_timeout?: number | null;
  auto_resolve_timeout?: number | null;
  alert_creation?: string;
  alert_grouping_parameters?: unknown;
  /** Deprecated flat grouping fields (older Terraform providers send them). */
  alert_grouping?: string | null;
  alert_grouping_timeout?: number | null;
  auto_pause_notifications_parameters?: unknown;
  teams?: Array<{ id: string }> | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const URGENCIES: Urgency[] = ['high', 'low', 'severity_based'];
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;


function urgencyType(v: unknown, field: string, errors: string[]): UrgencyType {
  if (!isObj(v)) {
    errors.push(`${field} must be an object with type "constant" and an urgency.`);
    return { type: 'constant', urgency: 'high' };
  }
  if (v.type !== undefined && v.type !== 'constant') errors.push(`${field}.type must be "constant".`);
  const urgency = v.urgency ?? 'high';
  if (!URGENCIES.includes(urgency as Urgency)) errors.push(`${field}.urgency must be one of high, low, severity_based.`);
  return { type: 'constant', urgency: urgency as Urgency };
}

function urgencyRule(v: unknown, errors: string[]): IncidentUrgencyRule {
  if (!isObj(v)) {
    errors.push('Incident urgency rule must be an object.');
    return DEFAULT_URGENCY_RULE;
  }
  const type = v.type ?? 'constant';
  if (type === 'constant') {
    const urgency = v.urgency ?? 'high';
    if (!URGENCIES.includes(urgency as Urgency)) errors.push('Incident urgency rule urgency must be one of high, low, severity_based.');
    return { type: 'constant', urgency: urgency as Urgency };
  }
  if (type === 'use_support_hours') {
    return {
      type: 'use_support_hours',
      during_support_hours: urgencyType(v.during_support_hours, 'incident_urgency_rule.during_support_hours', errors),
      outside_support_hours: urgencyType(v.outside_support_hours, 'incident_urgency_rule.outside_support_hours', errors),
    };
  }
  errors.push('Incident urgency rule type must be constant or use_support_hours.');
  return DEFAULT_URGENCY_RULE;
}

function timeOfDay(v: unknown, field: string, errors: string[]): string {
  const m = typeof v === 'string' ? TIME.exec(v) : null;
  if (!m) {
    errors.push(`support_hours.${field} must be a time of day like "09:00:00".`);
    return '00:00:00';
  }
  return `${m[1]}:${m[2]}:${m[3] ?? '00'}`;
}

function supportHours(v: unknown, errors: string[]): SupportHours | null {
  if (!isObj(v)) {
    errors.push('Support hours must be an object with time_zone, days_of_week, start_time and end_time.');
    return null;
  }
  if (v.type !== undefined && v.type !== 'fixed_time_per_day') errors.push('support_hours.type must be fixed_time_per_day.');
  const tz = typeof v.time_zone === 'string' ? v.time_zone : '';
  if (!isTimeZone(tz)) errors.push('support_hours.time_zone must be a valid time zone (IANA name, e.g. America/Lima).');
  const days = Array.isArray(v.days_of_week) ? v.days_of_week : [];
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || (d as number) < 1 || (d as number) > 7)) {
    errors.push('support_hours.days_of_week must be a non-empty list of days 1 (Monday) to 7 (Sunday).');
  }
  const start = timeOfDay(v.start_time, 'start_time', errors);
  const end = timeOfDay(v.end_time, 'end_time', errors);
  if (start >= end && TIME.test(String(v.start_time)) && TIME.test(String(v.end_time))) {
    errors.push('support_hours.start_time must be before support_hours.end_time.');
  }
  const uniqueDays = [...new Set(days as number[])].sort((a, b) => a - b);
  return { type: 'fixed_time_per_day', time_zone: tz, days_of_week: uniqueDays, start_time: start, end_time: end };
}

function scheduledActions(v: unknown, errors: string[]): ScheduledAction[] {
  if (v === null) return [];
  if (!Array.isArray(v)) {
    errors.push('Scheduled actions must be a list.');
    return [];
  }
  const out: ScheduledAction[] = [];
  for (const a of v) {
    const ok =
      isObj(a) &&
      a.type === 'urgency_change' &&
      isObj(a.at) &&
      (a.at.type ?? 'named_time') === 'named_time' &&
      (a.at.name === 'support_hours_start' || a.at.name === 'support_hours_end') &&
      a.to_urgency === 'high';
    if (!ok) {
      errors.push(
        'Each scheduled action must be {type: "urgency_change", at: {type: "named_time", name: "support_hours_start"|"support_hours_end"}, to_urgency: "high"}.',
      );
      continue;
    }
    out.push({ type: 'urgency_change', at: { type: 'named_time', name: (a.at as Obj).name as ScheduledAction['at']['name'] }, to_urgency: 'high' });
  }
  return out;
}

const inRange = (n: unknown, lo: number, hi: number) => Number.isInteger(n) && (n as number) >= lo && (n as number) <= hi;

/** A service's alert_grouping_parameters from the wire, problems pushed onto `errors`. */
export function normalizeGrouping(v: unknown, errors: string[]): AlertGroupingParameters {
  if (v === null) return NO_GROUPING;
  if (!isObj(v)) {
    errors.push('Alert grouping parameters must be an object with a type and a config.');
    return NO_GROUPING;
  }
  // An alert_grouping_setting_reference is ignored on write, as PagerDuty documents.
  if (typeof v.type === 'string' && v.type.endsWith('_reference')) return NO_GROUPING;
  const config = isObj(v.config) ? v.config : {};
  switch (v.type ?? null) {
    case null:
      return NO_GROUPING;
    case 'time': {
      const timeout = config.timeout ?? 0;
      if (!inRange(timeout, 0, 1440)) errors.push('alert_grouping_parameters.config.timeout must be 0 (until resolved) or 1 to 1440 minutes.');
      return { type: 'time', config: { timeout: timeout as number } };
    }
    case 'content_based': {
      const aggregate = config.aggregate ?? 'all';
      if (aggregate !== 'all' && aggregate !== 'any') errors.push('alert_grouping_parameters.config.aggregate must be all or any.');
      const fields = config.fields;
      if (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => typeof f !== 'string' || f === '')) {
        errors.push('alert_grouping_parameters.config.fields must be a non-empty list of field names.');
      }
      const tw = config.time_window ?? 0;
      if (!(tw === 0 || tw === 86400 || inRange(tw, 300, 3600))) {
        errors.push('alert_grouping_parameters.config.time_window must be 0 (recommended), 300 to 3600, or 86400 seconds.');
      }
      return {
        type: 'content_based',
        config: { aggregate: aggregate as 'all' | 'any', fields: Array.isArray(fields) ? (fields as string[]) : [], time_window: tw as number },
      };
    }
    case 'intelligent': {
      const tw = config.time_window ?? 0;
      if (!(tw === 0 || inRange(tw, 300, 3600))) {
        errors.push('alert_grouping_parameters.config.time_window must be 0 (recommended) or 300 to 3600 seconds.');
      }
      return { type: 'intelligent', config: { time_window: tw as number } };
    }
    default:
      errors.push('alert_grouping_parameters.type must be time, content_based, intelligent or null.');
      return NO_GROUPING;
  }
}

function autoPause(v: unknown, errors: string[]): AutoPauseNotificationsParameters {
  if (v === null) return DEFAULT_AUTO_PAUSE;
  if (!isObj(v)) {
    errors.push('Auto pause notifications parameters must be an object.');
    return DEFAULT_AUTO_PAUSE;
  }
  const enabled = v.enabled ?? false;
  if (typeof enabled !== 'boolean') errors.push('auto_pause_notifications_parameters.enabled must be a boolean.');
  const timeout = v.timeout ?? (enabled ? 0 : null);
  if (timeout !== null && ![0, 120, 180, 300, 600, 900].includes(timeout as number)) {
    errors.push('auto_pause_notifications_parameters.timeout must be one of 0, 120, 180, 300, 600, 900.');
  }
  return { enabled: enabled === true, timeout: timeout as number | null };
}

function timeout(v: number | null | undefined, field: string, errors: string[]): number | null {
  if (v === null || v === undefined || v === 0) return null;
  if (!Number.isInteger(v) || v < 0) errors.push(`${field} must be a whole number of seconds, 0 or more.`);
  return v;
}

/**
 * Validates a write and merges it over `existing` (PUT is partial). Returns clean settings or throws
 * InvalidInputError listing every problem. References (policy, teams) are checked by the caller.
 */
export function normalizeService(input: ServiceInput, existing: Service | null): ServiceSettings {
  const errors: string[] = [];
  const has = (k: keyof ServiceInput) => input[k] !== undefined;

  let name = existing?.name ?? '';
  if (has('name') || !existing) {
    name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) errors.push('Name cannot be empty.');
    else if (name.length > 255) errors.push('Name is too long (maximum is 255 characters).');
  }

  let escalationPolicyId = existing?.escalationPolicyId ?? '';
  if (has('escalation_policy') || !existing) {
    escalationPolicyId = input.escalation_policy?.id ?? '';
    if (!escalationPolicyId) errors.push('Escalation policy must be specified.');
  }

  let state = existing?.state ?? 'active';
  if (has('status')) {
    if (!existing && input.status !== 'active') errors.push('Status must be active when creating a service.');
    else if (existing && (input.status === 'warning' || input.status === 'critical' || input.status === 'maintenance')) {
      // Derived, read-only values: a client that PUTs back what it read (GET-modify-PUT) changes nothing.
    } else if (existing && input.status !== 'active' && input.status !== 'disabled') errors.push('Status can only be set to active or disabled.');
    else state = input.status as 'active' | 'disabled';
  }

  let rule = existing?.incidentUrgencyRule ?? DEFAULT_URGENCY_RULE;
  if (input.incident_urgency_rule !== undefined && input.incident_urgency_rule !== null) rule = urgencyRule(input.incident_urgency_rule, errors);

  let hours = existing?.supportHours ?? null;
  if (has('support_hours')) hours = input.support_hours === null ? null : supportHours(input.support_hours, errors);

  let actions = existing?.scheduledActions ?? [];
  if (has('scheduled_actions')) actions = scheduledActions(input.scheduled_actions, errors);

  if (rule.type === 'use_support_hours') {
    if (!hours) errors.push('Support hours must be given when the incident urgency rule is use_support_hours.');
    if (actions.length > 0 && !(rule.during_support_hours.urgency === 'high' && rule.outside_support_hours.urgency === 'low')) {
      errors.push('Scheduled actions are only possible when the urgency is high during support hours and low outside them.');
    }
  } else {
    // Support hours and scheduled actions mean nothing without a support-hours rule.
    if (has('scheduled_actions') && actions.length > 0) errors.push('Scheduled actions need an incident urgency rule of type use_support_hours.');
    hours = null;
    actions = [];
  }

  let alertCreation: AlertCreation = existing?.alertCreation ?? 'create_alerts_and_incidents';
  if (has('alert_creation')) {
    if (input.alert_creation !== 'create_incidents' && input.alert_creation !== 'create_alerts_and_incidents') {
      errors.push('Alert creation must be create_incidents or create_alerts_and_incidents.');
    } else alertCreation = input.alert_creation;
  }

  let groupingParams = existing?.alertGroupingParameters ?? NO_GROUPING;
  if (has('alert_grouping_parameters')) groupingParams = normalizeGrouping(input.alert_grouping_parameters, errors);
  else if (has('alert_grouping')) {
    // The deprecated fields, used only when the parameters are absent.
    const legacy = input.alert_grouping === 'time' ? { type: 'time', config: { timeout: input.alert_grouping_timeout ?? 0 } } : input.alert_grouping === 'intelligent' ? { type: 'intelligent', config: { time_window: 0 } } : input.alert_grouping === null ? null : { type: input.alert_grouping };
    groupingParams = normalizeGrouping(legacy, errors);
  }
  if (groupingParams.type !== null && alertCreation === 'create_incidents') {
    errors.push('Alert grouping needs alert_creation create_alerts_and_incidents.');
  }

  let pause = existing?.autoPauseNotificationsParameters ?? DEFAULT_AUTO_PAUSE;
  if (has('auto_pause_notifications_parameters')) pause = autoPause(input.auto_pause_notifications_parameters, errors);

  // Unset on create disables both timeouts (the field descriptions' rule; see docs/services.md).
  const ack = has('acknowledgement_timeout') || !existing ? timeout(input.acknowledgement_timeout, 'acknowledgement_timeout', errors) : existing.acknowledgementTimeout;
  const autoResolve = has('auto_resolve_timeout') || !existing ? timeout(input.auto_resolve_timeout, 'auto_resolve_timeout', errors) : existing.autoResolveTimeout;

  let description = existing?.description ?? null;
  if (has('description')) description = input.description === null || input.description === '' ? null : String(input.description);

  let teamIds = existing?.teamIds ?? [];
  if (has('teams')) teamIds = [...new Set((input.teams ?? []).map((t) => t.id))];

  if (errors.length) throw new InvalidInputError(errors);
  return {
    name,
    description,
    escalationPolicyId,
    state,
    incidentUrgencyRule: rule,
    supportHours: hours,
    scheduledActions: actions,
    acknowledgementTimeout: ack,
    autoResolveTimeout: autoResolve,
    alertCreation,
    alertGroupingParameters: groupingParams,
    autoPauseNotificationsParameters: pause,
    teamIds,
  };
}
