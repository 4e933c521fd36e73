import type { HookEvents } from '../hooks.js';
import type { Db } from '../store/db.js';
import { txCached } from '../store/tx-cache.js';
import { rulesWithContacts } from './contacts-store.js';
import { agentReference, eventBody, incidentData, newEventId, noteData, serviceData, type Deps } from './events.js';
import { ASSIGNING_EVENTS, WEBHOOK_EVENT_TYPES, type ContactType, type NotifyPorts, type WebhookSubscription } from './model.js';
import { recordUnreachable, unreachableAtAssignment, type UnreachableCounts } from './reachability.js';
import { insertOutboxRows, restartContactRows, type NewOutboxRow } from './outbox-store.js';
import { statusUpdateRows } from './status-update-mail.js';
import { subscriptionsFor } from './subscriptions-store.js';

/**
 * Turns domain events into outbox rows, inside the caller's transaction: one row per matching webhook
 * subscription, and one per notification rule of each newly assigned user. Nothing here does I/O
 * beyond the database, so the event path never waits on a receiver.
 */

export interface WebhookPayload {
  subscriptionId: string;
  webhookId: string;
  eventType: string;
  body: string;
}

export interface ContactPayload {
  userId: string;
  contactMethodId: string;
  ruleId: string;
  incidentId: string;
  eventType: string;
  assignedAt: number;
  /** A responder request's message, quoted in the page. */
  message?: string;
}

function webhookRows(deps: Deps, subs: WebhookSubscription[], eventType: string, resourceId: string, incidentId: string | null, body: string, at: number): NewOutboxRow[] {
  return subs
    .filter((s) => s.events.includes(eventType))
    .map((s) => ({
      id: deps.ids.hex32(),
      kind: 'webhook' as const,
      key: `wh:${s.id}:${resourceId}`,
      targetId: s.id,
      incidentId,
      payload: { subscriptionId: s.id, webhookId: newEventId(deps), eventType, body } satisfies WebhookPayload,
      dueAt: at,
      createdAt: at,
    }));
}

const SUBSCRIBABLE: ReadonlySet<string> = new Set(WEBHOOK_EVENT_TYPES);

/** One outbox row per notification rule of the users, due after each rule's start delay. */
function contactRows(deps: Deps, rules: Awaited<ReturnType<typeof rulesWithContacts>>, incidentId: string, eventType: string, at: number, message?: string): NewOutboxRow[] {
  return rules.map(({ rule, contact }) => {
    const id = deps.ids.hex32();
    return {
      id,
      kind: contact.type === 'email_contact_method' ? ('email' as const) : ('contact' as const),
      key: `n:${id}`,
      targetId: rule.userId,
      incidentId,
      payload: { userId: rule.userId, contactMethodId: contact.id, ruleId: rule.id, incidentId, eventType, assignedAt: at, ...(message ? { message } : {}) } satisfies ContactPayload,
      dueAt: at + rule.startDelayInMinutes * 60_000,
      createdAt: at,
    };
  });
}

/** How fan-out learns which contact types can be delivered, and where it counts the unreachable. */
export interface Reach {
  canDeliver(type: ContactType): boolean;
  counts: UnreachableCounts;
}

