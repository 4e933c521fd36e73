// The Events API endpoints, in their own Fastify scope (no REST token: the routing key
// authenticates; errors in the Events APIs' own body). The hot path is: parse, hand-written
// validation, cached key lookup, per-key rate limit, group commit, 202.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { InvalidInputError, RateLimitedError, UnrecognizedEventError } from '../errors.js';
import { useEventsErrors, type EventsApiKind } from '../http/errors.js';
import { nestsDeeperThan, TOO_DEEP_MESSAGE } from '../http/json-depth.js';
import { bodyHoldsNul, NUL_MESSAGE } from '../http/nul.js';
import { discardBody } from '../outbound.js';
import type { Events } from './ingest.js';
import type { RoutingTarget } from './routing.js';
import { isObject, validateChange, validateV1, validateV2 } from './validate.js';
import { TRANSLATORS } from './vendors/index.js';

/** PagerDuty's documented limit for one event. Larger bodies get 413 (documented in docs/events.md). */
export const MAX_EVENT_BYTES = 512 * 1024;

const Accepted = Type.Object({ status: Type.String(), message: Type.String(), dedup_key: Type.String() });
const V1Ok = Type.Object({ status: Type.String(), message: Type.String(), incident_key: Type.String() });
const ChangeOk = Type.Object({ status: Type.String(), message: Type.String() });
const VendorOk = Type.Object({ status: Type.String(), message: Type.String(), dedup_keys: Type.Array(Type.String()) });
const VendorThrottled = Type.Object({
  status: Type.String(),
  message: Type.String(),
  errors: Type.Array(Type.String()),
  dedup_keys: Type.Array(Type.String()),
});

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which Events API a route of the events scope speaks (its error body and throttle status). */
    eventsApi?: EventsApiKind;
  }
}

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

function route(api: EventsApiKind) {
  // Per-event info logging would cost a fifth of the throughput: requests on this path log at warn.
  return { config: { eventsApi: api }, logLevel: 'warn' as const, bodyLimit: MAX_EVENT_BYTES };
}

function bodyObject(request: FastifyRequest): Record<string, unknown> {
  if (!isObject(request.body)) throw new UnrecognizedEventError();
  return request.body;
}

