// Status updates and their subscribers as use cases callable without HTTP (REST and incident
// workflows). They take the agent that acts and use the injected clock; permission checks are the
// caller's (REST checks incidents.write on the incident's service).
import { findTeamsByIds, findUsersByIds, listTeamMembers } from '../accounts/index.js';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { businessServicesImpactedBy } from '../business/index.js';
import { appendLogEntry, findIncidentById, type Agent, type Channel } from '../incidents/index.js';
import type { Db } from '../store/db.js';
import type { StatusUpdate, Subscriber } from './model.js';
import { deleteSubscriber, insertStatusUpdate, insertSubscriber, listSubscribers } from './store.js';
import { listBusinessSubscribers } from './subscription-store.js';

export type Deps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect'>;

async function incidentOrThrow(db: Db, incidentId: string) {
  const i = await findIncidentById(db, incidentId);
  if (!i) throw new NotFoundError('Incident', incidentId);
  return i;
}

/** Which of the subscribers name a live user or an existing team. */
export async function existing(db: Db, list: Subscriber[]): Promise<Set<string>> {
  const users = await findUsersByIds(db, list.filter((s) => s.type === 'user').map((s) => s.id));
  const teams = await findTeamsByIds(db, list.filter((s) => s.type === 'team').map((s) => s.id));
  return new Set([...users.filter((u) => u.deletedAt === null).map((u) => `user:${u.id}`), ...teams.map((x) => `team:${x.id}`)]);
}

export type SubscribeResult = 'success' | 'duplicate' | 'not_found';

/** Subscribes users and teams to the incident's status updates; each gets its own result (PagerDuty's). */
export async function subscribe(db: Db, deps: Deps, incidentId: string, list: Subscriber[]): Promise<Array<Subscriber & { result: SubscribeResult }>> {
  await incidentOrThrow(db, incidentId);
  if (list.length === 0) throw new InvalidInputError('subscribers must name at least one user or team.');
  if (list.length > 100) throw new InvalidInputError('At most 100 subscribers can be added at once.');
  const known = await existing(db, list);
  const now = deps.clock.now();
  const out: Array<Subscriber & { result: SubscribeResult }> = [];
  for (const s of list) {
    if (!known.has(`${s.type}:${s.id}`)) out.push({ ...s, result: 'not_found' });
    else out.push({ ...s, result: (await insertSubscriber(db, incidentId, s, now)) ? 'success' : 'duplicate' });
  }
  return out;
}

/** Unsubscribes; counts as PagerDuty's response does. */
export async function unsubscribe(db: Db, incidentId: string, list: Subscriber[]): Promise<{ deleted_count: number; unauthorized_count: number; non_existent_count: number }> {
  await incidentOrThrow(db, incidentId);
  let deleted = 0;
  for (const s of list) if (await deleteSubscriber(db, incidentId, s)) deleted++;
  return { deleted_count: deleted, unauthorized_count: 0, non_existent_count: list.length - deleted };
}

export interface StatusUpdateInput {
  message: string;
  /** Both or neither: PagerDuty requires a subject with a custom HTML message. */
  subject?: string | null;
  htmlMessage?: string | null;
}

/**
 * Publishes a status update: stored, logged (an annotate_log_entry with the message as its note), and
 * emitted as incident.status_update_published, on which notify emails every subscriber (users, and the
 * members of subscribed teams) through the outbox.
 */
export async function publishStatusUpdate(db: Db, deps: Deps, incidentId: string, input: StatusUpdateInput, sender: Agent | null, channel: Channel): Promise<StatusUpdate> {
  await incidentOrThrow(db, incidentId);
  if (!input.message.trim()) throw new InvalidInputError('Message cannot be empty.');
  if (input.message.length > 10_000) throw new InvalidInputError('Message is too long (maximum is 10000 characters).');
  if (input.htmlMessage && !input.subject) throw new InvalidInputError('A subject is required with an html_message.');
  if ((input.htmlMessage?.length ?? 0) > 100_000) throw new InvalidInputError('html_message is too long (maximum is 100000 characters).');
  const now = deps.clock.now();
  const u: StatusUpdate = {
    id: deps.ids.id(),
    incidentId,
    senderId: sender?.type === 'user' ? sender.id : null,
    message: input.message,
    subject: input.subject ?? null,
    htmlMessage: input.htmlMessage ?? null,
    createdAt: now,
  };
  await insertStatusUpdate(db, u);
  await appendLogEntry(db, deps, { incidentId, type: 'annotate_log_entry', agent: sender, channel: { ...channel, type: 'status_update' }, summary: 'Status update published', note: input.message, at: now });
  await deps.hooks.emit(db, 'incident.event', { incidentId, eventType: 'incident.status_update_published', agent: sender, at: now, statusUpdateId: u.id });
  return u;
}

/**
 * Who gets an incident's status updates by email: the users and the live members of the teams that
 * subscribe to the incident or to a business service it impacts now, once each.
 */
export async function statusUpdateRecipients(db: Db, incidentId: string): Promise<Array<{ userId: string; email: string }>> {
  const subs = [...(await listSubscribers(db, incidentId)), ...(await listBusinessSubscribers(db, await businessServicesImpactedBy(db, incidentId)))];
  const ids = new Set(subs.filter((s) => s.type === 'user').map((s) => s.id));
  for (const s of subs.filter((x) => x.type === 'team')) {
    for (let offset = 0; ; offset += 100) {
      const { items, count } = await listTeamMembers(db, s.id, { limit: 100, offset });
      for (const m of items) ids.add(m.userId);
      if (offset + items.length >= count || items.length === 0) break;
    }
  }
  const users = await findUsersByIds(db, [...ids]);
  return users.filter((u) => u.deletedAt === null).map((u) => ({ userId: u.id, email: u.email }));
}
