// /alert_grouping_settings: list (cursor paging by id, `service_ids[]`), create, show, update, delete.
// The logic and the mapping onto services' alert_grouping_parameters are in grouping-settings.ts.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { ErrorSchema, Nullable, QueryArray, RefInput, ReferenceSchema } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import { changeGroupingSetting, createGroupingSetting, getGroupingSetting, removeGroupingSetting, type GroupingSettingInput } from './grouping-settings.js';
import { listGroupingSettings, type GroupingSetting } from './grouping-store.js';
import { serviceReference } from './present.js';
import { findServicesByIds } from './store.js';

const Config = Type.Record(Type.String(), Type.Unknown());
const SettingSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Nullable(Type.String()),
  description: Nullable(Type.String()),
  config: Config,
  services: Type.Array(ReferenceSchema),
  created_at: Type.String(),
  updated_at: Type.String(),
});
const Envelope = Type.Object({ alert_grouping_setting: SettingSchema });
const Body = Type.Object({
  alert_grouping_setting: Type.Object({
    name: Type.Optional(Nullable(Type.String())),
    description: Type.Optional(Nullable(Type.String())),
    type: Type.Optional(Type.String()),
    config: Type.Optional(Config),
    services: Type.Optional(Type.Array(RefInput)),
  }),
});
const IdParams = Type.Object({ id: Type.String() });
const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  after: Type.Optional(Type.String()),
  before: Type.Optional(Type.String()),
  total: Type.Optional(Type.Boolean()),
  'service_ids[]': QueryArray(Type.String()),
  service_ids: QueryArray(Type.String()),
});
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Alert Grouping Settings'];

function fromWire(b: Static<typeof Body>['alert_grouping_setting']): GroupingSettingInput {
  return { name: b.name, description: b.description, type: b.type, config: b.config, serviceIds: b.services?.map((s) => s.id) };
}

export function registerGroupingSettingRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const present = async (db: Db, list: GroupingSetting[]) => {
    const services = new Map((await findServicesByIds(db, [...new Set(list.flatMap((s) => s.serviceIds))])).map((s) => [s.id, s]));
    return list.map((s) => ({
      id: s.id,
      type: s.type,
      name: s.name,
      description: s.description,
      config: s.config,
      services: s.serviceIds.flatMap((id) => (services.has(id) ? [serviceReference(ctx.urls, services.get(id)!)] : [])),
      created_at: iso(s.createdAt)!,
      updated_at: iso(s.updatedAt)!,
    }));
  };
  const one = async (db: Db, s: GroupingSetting) => ({ alert_grouping_setting: (await present(db, [s]))[0] });

  rest.get(
    '/alert_grouping_settings',
    {
      schema: {
        tags,
        querystring: ListQuery,
        response: { 200: Type.Object({ alert_grouping_settings: Type.Array(SettingSchema), after: Nullable(Type.String()), before: Nullable(Type.String()), limit: Type.Integer(), total: Nullable(Type.Integer()) }), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = Math.min(q.limit ?? 25, 100);
      const serviceIds = [...(q['service_ids[]'] ?? []), ...(q.service_ids ?? [])];
      const { items, count } = await listGroupingSettings(ctx.db, { after: q.after, serviceIds, limit });
      const page = items.slice(0, limit);
      // Forward paging only: `before` is the cursor the client came from (null on the first page).
      return {
        alert_grouping_settings: await present(ctx.db, page),
        after: items.length > limit ? page[page.length - 1].id : null,
        before: q.after ?? null,
        limit,
        total: q.total ? count : null,
      };
    },
  );

  rest.post('/alert_grouping_settings', { schema: { tags, body: Body, response: { 201: Envelope, ...errors } } }, async (request, reply) => {
    const out = await ctx.db.transaction().execute(async (tx) => one(tx, await createGroupingSetting(tx, ctx, request.actor, fromWire(request.body.alert_grouping_setting))));
    return reply.status(201).send(out);
  });

  rest.get('/alert_grouping_settings/:id', { schema: { tags, params: IdParams, response: { 200: Envelope, ...errors } } }, async (request) =>
    one(ctx.db, await getGroupingSetting(ctx.db, request.params.id)),
  );

  rest.put('/alert_grouping_settings/:id', { schema: { tags, params: IdParams, body: Body, response: { 200: Envelope, ...errors } } }, async (request) =>
    ctx.db.transaction().execute(async (tx) => one(tx, await changeGroupingSetting(tx, ctx, request.actor, request.params.id, fromWire(request.body.alert_grouping_setting)))),
  );

  rest.delete('/alert_grouping_settings/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => removeGroupingSetting(tx, ctx, request.actor, request.params.id));
    return reply.status(204).send(null);
  });
}
