// What opening an incident needs before its transition, the same one by one (lifecycle.ts) and in an
// event-processor batch (batch.ts): the service (live), the urgency, the policy snapshot, the fields.
import { ArgumentsError } from '../errors.js';
import type { Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import { loadService, snapshotPolicy, timersOf } from './apply.js';
import type { Agent, Channel, Incident, Urgency } from './model.js';
import type { OpenInput } from './transitions.js';
import { urgencyFor, type SupportHoursRule, type UrgencyRule } from './urgency.js';

export interface OpenIncidentInput {
  serviceId: string;
  title: string;
  urgency?: Urgency;
  severity?: string;
  incidentKey?: string | null;
  body?: unknown;
  integrationId?: string | null;
  agent: Agent;
  channel: Channel;
  at?: number;
  /** User ids; default: level 1 of the service's escalation policy. */
  assignTo?: string[];
  /** Another escalation policy than the service's (REST `escalation_policy`). */
  escalationPolicyId?: string;
  /** How it was opened; default 'events' with an integration, else 'manual'. */
  origin?: Incident['origin'];
  incidentType?: string;
  conferenceBridge?: Incident['conferenceBridge'];
  priorityId?: string | null;
  /** Open it already acknowledged by the agent (REST self-assignment): written as one change. */
  acknowledged?: boolean;
}

/** The live service and the transition's input (but its number) for a new incident `id` opened at `at`. */
export async function openFields(db: Db, input: OpenIncidentInput, id: string, at: number): Promise<{ service: Service; fields: Omit<OpenInput, 'number'> }> {
  const service = await loadService(db, input.serviceId);
  if (service.deletedAt !== null) throw new ArgumentsError('Service not found');
  const urgency = input.urgency ?? urgencyFor(service.incidentUrgencyRule as UrgencyRule, service.supportHours as SupportHoursRule | null, at, input.severity);
  const policy = await snapshotPolicy(db, input.escalationPolicyId ?? service.escalationPolicyId);
  const fields: Omit<OpenInput, 'number'> = {
    id,
    title: input.title,
    urgency,
    incidentKey: input.incidentKey ?? null,
    serviceId: service.id,
    integrationId: input.integrationId ?? null,
    teamIds: service.teamIds,
    body: input.body ?? null,
    origin: input.origin ?? (input.integrationId ? 'events' : 'manual'),
    policy,
    assignTo: input.assignTo,
    timers: timersOf(service),
    incidentType: input.incidentType,
    conferenceBridge: input.conferenceBridge,
    priorityId: input.priorityId,
  };
  return { service, fields };
}