export async function fanOutIncidentEvent(db: Db, deps: Deps, ports: NotifyPorts, ev: HookEvents['incident.event'], reach?: Reach): Promise<void> {
  // Changes no subscription can ask for (incident.updated, .snoozed …) and that assign nobody: nothing to do.
  if (!SUBSCRIBABLE.has(ev.eventType) && !ASSIGNING_EVENTS.has(ev.eventType)) return;
  const inc = await ports.findIncident(db, ev.incidentId);
  if (!inc) return;
  const service = await ports.findService(db, inc.serviceId);
  const teamIds = [...new Set([...inc.teamIds, ...(service?.teamIds ?? [])])];
  const rows: NewOutboxRow[] = [];

  // Per batch of the event processor (its transaction's read cache), not per incident.
  const subs = (await txCached(db, `webhook-subs:${inc.serviceId}:${teamIds.join(',')}`, () => subscriptionsFor(db, inc.serviceId, teamIds))).filter((s) => s.events.includes(ev.eventType));
  if (subs.length) {
    let data: unknown;
    let resourceType = 'incident';
    if (ev.eventType === 'incident.annotated' && ev.noteId) {
      const note = await ports.findNote(db, inc.id, ev.noteId);
      data = note ? noteData(deps, inc, note) : await incidentData(db, deps, ports, inc, service);
    } else {
      data = await incidentData(db, deps, ports, inc, service);
    }
    if (ev.eventType.startsWith('service.')) resourceType = 'service';
    const agent = ev.agent?.type === 'service' && service && ev.agent.id === service.id ? { ...ports, findService: async () => service } : ports;
    const body = eventBody(newEventId(deps), ev.eventType, resourceType, ev.at, await agentReference(db, deps, agent, ev.agent), data);
    rows.push(...webhookRows(deps, subs, ev.eventType, inc.id, inc.id, body, ev.at));
  }

  if (ev.eventType === 'incident.status_update_published' && ev.statusUpdateId) rows.push(...(await statusUpdateRows(db, deps, ports, inc.id, ev.statusUpdateId, ev.at)));

  // Responders are paged through their rules whatever the incident's status, until they reply (deliver.ts asks).
  if (ev.eventType === 'incident.responder.added' && ev.responderIds?.length) {
    const rules = await rulesWithContacts(db, [...new Set(ev.responderIds)], inc.urgency);
    rows.push(...contactRows(deps, rules, inc.id, ev.eventType, ev.at, ev.message));
  }

  if (ASSIGNING_EVENTS.has(ev.eventType) && inc.status === 'triggered') {
    const users = ev.assigneeIds ?? (ev.eventType === 'incident.triggered' || ev.eventType === 'incident.unacknowledged' ? inc.assigneeIds : []);
    if (users.length) {
      // A new assignment restarts the user's rules: the unsent rows of the old one go (a new incident has none).
      if (ev.eventType !== 'incident.triggered') await restartContactRows(db, { incidentId: inc.id, userIds: users, at: ev.at });
      const rules = await txCached(db, `notification-rules:${inc.urgency}:${users.join(',')}`, () => rulesWithContacts(db, users, inc.urgency));
      if (reach) {
        for (const userId of new Set(users)) {
          const why = unreachableAtAssignment(rules.filter((r) => r.rule.userId === userId).map((r) => r.contact), inc.urgency, reach.canDeliver);
          if (why) await recordUnreachable(db, ports, reach.counts, { incidentId: inc.id, userId, ...why, at: ev.at });
        }
      }
      rows.push(...contactRows(deps, rules, inc.id, ev.eventType, ev.at));
    }
  }
  await insertOutboxRows(db, rows);
}

export async function fanOutServiceChanged(db: Db, deps: Deps, ports: NotifyPorts, ev: HookEvents['service.changed']): Promise<void> {
  const s = await ports.findService(db, ev.serviceId);
  if (!s) return;
  const eventType = `service.${ev.change}`;
  const subs = (await subscriptionsFor(db, s.id, s.teamIds)).filter((x) => x.events.includes(eventType));
  if (!subs.length) return;
  const at = deps.clock.now();
  const body = eventBody(newEventId(deps), eventType, 'service', at, null, await serviceData(db, deps, ports, s));
  await insertOutboxRows(db, webhookRows(deps, subs, eventType, s.id, null, body, at));
}

/** `POST /webhook_subscriptions/{id}/ping`: a `pagey.ping` event to that subscription alone. */
export async function enqueuePing(db: Db, deps: Deps, sub: WebhookSubscription): Promise<void> {
  const at = deps.clock.now();
  const body = eventBody(newEventId(deps), 'pagey.ping', 'pagey', at, null, { message: 'Hello from your friend Pagey!', type: 'ping' });
  await insertOutboxRows(db, webhookRows(deps, [{ ...sub, events: ['pagey.ping'] }], 'pagey.ping', 'ping', null, body, at));
}
