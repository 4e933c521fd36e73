import http from 'node:http';
import type { Context } from '../context.js';
import { ArgumentsError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { WEBHOOK_EVENT_TYPES, type FilterType, type NotifyPorts, type WebhookSubscription } from './model.js';
import { dropPendingOfTarget } from './outbox-store.js';
import { findSubscription, insertSubscription, updateSubscription } from './subscriptions-store.js';
import { urlProblem } from './ssrf.js';

/** Use cases of v3 webhook subscriptions: create (secret made here), edit, enable. */

const KNOWN = new Set<string>(WEBHOOK_EVENT_TYPES);

export interface SubscriptionInput {
  active?: boolean;
  delivery_method?: { url: string; custom_headers?: Array<{ name: string; value: string }> };
  description?: string | null;
  events?: string[];
  filter?: { type: FilterType; id?: string | null };
}

function checkEvents(events: string[]): void {
  const bad = events.filter((e) => !KNOWN.has(e) || e === 'pagey.ping');
  if (bad.length) throw new InvalidInputError(bad.map((e) => `events: ${e} is not a supported event type.`));
}

async function checkFilter(db: Db, ports: NotifyPorts, f: { type: FilterType; id?: string | null }): Promise<{ type: FilterType; id: string | null }> {
  if (f.type === 'account_reference') return { type: f.type, id: null };
  if (!f.id) throw new InvalidInputError(`filter.id is required for a ${f.type} filter.`);
  if (f.type === 'service_reference') {
    const s = await ports.findService(db, f.id);
    if (!s || s.deletedAt !== null) throw new ArgumentsError(`Service ${f.id} not found.`);
  }
  if (f.type === 'team_reference') {
    if (!(await ports.names(db, 'team', [f.id])).has(f.id)) throw new ArgumentsError(`Team ${f.id} not found.`);
  }
  return { type: f.type, id: f.id };
}

const RESERVED = new Set(['host', 'content-length', 'content-type', 'x-pagerduty-signature', 'x-webhook-id', 'x-webhook-subscription', 'user-agent', 'connection', 'transfer-encoding']);

/**
 * Custom headers must be sendable: Node's own rules (a token for the name; tab, visible ASCII and
 * Latin-1 for the value), checked here so a bad header is a 400 now rather than a failed delivery
 * on every event for ever.
 */
function checkCustomHeaders(headers: Array<{ name: string; value: string }>): void {
  for (const h of headers) {
    const name = JSON.stringify(h.name);
    try {
      http.validateHeaderName(h.name);
    } catch {
      throw new InvalidInputError(`custom_headers: ${name} cannot be used as a header name.`);
    }
    if (RESERVED.has(h.name.toLowerCase())) throw new InvalidInputError(`custom_headers: ${name} cannot be used as a header name.`);
    try {
      http.validateHeaderValue(h.name, h.value);
    } catch {
      throw new InvalidInputError(`custom_headers: the value of ${name} must be one line of tab, printable ASCII or Latin-1 characters.`);
    }
  }
}

export async function createSubscription(
  db: Db,
  ctx: Pick<Context, 'ids' | 'clock' | 'config'>,
  ports: NotifyPorts,
  input: SubscriptionInput,
): Promise<WebhookSubscription> {
  const dm = input.delivery_method!;
  const problem = urlProblem(dm.url, ctx.config.webhookAllowPrivate);
  if (problem) throw new InvalidInputError(problem);
  checkEvents(input.events!);
  const headers = dm.custom_headers ?? [];
  checkCustomHeaders(headers);
  const filter = await checkFilter(db, ports, input.filter!);
  const now = ctx.clock.now();
  const s: WebhookSubscription = {
    id: ctx.ids.id(),
    deliveryMethodId: ctx.ids.id(),
    url: dm.url,
    secret: ctx.ids.hex32() + ctx.ids.hex32(),
    customHeaders: headers,
    description: input.description ?? null,
    events: input.events!,
    filterType: filter.type,
    filterId: filter.id,
    active: input.active ?? true,
    temporarilyDisabled: false,
    consecutiveDrops: 0,
    createdAt: now,
    updatedAt: now,
  };
  await insertSubscription(db, s);
  return s;
}

/** PUT: partial; delivery_method cannot change (PagerDuty), so it is ignored. */
export async function editSubscription(db: Db, ctx: Pick<Context, 'clock'>, ports: NotifyPorts, id: string, input: SubscriptionInput): Promise<WebhookSubscription> {
  const cur = await findSubscription(db, id);
  if (!cur) throw new NotFoundError('Webhook subscription', id);
  if (input.events) checkEvents(input.events);
  const filter = input.filter ? await checkFilter(db, ports, input.filter) : { type: cur.filterType, id: cur.filterId };
  const next: WebhookSubscription = {
    ...cur,
    active: input.active ?? cur.active,
    description: input.description === undefined ? cur.description : input.description,
    events: input.events ?? cur.events,
    filterType: filter.type,
    filterId: filter.id,
    // While temporarily disabled, updated_at is when it was disabled (the 24-hour clock): keep it.
    updatedAt: cur.temporarilyDisabled ? cur.updatedAt : ctx.clock.now(),
  };
  await updateSubscription(db, next);
  if (cur.active && !next.active) await dropPendingOfTarget(db, id);
  return next;
}

/** `POST /{id}/enable`: clears `temporarily_disabled` and the count of dropped deliveries. */
export async function enableSubscription(db: Db, ctx: Pick<Context, 'clock'>, id: string): Promise<WebhookSubscription> {
  const cur = await findSubscription(db, id);
  if (!cur) throw new NotFoundError('Webhook subscription', id);
  const next = { ...cur, temporarilyDisabled: false, consecutiveDrops: 0, updatedAt: ctx.clock.now() };
  await updateSubscription(db, next);
  return next;
}
