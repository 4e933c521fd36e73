// Writing change events through the REST API: POST /change_events takes the Events API v2 change
// event (PagerDuty's REST document points there) and answers as /v2/change/enqueue does, after the
// same validation, routing-key lookup, per-key budget and durable commit; the REST token is needed
// on top of the routing key. PUT /change_events/{id} edits what the sender said (summary, source,
// links, images, custom_details); its service, integration, routing key and timestamp stay, since
// correlation with incidents rests on them. Editing needs the right to change the event's service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { can } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError, RateLimitedError } from '../errors.js';
import { AnyJson, ErrorSchema, Nullable } from '../http/schemas.js';
import { findServiceById } from '../services/index.js';
import type { Events } from './ingest.js';
import { findChangeEventById, updateChangeEvent } from './store.js';
import { isObject, validateChange } from './validate.js';
import type { ChangeEvent } from './model.js';

/** What POST /change_events needs of the event path. */
export type ChangeIngest = Pick<Events, 'routing' | 'limiter' | 'ingestChangeEvent'>;

const Link = Type.Object({ href: Type.String({ minLength: 1 }), text: Type.Optional(Type.String()) });
const Image = Type.Object({ src: Type.String({ minLength: 1 }), href: Type.Optional(Type.String()), alt: Type.Optional(Type.String()) });
const UpdateBody = Type.Object({
  change_event: Type.Object({
    summary: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    source: Type.Optional(Nullable(Type.String())),
    links: Type.Optional(Type.Array(Link)),
    images: Type.Optional(Type.Array(Image)),
    custom_details: Type.Optional(AnyJson),
  }),
});
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

export function registerChangeWriteRoutes(scope: FastifyInstance, ctx: Context, ingest: ChangeIngest, present: (e: ChangeEvent) => Promise<unknown>): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();

  rest.post(
    '/change_events',
    { schema: { tags: ['Change Events'], body: AnyJson, response: { 202: Type.Object({ status: Type.String(), message: Type.String() }), ...errors } } },
    async (request, reply) => {
      if (!isObject(request.body)) throw new InvalidInputError('The body must be a change event object.');
      const checked = validateChange(request.body);
      if (!checked.ok) throw new InvalidInputError(checked.errors);
      const target = await ingest.routing.lookup(checked.value.routingKey);
      if (!target) throw new InvalidInputError('Invalid routing key');
      const limit = ingest.limiter.take(checked.value.routingKey, 1);
      if (limit.granted === 0) throw new RateLimitedError(limit.resetSeconds);
      await ingest.ingestChangeEvent(target, checked.value);
      return reply.code(202).send({ status: 'success', message: 'Change event processed' });
    },
  );

  rest.put(
    '/change_events/:id',
    { schema: { tags: ['Change Events'], params: Type.Object({ id: Type.String() }), body: UpdateBody, response: { 200: Type.Object({ change_event: AnyJson }), ...errors } } },
    async (request) => {
      const e = await findChangeEventById(ctx.db, request.params.id);
      if (!e) throw new NotFoundError('Change event', request.params.id);
      const service = await findServiceById(ctx.db, e.serviceId);
      if (!can(request.actor, 'services.update', service?.teamIds ?? [])) throw new ForbiddenError("You may not change this service's change events.");
      const b = request.body.change_event;
      const next: ChangeEvent = {
        ...e,
        summary: b.summary ?? e.summary,
        source: b.source === undefined ? e.source : b.source,
        links: b.links ?? e.links,
        images: b.images ?? e.images,
        customDetails: b.custom_details === undefined ? e.customDetails : b.custom_details,
      };
      await updateChangeEvent(ctx.db, next);
      return { change_event: await present(next) };
    },
  );
}
