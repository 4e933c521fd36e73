// /incidents/{id}/responder_requests: PagerDuty's POST (ask) and PUT …/cancel, and Tocsin's own
// POST …/accept and …/decline for the invited user (PagerDuty answers them only in its apps; see
// docs/response.md).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Context } from '../context.js';
import { requesterId, type Authenticator } from '../http/auth.js';
import { AnyJson, ErrorSchema } from '../http/schemas.js';
import { checkWrite, findIncidentByIdOrNumber, type Channel } from '../incidents/index.js';
import type { TargetInput } from './model.js';
import { ResponderNames, toApiResponder, toApiResponderRequest } from './present.js';
import { cancelResponderRequests, replyToResponderRequest, requestResponders } from './request.js';
import { listRequests, listResponders } from './store.js';

const TargetType = Type.Union([Type.Literal('user_reference'), Type.Literal('user'), Type.Literal('escalation_policy_reference'), Type.Literal('escalation_policy')]);
const RequestBody = Type.Object({
  requester_id: Type.String({ minLength: 1 }),
  message: Type.String(),
  responder_request_targets: Type.Array(Type.Object({ responder_request_target: Type.Object({ id: Type.String({ minLength: 1 }), type: TargetType }) })),
});
const CancelBody = Type.Object({
  requester_id: Type.String({ minLength: 1 }),
  responder_request_targets: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), type: TargetType })),
});
const IdParams = Type.Object({ id: Type.String() });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Incidents'];

const target = (x: { id: string; type: string }): TargetInput => ({ id: x.id, type: x.type.startsWith('user') ? 'user' : 'escalation_policy' });

export function registerResponderRoutes(rest: FastifyInstance, ctx: Context, auth: Authenticator): void {
  const channel = (request: FastifyRequest): Channel => ({ type: request.actor.principal.startsWith('session:') ? 'website' : 'api' });

  rest.post(
    '/incidents/:id/responder_requests',
    { schema: { tags, params: IdParams, body: RequestBody, response: { 200: Type.Object({ responder_request: AnyJson }), ...errors } } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const b = request.body as Static<typeof RequestBody>;
      return ctx.db.transaction().execute(async (tx) => {
        const i = await findIncidentByIdOrNumber(tx, id);
        await checkWrite(tx, request.actor, i.serviceId);
        const q = await requestResponders(tx, ctx, i.id, { requesterId: b.requester_id, message: b.message, targets: b.responder_request_targets.map((x) => target(x.responder_request_target)) }, channel(request));
        const [requests, responders] = [await listRequests(tx, [i.id]), await listResponders(tx, [i.id])];
        const n = await ResponderNames.load(tx, ctx.urls, [i], requests, responders);
        return { responder_request: toApiResponderRequest(n, q, responders, requests) };
      });
    },
  );

  rest.put(
    '/incidents/:id/responder_requests/cancel',
    { schema: { tags, params: IdParams, body: CancelBody, response: { 200: Type.Object({ responder_request_targets: Type.Array(AnyJson) }), ...errors } } },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const b = request.body as Static<typeof CancelBody>;
      return ctx.db.transaction().execute(async (tx) => {
        const i = await findIncidentByIdOrNumber(tx, id);
        await checkWrite(tx, request.actor, i.serviceId);
        const out = await cancelResponderRequests(tx, ctx, i.id, b.responder_request_targets.map(target), { type: 'user', id: b.requester_id }, channel(request));
        return { responder_request_targets: out };
      });
    },
  );

  for (const [verb, state] of [['accept', 'joined'], ['decline', 'declined']] as const) {
    rest.post(
      `/incidents/:id/responder_requests/${verb}`,
      { schema: { tags, params: IdParams, response: { 200: Type.Object({ incident_responder: AnyJson }), ...errors } } },
      async (request) => {
        const { id } = request.params as Static<typeof IdParams>;
        // The invited user answers for themselves: a user token or session, or an account token's From.
        const userId = await requesterId(request, auth);
        return ctx.db.transaction().execute(async (tx) => {
          const i = await findIncidentByIdOrNumber(tx, id);
          const r = await replyToResponderRequest(tx, ctx, i.id, userId, state, channel(request));
          const requests = await listRequests(tx, [i.id]);
          const n = await ResponderNames.load(tx, ctx.urls, [i], requests, [r]);
          return { incident_responder: toApiResponder(n, r, requests) };
        });
      },
    );
  }
}
