import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { can } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { readPage, pageEnvelope } from '../http/pagination.js';
import { PaginationQuery } from '../http/schemas.js';
import { enqueuePing } from './fanout.js';
import type { NotifyPorts } from './model.js';
import { toApiSubscription } from './present.js';
import { SubscriptionCreateInput, SubscriptionEnvelope, SubscriptionList, SubscriptionUpdateInput } from './schemas.js';
import { deleteSubscription, findSubscription, listSubscriptions, reenableExpired } from './subscriptions-store.js';
import { createSubscription, editSubscription, enableSubscription, type SubscriptionInput } from './subscriptions.js';
import { dropPendingOfTarget } from './outbox-store.js';

const IdParams = Type.Object({ id: Type.String() });
const tags = ['Webhooks'];

function mayWrite(request: FastifyRequest): void {
  if (!can(request.actor, 'webhooks.write')) throw new ForbiddenError('Only an admin or the account owner may manage webhook subscriptions.');
}

/** /webhook_subscriptions (v3). */
export function registerWebhookRoutes(rest: FastifyInstance, ctx: Context, ports: () => NotifyPorts, kick: () => void): void {
  rest.get<{ Querystring: { limit?: number; offset?: number; total?: boolean; filter_type?: string; filter_id?: string } }>(
    '/webhook_subscriptions',
    {
      schema: {
        tags,
        querystring: Type.Object({
          ...PaginationQuery,
          filter_type: Type.Optional(Type.Union([Type.Literal('account'), Type.Literal('service'), Type.Literal('team')])),
          filter_id: Type.Optional(Type.String()),
        }),
        response: { 200: SubscriptionList },
      },
    },
    async (request) => {
      const page = readPage(request.query);
      const q = request.query;
      await reenableExpired(ctx.db, ctx.clock.now());
      const { items, count } = await listSubscriptions(ctx.db, { type: q.filter_type ? `${q.filter_type}_reference` : undefined, id: q.filter_id }, page);
      return pageEnvelope('webhook_subscriptions', items.map((s) => toApiSubscription(s)), page, count);
    },
  );

  rest.post<{ Body: { webhook_subscription: SubscriptionInput } }>(
    '/webhook_subscriptions',
    { schema: { tags, body: SubscriptionCreateInput, response: { 200: SubscriptionEnvelope } } },
    async (request) => {
      mayWrite(request);
      const s = await createSubscription(ctx.db, ctx, ports(), request.body.webhook_subscription);
      return { webhook_subscription: toApiSubscription(s, true) };
    },
  );

  rest.get<{ Params: { id: string } }>('/webhook_subscriptions/:id', { schema: { tags, params: IdParams, response: { 200: SubscriptionEnvelope } } }, async (request) => {
    await reenableExpired(ctx.db, ctx.clock.now());
    const s = await findSubscription(ctx.db, request.params.id);
    if (!s) throw new NotFoundError('Webhook subscription', request.params.id);
    return { webhook_subscription: toApiSubscription(s) };
  });

  rest.put<{ Params: { id: string }; Body: { webhook_subscription: SubscriptionInput } }>(
    '/webhook_subscriptions/:id',
    { schema: { tags, params: IdParams, body: SubscriptionUpdateInput, response: { 200: SubscriptionEnvelope } } },
    async (request) => {
      mayWrite(request);
      const s = await ctx.db.transaction().execute((tx) => editSubscription(tx, ctx, ports(), request.params.id, request.body.webhook_subscription));
      return { webhook_subscription: toApiSubscription(s) };
    },
  );

  rest.delete<{ Params: { id: string } }>('/webhook_subscriptions/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    mayWrite(request);
    const ok = await ctx.db.transaction().execute(async (tx) => {
      await dropPendingOfTarget(tx, request.params.id);
      return deleteSubscription(tx, request.params.id);
    });
    if (!ok) throw new NotFoundError('Webhook subscription', request.params.id);
    return reply.status(204).send();
  });

  rest.post<{ Params: { id: string } }>('/webhook_subscriptions/:id/enable', { schema: { tags, params: IdParams, response: { 200: SubscriptionEnvelope } } }, async (request) => {
    mayWrite(request);
    const s = await enableSubscription(ctx.db, ctx, request.params.id);
    return { webhook_subscription: toApiSubscription(s) };
  });

  rest.post<{ Params: { id: string } }>('/webhook_subscriptions/:id/ping', { schema: { tags, params: IdParams, response: { 202: Type.Null() } } }, async (request, reply) => {
    mayWrite(request);
    const s = await findSubscription(ctx.db, request.params.id);
    if (!s) throw new NotFoundError('Webhook subscription', request.params.id);
    await enqueuePing(ctx.db, ctx, s);
    kick();
    return reply.status(202).send();
  });
}
