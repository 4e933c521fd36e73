// Notification subscriptions (PagerDuty's name for who gets status updates): the subscribers of a
// business service, and one user's or team's subscriptions to incidents and business services.
// Permission checks are the caller's (routes).
import { findBusinessServicesByIds } from '../business/index.js';
import type { Clock } from '../clock.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { findIncidentsByIds } from '../incidents/index.js';
import type { Db } from '../store/db.js';
import type { Subscribable, Subscriber } from './model.js';
import { existing } from './publish.js';
import { deleteSubscriber, insertSubscriber } from './store.js';
import { deleteBusinessSubscriber, insertBusinessSubscriber, listBusinessSubscribers, listSubscriptionsOf } from './subscription-store.js';

/** PagerDuty's per-item results; a subscriber or subscribable that does not exist is `unauthorized` (its enum has no not_found). */
export type Result = 'success' | 'duplicate' | 'unauthorized';
export interface Counts {
  deleted_count: number;
  unauthorized_count: number;
  non_existent_count: number;
}

function checkSize(n: number, what: string): void {
  if (n === 0) throw new InvalidInputError(`${what} must name at least one item.`);
  if (n > 100) throw new InvalidInputError(`At most 100 ${what} can be given at once.`);
}

export async function businessServiceOrThrow(db: Db, id: string) {
  const [b] = await findBusinessServicesByIds(db, [id]);
  if (!b) throw new NotFoundError('Business Service', id);
  return b;
}

/** Adds users and teams to a business service's subscribers. */
export async function subscribeToBusinessService(db: Db, clock: Clock, businessServiceId: string, list: Subscriber[]): Promise<Array<Subscriber & { result: Result }>> {
  checkSize(list.length, 'subscribers');
  await businessServiceOrThrow(db, businessServiceId);
  const known = await existing(db, list);
  const out: Array<Subscriber & { result: Result }> = [];
  for (const s of list) {
    if (!known.has(`${s.type}:${s.id}`)) out.push({ ...s, result: 'unauthorized' });
    else out.push({ ...s, result: (await insertBusinessSubscriber(db, businessServiceId, s, clock.now())) ? 'success' : 'duplicate' });
  }
  return out;
}

export async function unsubscribeFromBusinessService(db: Db, businessServiceId: string, list: Subscriber[]): Promise<Counts> {
  checkSize(list.length, 'subscribers');
  await businessServiceOrThrow(db, businessServiceId);
  let deleted = 0;
  for (const s of list) if (await deleteBusinessSubscriber(db, businessServiceId, s)) deleted++;
  return { deleted_count: deleted, unauthorized_count: 0, non_existent_count: list.length - deleted };
}

/** The live subscribers of a business service (a deleted user or team is left out). */
export async function businessServiceSubscribers(db: Db, businessServiceId: string): Promise<Subscriber[]> {
  await businessServiceOrThrow(db, businessServiceId);
  const list = await listBusinessSubscribers(db, [businessServiceId]);
  const known = await existing(db, list);
  return list.filter((s) => known.has(`${s.type}:${s.id}`));
}

/** Which subscribables exist, with their names (incident titles, business service names). */
export async function namesOf(db: Db, list: Subscribable[]): Promise<Map<string, string>> {
  const incidents = await findIncidentsByIds(db, list.filter((x) => x.type === 'incident').map((x) => x.id));
  const business = await findBusinessServicesByIds(db, list.filter((x) => x.type === 'business_service').map((x) => x.id));
  return new Map([...incidents.map((i) => [`incident:${i.id}`, i.title] as const), ...business.map((b) => [`business_service:${b.id}`, b.name] as const)]);
}

/** Subscribes one user or team (checked by the caller) to incidents and business services. */
export async function subscribeSubscriber(db: Db, clock: Clock, subscriber: Subscriber, list: Subscribable[]): Promise<Array<Subscribable & { result: Result }>> {
  checkSize(list.length, 'subscribables');
  const known = await namesOf(db, list);
  const out: Array<Subscribable & { result: Result }> = [];
  for (const x of list) {
    if (!known.has(`${x.type}:${x.id}`)) {
      out.push({ ...x, result: 'unauthorized' });
      continue;
    }
    const added = x.type === 'incident' ? await insertSubscriber(db, x.id, subscriber, clock.now()) : await insertBusinessSubscriber(db, x.id, subscriber, clock.now());
    out.push({ ...x, result: added ? 'success' : 'duplicate' });
  }
  return out;
}

export async function unsubscribeSubscriber(db: Db, subscriber: Subscriber, list: Subscribable[]): Promise<Counts> {
  checkSize(list.length, 'subscribables');
  let deleted = 0;
  for (const x of list) if (x.type === 'incident' ? await deleteSubscriber(db, x.id, subscriber) : await deleteBusinessSubscriber(db, x.id, subscriber)) deleted++;
  return { deleted_count: deleted, unauthorized_count: 0, non_existent_count: list.length - deleted };
}

/** One user's or team's subscriptions whose subscribable still exists, with its name. */
export async function subscriptionsOf(db: Db, subscriber: Subscriber): Promise<Array<Subscribable & { name: string }>> {
  const list = await listSubscriptionsOf(db, subscriber);
  const names = await namesOf(db, list);
  return list.flatMap((x) => (names.has(`${x.type}:${x.id}`) ? [{ ...x, name: names.get(`${x.type}:${x.id}`)! }] : []));
}
