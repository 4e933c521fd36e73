// What workflow actions need from the response features (priorities, responder requests,
// subscribers, status updates), which another module owns. src/app.ts wires the real functions;
// workflows/ never imports that module. Each runs on the step's transaction, so a step's effect
// (and the outbox rows it writes, e.g. status update emails) commits exactly once with its result.
import type { Db } from '../store/db.js';
import type { Requester } from '../incidents/index.js';

/** A user, escalation policy or team, as PagerDuty's references name them. */
export interface TargetRef {
  type: 'user_reference' | 'escalation_policy_reference' | 'team_reference';
  id: string;
}

export interface ResponsePort {
  /** The name (`P1`) of a priority by id, or null for none (conditions read an incident's). */
  priorityName(db: Db, priorityId: string | null): Promise<string | null>;
  /** Sets the priority by its name; throws when the account has no priority of that name. */
  setPriority(db: Db, incidentId: string, name: string, by: Requester): Promise<void>;
  /** Asks users and escalation policies (their on-call users) to respond, with a message. */
  addResponders(db: Db, incidentId: string, targets: TargetRef[], message: string, by: Requester): Promise<void>;
  /** Subscribes users and teams to the incident's status updates. */
  addSubscribers(db: Db, incidentId: string, subscribers: TargetRef[], by: Requester): Promise<void>;
  /** Sends a status update to the incident's subscribers (email through the outbox). */
  sendStatusUpdate(db: Db, incidentId: string, message: string, by: Requester): Promise<void>;
}