/** Registers the event routes on their scope (app.ts creates the scope). */
export function registerEventRoutes(scope: FastifyInstance, ctx: Context, events: Events): void {
  useEventsErrors(scope);
  // Every body is JSON whatever its Content-Type (SNS sends text/plain; some tools send none).
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_EVENT_BYTES }, (_req, body, done) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body as string);
    } catch {
      return done(new UnrecognizedEventError(), undefined);
    }
    // Too deep to store or walk safely: refused here, so it never reaches (and fails) a shared batch.
    if (nestsDeeperThan(parsed)) return done(new InvalidInputError(TOO_DEEP_MESSAGE), undefined);
    if (bodyHoldsNul(body as string, parsed)) return done(new InvalidInputError(NUL_MESSAGE), undefined);
    done(null, parsed);
  });

  const genKey = () => ctx.ids.hex32();

  async function lookup(key: string, message: string): Promise<RoutingTarget> {
    const t = await events.routing.lookup(key);
    if (!t) throw new InvalidInputError(message);
    return t;
  }

  /** A request carrying one event: its key must have one unit of budget left. */
  async function target(key: string, message: string): Promise<RoutingTarget> {
    const t = await lookup(key, message);
    const limit = events.limiter.take(key, 1);
    if (limit.granted === 0) throw new RateLimitedError(limit.resetSeconds);
    return t;
  }

  scope.post('/v2/enqueue', { ...route('v2'), schema: { hide: true, response: { 202: Accepted } } }, async (request, reply) => {
    const checked = validateV2(bodyObject(request), genKey);
    if (!checked.ok) throw new InvalidInputError(checked.errors);
    const t = await target(checked.value.routingKey, 'Invalid routing key');
    await events.ingestEvent(t, checked.value.event);
    return reply.code(202).send({ status: 'success', message: 'Event processed', dedup_key: checked.value.event.dedupKey });
  });

  scope.post('/generic/2010-04-15/create_event.json', { ...route('v1'), schema: { hide: true, response: { 200: V1Ok } } }, async (request) => {
    const checked = validateV1(bodyObject(request), genKey);
    if (!checked.ok) throw new InvalidInputError(checked.errors);
    const t = await target(checked.value.serviceKey, 'Service key is invalid');
    await events.ingestEvent(t, checked.value.event);
    return { status: 'success', message: 'Event processed', incident_key: checked.value.event.dedupKey };
  });

  scope.post('/v2/change/enqueue', { ...route('change'), schema: { hide: true, response: { 202: ChangeOk } } }, async (request, reply) => {
    const checked = validateChange(bodyObject(request));
    if (!checked.ok) throw new InvalidInputError(checked.errors);
    const t = await target(checked.value.routingKey, 'Invalid routing key');
    await events.ingestChangeEvent(t, checked.value);
    return reply.code(202).send({ status: 'success', message: 'Change event processed' });
  });

  scope.post<{ Params: { integration_key: string } }>(
    '/integration/:integration_key/enqueue',
    { ...route('vendor'), schema: { hide: true, response: { 200: ChangeOk, 202: VendorOk, 429: VendorThrottled } } },
    async (request, reply) => {
      const key = request.params.integration_key;
      const t = await lookup(key, 'Invalid integration key');
      const translate = t.translator ? TRANSLATORS[t.translator] : undefined;
      if (!translate) throw new InvalidInputError('This integration does not accept vendor payloads; send Events API v2 events to /v2/enqueue');
      const result = translate(bodyObject(request), request.headers);
      if (result.kind === 'invalid') throw new InvalidInputError(result.errors);
      // The budget counts events, not requests: a payload of n alerts costs n (one that carries
      // none, a confirmation or an ignored notification, costs 1). What fits is accepted in payload
      // order; the rest is refused with the keys that were accepted, so a sender retrying the whole
      // batch makes progress (its re-sent triggers deduplicate).
      const wanted = result.kind === 'events' ? result.events : [];
      const limit = events.limiter.take(key, Math.max(1, wanted.length));
      if (limit.granted === 0) throw new RateLimitedError(limit.resetSeconds, []);
      if (result.kind === 'subscribe') {
        const confirmed = await confirmSubscription(ctx, result.subscribeUrl);
        request.log.warn({ integrationId: t.integrationId, topicArn: result.topicArn, confirmed }, 'SNS subscription confirmation');
        return reply.code(200).send({
          status: 'success',
          message: confirmed ? 'Subscription confirmed' : 'Subscription not confirmed automatically; visit the SubscribeURL to confirm it',
        });
      }
      if (result.kind === 'ignored') return reply.code(202).send({ status: 'success', message: `Event ignored (${result.reason})`, dedup_keys: [] });
      const accepted = wanted.slice(0, limit.granted);
      await Promise.all(accepted.map((e) => events.ingestEvent(t, e)));
      const dedupKeys = accepted.map((e) => e.dedupKey);
      if (accepted.length < wanted.length) throw new RateLimitedError(limit.resetSeconds, dedupKeys);
      return reply.code(202).send({ status: 'success', message: 'Event processed', dedup_keys: dedupKeys });
    },
  );
}

/** Visits an SNS SubscribeURL when configuration allows it (outbound HTTP); true when SNS answered 2xx. */
async function confirmSubscription(ctx: Context, url: string): Promise<boolean> {
  const mode = ctx.config.eventsSnsConfirm;
  if (mode === 'off') return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (mode === 'aws' && (u.protocol !== 'https:' || !SNS_HOST.test(u.hostname))) return false;
  try {
    const res = await fetch(u, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    // Only the status matters: a bounded prefix of the body is read and the rest cancelled.
    await discardBody(res.body as AsyncIterable<Uint8Array> | null).catch(() => undefined);
    return res.ok;
  } catch (err) {
    ctx.log.warn({ err, url: u.origin }, 'SNS SubscribeURL could not be fetched');
    return false;
  }
}
