// PagerDuty's notification subscriptions: a business service's subscribers (GET/POST …/subscribers,
// POST …/unsubscribe) and a user's or team's subscriptions (GET/POST …/notification_subscriptions,
// POST …/notification_subscriptions/unsubscribe). Anyone may (un)subscribe themselves; subscribing
// others to a business service needs services.update on it, changing a user's subscriptions needs
// users.write, a team's teams.write on the team.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { can, findTeamsByIds, findUsersByIds, type Action } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { PaginationQuery } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import type { Subscribable, Subscriber } from './model.js';
import {
  businessServiceOrThrow,
  businessServiceSubscribers,
  subscribeSubscriber,
  subscribeToBusinessService,
  subscriptionsOf,
  unsubscribeFromBusinessService,
  unsubscribeSubscriber,
} from './subscriptions.js';

const IdParams = Type.Object({ id: Type.String() });
const SubscribersBody = Type.Object({ subscribers: Type.Array(Type.Object({ subscriber_id: Type.String({ minLength: 1 }), subscriber_type: Type.Union([Type.Literal('user'), Type.Literal('team')]) }), { minItems: 1 }) });
const SubscribablesBody = Type.Object({
  subscribables: Type.Array(Type.Object({ subscribable_id: Type.String({ minLength: 1 }), subscribable_type: Type.Union([Type.Literal('incident'), Type.Literal('business_service')]) }), { minItems: 1 }),
});
const DENIED = 'You may only change your own subscriptions, or those of users and teams you manage.';

const subscribers = (b: Static<typeof SubscribersBody>): Subscriber[] => b.subscribers.map((s) => ({ type: s.subscriber_type, id: s.subscriber_id }));
const subscribables = (b: Static<typeof SubscribablesBody>): Subscribable[] => b.subscribables.map((s) => ({ type: s.subscribable_type, id: s.subscribable_id }));

/** An offset page over an in-memory list, in PagerDuty's envelope. */
function paged<K extends string, T>(key: K, all: T[], q: { limit?: number; offset?: number; total?: boolean }) {
  const page = readPage(q);
  return pageEnvelope(key, all.slice(page.offset, page.offset + page.limit), page, all.length);
}

export function registerSubscriptionRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const Query = Type.Object(PaginationQuery);

  const checkBusiness = async (db: Db, request: FastifyRequest, id: string, list: Subscriber[]) => {
    const b = await businessServiceOrThrow(db, id);
    const self = request.actor.userId;
    if (self && list.every((s) => s.type === 'user' && s.id === self)) return;
    if (!can(request.actor, 'services.update', b.teamId ? [b.teamId] : [])) throw new ForbiddenError(DENIED);
  };
  rest.get('/business_services/:id/subscribers', { schema: { tags: ['Business Services'], params: IdParams, querystring: Query } }, async (request) => {
    const list = await businessServiceSubscribers(ctx.db, request.params.id);
    return paged('subscribers', list.map((s) => ({ subscriber_id: s.id, subscriber_type: s.type })), request.query);
  });
  rest.post('/business_services/:id/subscribers', { schema: { tags: ['Business Services'], params: IdParams, body: SubscribersBody } }, async (request) => {
    const list = subscribers(request.body);
    return ctx.db.transaction().execute(async (tx) => {
      await checkBusiness(tx, request, request.params.id, list);
      const out = await subscribeToBusinessService(tx, ctx.clock, request.params.id, list);
      return { subscriptions: out.map((s) => ({ subscriber_id: s.id, subscriber_type: s.type, subscribable_id: request.params.id, subscribable_type: 'business_service' as const, result: s.result })) };
    });
  });
  rest.post('/business_services/:id/unsubscribe', { schema: { tags: ['Business Services'], params: IdParams, body: SubscribersBody } }, async (request) => {
    const list = subscribers(request.body);
    return ctx.db.transaction().execute(async (tx) => {
      await checkBusiness(tx, request, request.params.id, list);
      return unsubscribeFromBusinessService(tx, request.params.id, list);
    });
  });

  const kinds = [
    { path: 'users', type: 'user', tag: 'Users', action: 'users.write', exists: async (db: Db, id: string) => (await findUsersByIds(db, [id])).some((u) => u.deletedAt === null) },
    { path: 'teams', type: 'team', tag: 'Teams', action: 'teams.write', exists: async (db: Db, id: string) => (await findTeamsByIds(db, [id])).length === 1 },
  ] as const;
  for (const k of kinds) {
    const entity = k.type === 'user' ? 'User' : 'Team';
    const subscriberOf = async (db: Db, request: FastifyRequest, id: string, write: boolean): Promise<Subscriber> => {
      if (!(await k.exists(db, id))) throw new NotFoundError(entity, id);
      const self = k.type === 'user' && request.actor.userId === id;
      if (write && !self && !can(request.actor, k.action as Action, k.type === 'team' ? [id] : [])) throw new ForbiddenError(DENIED);
      return { type: k.type, id };
    };
    rest.get(`/${k.path}/:id/notification_subscriptions`, { schema: { tags: [k.tag], params: IdParams, querystring: Query } }, async (request) => {
      const s = await subscriberOf(ctx.db, request, request.params.id, false);
      const list = await subscriptionsOf(ctx.db, s);
      const rows = list.map((x) => ({ subscription: { subscriber_id: s.id, subscriber_type: s.type, subscribable_id: x.id, subscribable_type: x.type }, subscribable_name: x.name }));
      return paged('subscriptions', rows, request.query);
    });
    rest.post(`/${k.path}/:id/notification_subscriptions`, { schema: { tags: [k.tag], params: IdParams, body: SubscribablesBody } }, async (request) =>
      ctx.db.transaction().execute(async (tx) => {
        const s = await subscriberOf(tx, request, request.params.id, true);
        const out = await subscribeSubscriber(tx, ctx.clock, s, subscribables(request.body));
        return { subscriptions: out.map((x) => ({ subscriber_id: s.id, subscriber_type: s.type, subscribable_id: x.id, subscribable_type: x.type, result: x.result })) };
      }),
    );
    rest.post(`/${k.path}/:id/notification_subscriptions/unsubscribe`, { schema: { tags: [k.tag], params: IdParams, body: SubscribablesBody } }, async (request) =>
      ctx.db.transaction().execute(async (tx) => unsubscribeSubscriber(tx, await subscriberOf(tx, request, request.params.id, true), subscribables(request.body))),
    );
  }
}
