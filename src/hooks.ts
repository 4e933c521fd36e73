import type { Db } from './executor.js';

/**
 * In-process domain events that let a module react to another's change inside the same
 * transaction without the emitter importing the listener (services must not import incidents).
 * Listeners are registered once, in src/reactions.ts; `emit` awaits them in order on the caller's executor.
 */
/**
 * What happened to an incident, named as PagerDuty's v3 webhook event types (the ones Tocsin emits;
 * incident.snoozed and incident.updated are internal: no webhook subscription can ask for them).
 */
export type IncidentEventType =
  | 'incident.triggered'
  | 'incident.acknowledged'
  | 'incident.unacknowledged'
  | 'incident.resolved'
  | 'incident.reopened'
  | 'incident.escalated'
  | 'incident.reassigned'
  | 'incident.annotated'
  | 'incident.snoozed'
  | 'incident.updated'
  | 'incident.priority_updated'
  | 'incident.conference_bridge.updated'
  | 'incident.responder.added'
  | 'incident.responder.replied'
  | 'incident.status_update_published';

export interface HookEvents {
  /** An integration moved to another service; its incidents follow it. */
  'integration.moved': { integrationId: string; fromServiceId: string; toServiceId: string };
  /** A service was disabled or re-enabled (`state`). */
  'service.state_changed': { serviceId: string; state: 'active' | 'disabled' };
  /** A user was created (POST /users, the bootstrap owner); notify gives them default contact and rules. */
  'user.created': { userId: string; email: string };
  /** A user's on-call handoff notification rules changed (schedules plan their handoffs again). */
  'user.handoff_rules_changed': { userId: string };
  /** A service was created, updated or deleted (webhooks: service.created/updated/deleted). */
  'service.changed': { serviceId: string; change: 'created' | 'updated' | 'deleted' };
  /** Something happened to an incident (src/reactions.ts lists who listens). */
  'incident.event': {
    incidentId: string;
    eventType: IncidentEventType;
    agent: { type: 'user' | 'service' | 'integration'; id: string } | null;
    at: number;
    /** For incident.annotated: the note id; for incident.reassigned/escalated: the new assignee user ids. */
    noteId?: string;
    assigneeIds?: string[];
    /** For incident.responder.added: the users asked to respond (notified through their rules until they reply). */
    responderIds?: string[];
    /** For incident.responder.added: the request's message (the page quotes it). */
    message?: string;
    /** For incident.status_update_published: the status update's id. */
    statusUpdateId?: string;
  };
}

/** Derived service status contributed by another module (open incidents, maintenance windows). */
export type ServiceStatusSource = (db: Db, serviceIds: string[]) => Promise<Map<string, 'critical' | 'warning' | 'maintenance'>>;

/** A listener of one hook: runs on the emitter's executor, inside its transaction. */
export type Listener<K extends keyof HookEvents> = (db: Db, event: HookEvents[K]) => Promise<void>;

export class Hooks {
  private listeners = new Map<keyof HookEvents, Array<Listener<never>>>();
  readonly statusSources: ServiceStatusSource[] = [];

  on<K extends keyof HookEvents>(name: K, fn: Listener<K>): void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn as Listener<never>);
    this.listeners.set(name, list);
  }

  async emit<K extends keyof HookEvents>(db: Db, name: K, event: HookEvents[K]): Promise<void> {
    for (const fn of (this.listeners.get(name) ?? []) as Array<Listener<K>>) await fn(db, event);
  }
}
