import type { Db } from '../store/db.js';

/** Contact method types PagerDuty knows; email is delivered over SMTP, the rest by a provider. */
export const CONTACT_TYPES = [
  'email_contact_method',
  'phone_contact_method',
  'sms_contact_method',
  'push_notification_contact_method',
  'whatsapp_contact_method',
] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export interface ContactMethod {
  id: string;
  userId: string;
  type: ContactType;
  label: string;
  address: string;
  countryCode: number | null;
  sendShortEmail: boolean;
  deviceType: string | null;
  sounds: unknown[];
  createdAt: number;
}

export type Urgency = 'high' | 'low';

export interface NotificationRule {
  id: string;
  userId: string;
  contactMethodId: string;
  startDelayInMinutes: number;
  urgency: Urgency;
  createdAt: number;
}

export type FilterType = 'account_reference' | 'service_reference' | 'team_reference';

export interface WebhookSubscription {
  id: string;
  deliveryMethodId: string;
  url: string;
  secret: string;
  customHeaders: Array<{ name: string; value: string }>;
  description: string | null;
  events: string[];
  filterType: FilterType;
  filterId: string | null;
  active: boolean;
  temporarilyDisabled: boolean;
  consecutiveDrops: number;
  createdAt: number;
  updatedAt: number;
}

/** Outbound event types a v3 subscription may ask for (PagerDuty's list, NOTES §2.12). */
export const WEBHOOK_EVENT_TYPES = [
  'incident.acknowledged',
  'incident.annotated',
  'incident.conference_bridge.updated',
  'incident.custom_field_values.updated',
  'incident.delegated',
  'incident.escalated',
  'incident.incident_type.changed',
  'incident.priority_updated',
  'incident.reassigned',
  'incident.reopened',
  'incident.resolved',
  'incident.responder.added',
  'incident.responder.replied',
  'incident.role.assigned',
  'incident.service_updated',
  'incident.status_update_published',
  'incident.triggered',
  'incident.unacknowledged',
  'incident.workflow.started',
  'incident.workflow.completed',
  'incident.action_invocation.created',
  'incident.action_invocation.terminated',
  'incident.action_invocation.updated',
  'service.created',
  'service.custom_field_values.updated',
  'service.deleted',
  'service.updated',
  'pagey.ping',
] as const;

/** Incident events that (re)assign users and so start their notification rules. */
export const ASSIGNING_EVENTS: ReadonlySet<string> = new Set([
  'incident.triggered',
  'incident.escalated',
  'incident.reassigned',
  'incident.unacknowledged',
  'incident.reopened',
  'incident.delegated',
]);

/** `extension`: rows of src/extensions, delivered by the deliverer it registers (Notifier.deliverers). */
export type OutboxKind = 'webhook' | 'email' | 'contact' | 'extension';

export interface OutboxRow {
  seq: number;
  id: string;
  kind: OutboxKind;
  key: string;
  targetId: string | null;
  incidentId: string | null;
  payload: unknown;
  status: 'pending' | 'dead';
  dueAt: number;
  attempt: number;
  lastError: string | null;
  createdAt: number;
}

/** What notify needs to know about an incident; app.ts adapts incidents/index.ts to it. */
export interface IncidentView {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: Urgency;
  incidentKey: string | null;
  createdAt: number;
  serviceId: string;
  assigneeIds: string[];
  escalationPolicyId: string | null;
  teamIds: string[];
  priority: { id: string; summary: string | null } | null;
  resolveReason?: unknown;
  incidentType?: string;
  conferenceBridge?: { conference_number: string | null; conference_url: string | null } | null;
}

export interface ServiceView {
  id: string;
  name: string;
  description: string | null;
  escalationPolicyId: string | null;
  teamIds: string[];
  createdAt: number;
  deletedAt: number | null;
}

/** A log entry notify asks incidents to write on an incident. */
export interface NotifyLogInput {
  incidentId: string;
  type: 'notify_log_entry' | 'annotate_log_entry';
  at: number;
  userId: string | null;
  summary: string;
  /** PagerDuty's `notification` field of notify_log_entry: {type, status, address}. */
  notification?: { type: string; status: string; address: string; reason?: string };
}

export type ActionChannel = 'email' | 'sms' | 'phone';

/** The seams to other modules (notify/wiring.ts builds them from their index.ts). All are required. */
export interface NotifyPorts {
  findIncident(db: Db, id: string): Promise<IncidentView | null>;
  findService(db: Db, id: string): Promise<ServiceView | null>;
  findNote(db: Db, incidentId: string, noteId: string): Promise<{ id: string; content: string } | null>;
  names(db: Db, kind: 'user' | 'team' | 'escalation_policy', ids: string[]): Promise<Map<string, string>>;
  appendLogEntry(db: Db, entry: NotifyLogInput): Promise<void>;
  /** `channel`: how the user acted (`email` link, `sms` reply, `phone` keypress); email when absent. */
  acknowledge(db: Db, incidentId: string, userId: string, channel?: ActionChannel): Promise<void>;
  resolve(db: Db, incidentId: string, userId: string, channel?: ActionChannel): Promise<void>;
  /** Whether a notification reached the user on the incident since `since` (a notify_log_entry of theirs, success or delivered). */
  notifiedSince(db: Db, incidentId: string, userId: string, since: number): Promise<boolean>;
  /** Whether the user still has an unanswered responder request on the incident (absent: never). */
  responderPending?(db: Db, incidentId: string, userId: string): Promise<boolean>;
  /** Who follows the incident's status updates (absent: nobody); their status update rules say where. */
  statusUpdateRecipients?(db: Db, incidentId: string): Promise<Array<{ userId: string }>>;
  findStatusUpdate?(db: Db, id: string): Promise<{ message: string; subject: string | null; htmlMessage: string | null } | null>;
  /**
   * Whether the schedule's on-call handoffs are announced: a live escalation policy targets it with
   * `on_call_handoff_notifications` `always`, or `if_has_services` and a live service uses that policy.
   */
  announcesHandoffs(db: Db, scheduleId: string): Promise<boolean>;
}
