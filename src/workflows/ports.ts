// What workflow actions need from the response features (priorities, responder requests,
// subscribers, status updates), which another module owns. src/app.ts wires the real functions;
// workflows/ never imports that module. Each runs on the step's transaction, so a step's effect
// (and the outbox rows it writes, e.g. status update emails) commits exactly once with its result.
import type { Db } from '../store/db.js';
import type { Requester } from '../incidents/index.js';
import { StepFailure } from './failure.js';

/** A user, escalation policy or team, as PagerDuty's references name them. */
export interface TargetRef {
  type: 'user_reference' | 'escalation_policy_reference' | 'team_reference';
  id: string;
}

export interface ResponsePort {
  /** The incident's priority name (`P1`), or null when it has none (conditions read it). */
  priorityOf(db: Db, incidentId: string): Promise<string | null>;
  /** Sets the priority by its name; throws when the account has no priority of that name. */
  setPriority(db: Db, incidentId: string, name: string, by: Requester): Promise<void>;
  /** Asks users and escalation policies (their on-call users) to respond, with a message. */
  addResponders(db: Db, incidentId: string, targets: TargetRef[], message: string, by: Requester): Promise<void>;
  /** Subscribes users and teams to the incident's status updates. */
  addSubscribers(db: Db, incidentId: string, subscribers: TargetRef[], by: Requester): Promise<void>;
  /** Sends a status update to the incident's subscribers (email through the outbox). */
  sendStatusUpdate(db: Db, incidentId: string, message: string, by: Requester): Promise<void>;
}

/**
 * The port while priorities, responder requests, subscribers and status updates are not part of
 * this build: incidents have no priority (a condition on it does not match), and a step that needs
 * one of the others fails at once, saying why, on the run.
 */
export const responseNotBuilt: ResponsePort = {
  priorityOf: async () => null,
  setPriority: async () => missing('Set Priority: priorities'),
  addResponders: async () => missing('Add Responders: responder requests'),
  addSubscribers: async () => missing('Add Subscribers: status update subscribers'),
  sendStatusUpdate: async () => missing('Send Status Update: status updates'),
};

function missing(what: string): never {
  throw new StepFailure(`${what} are not available in this build of Tocsin.`, false);
}
