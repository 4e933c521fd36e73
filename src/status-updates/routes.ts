// /incidents/{id}/status_updates (PagerDuty's POST; GET, the timeline, is Tocsin's) and its
// subscribers (PagerDuty's POST/GET …/subscribers and POST …/unsubscribe).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { findUsersByIds, userReference } from '../accounts/index.js';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { requesterId, type Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { AnyJson, ErrorSchema, Nullable, NullableRef, PageFields, PaginationQuery } from '../http/schemas.js';
import { checkWrite, findIncidentByIdOrNumber, type Channel } from '../incidents/index.js';
import type { Db } from '../store/db.js';
import type { StatusUpdate, Subscriber } from './model.js';
import { publishStatusUpdate, subscribe, unsubscribe } from './publish.js';
import { listStatusUpdates, listSubscribers } from './store.js';
import { registerSubscriptionRoutes } from './subscription-routes.js';

const IdParams = Type.Object({ id: Type.String() });
const SubscriberIn = Type.Object({ subscriber_id: Type.String({ minLength: 1 }), subscriber_type: Type.Union([Type.Literal('user'), Type.Literal('team')]) });
const SubscribersBody = Type.Object({ subscribers: Type.Array(SubscriberIn, { minItems: 1 }) });
const UpdateBody = Type.Object({ message: Type.String(), subject: Type.Optional(Type.String()), html_message: Type.Optional(Type.String()) });
const StatusUpdateOut = Type.Object({
  id: Type.String(),
  type: Type.String(),
  message: Type.String(),
  sender: NullableRef,
  created_at: Type.String(),
  html_message: Nullable(Type.String()),
  subject: Nullable(Type.String()),
});
const SubscriberOut = Type.Object({
  subscriber_id: Type.String(),
  subscriber_type: Type.Union([Type.Literal('user'), Type.Literal('team')]),
  has_indirect_subscription: Type.Boolean(),
  subscribed_via: AnyJson,
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Incidents'];

async function renderUpdates(db: Db, urls: Context['urls'], list: StatusUpdate[]) {
  const ids = [...new Set(list.flatMap((u) => (u.senderId ? [u.senderId] : [])))];
  const names = new Map((await findUsersByIds(db, ids)).map((u) => [u.id, u.name]));
  return list.map((u) => ({
    id: u.id,
    type: 'status_update',
    message: u.message,
    sender: u.senderId ? userReference(urls, { id: u.senderId, name: names.get(u.senderId) ?? u.senderId }) : null,
    created_at: iso(u.createdAt),
    html_message: u.htmlMessage,
    subject: u.subject,
  }));
}

export function registerStatusUpdateRoutes(rest: FastifyInstance, ctx: Context, auth: Authenticator): void {
  registerSubscriptionRoutes(rest, ctx);
  const channel = (request: FastifyRequest): Channel => ({ type: request.actor.principal.startsWith('session:') ? 'website' : 'api' });
  const subscribers = (b: Static<typeof SubscribersBody>): Subscriber[] => b.subscribers.map((s) => ({ type: s.subscriber_type, id: s.subscriber_id }));

  rest.post('/incidents/:id/status_updates', { schema: { tags, params: IdParams, body: UpdateBody, response: { 200: Type.Object({ status_update: StatusUpdateOut }), ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    const b = request.body as Static<typeof UpdateBody>;
    const userId = await requesterId(request, auth);
    return ctx.db.transaction().execute(async (tx) => {
      const i = await findIncidentByIdOrNumber(tx, id);
      await checkWrite(tx, request.actor, i.serviceId);
      const u = await publishStatusUpdate(tx, ctx, i.id, { message: b.message, subject: b.subject, htmlMessage: b.html_message }, { type: 'user', id: userId }, channel(request));
      return { status_update: (await renderUpdates(tx, ctx.urls, [u]))[0] };
    });
  });

  rest.get(
    '/incidents/:id/status_updates',
    { schema: { tags, params: IdParams, querystring: Type.Object(PaginationQuery), response: { 200: Type.Object({ status_updates: Type.Array(StatusUpdateOut), ...PageFields }), ...errors } } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const page = readPage(request.query as { limit?: number; offset?: number; total?: boolean });
      const i = await findIncidentByIdOrNumber(ctx.db, id);
      const { items, count } = await listStatusUpdates(ctx.db, i.id, page);
      return pageEnvelope('status_updates', await renderUpdates(ctx.db, ctx.urls, items), page, count);
    },
  );

  rest.get(
    '/incidents/:id/status_updates/subscribers',
    { schema: { tags, params: IdParams, response: { 200: Type.Object({ subscribers: Type.Array(SubscriberOut), ...PageFields }), ...errors } } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const i = await findIncidentByIdOrNumber(ctx.db, id);
      const list = await listSubscribers(ctx.db, i.id);
      const rows = list.map((s) => ({ subscriber_id: s.id, subscriber_type: s.type, has_indirect_subscription: false, subscribed_via: null }));
      return { subscribers: rows, limit: Math.max(rows.length, 100), offset: 0, more: false, total: rows.length };
    },
  );

  // Anyone may subscribe or unsubscribe only themselves (a stakeholder following an incident); anything
  // else needs incidents.write on the incident's service.
  const checkSubscribers = async (db: Db, request: FastifyRequest, serviceId: string, list: Subscriber[]) => {
    const self = request.actor.userId;
    if (self && list.every((s) => s.type === 'user' && s.id === self)) return;
    await checkWrite(db, request.actor, serviceId);
  };

  rest.post(
    '/incidents/:id/status_updates/subscribers',
    { schema: { tags, params: IdParams, body: SubscribersBody, response: { 200: Type.Object({ subscriptions: Type.Array(AnyJson) }), ...errors } } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const list = subscribers(request.body as Static<typeof SubscribersBody>);
      return ctx.db.transaction().execute(async (tx) => {
        const i = await findIncidentByIdOrNumber(tx, id);
        await checkSubscribers(tx, request, i.serviceId, list);
        const out = await subscribe(tx, ctx, i.id, list);
        return { subscriptions: out.map((s) => ({ subscribable_id: i.id, subscribable_type: 'incident', subscriber_id: s.id, subscriber_type: s.type, result: s.result })) };
      });
    },
  );

  rest.post(
    '/incidents/:id/status_updates/unsubscribe',
    { schema: { tags, params: IdParams, body: SubscribersBody, response: { 200: Type.Object({ deleted_count: Type.Integer(), unauthorized_count: Type.Integer(), non_existent_count: Type.Integer() }), ...errors } } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const list = subscribers(request.body as Static<typeof SubscribersBody>);
      return ctx.db.transaction().execute(async (tx) => {
        const i = await findIncidentByIdOrNumber(tx, id);
        await checkSubscribers(tx, request, i.serviceId, list);
        return unsubscribe(tx, i.id, list);
      });
    },
  );
}
