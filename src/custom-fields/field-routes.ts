// Custom fields and their options, under an incident type (/incidents/types/{type}/custom_fields…),
// under the base type's deprecated paths (/incidents/custom_fields…), which PagerDuty still serves,
// and the services' (/services/custom_fields…).
import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { TypeBoxRequests } from '../http/schemas.js';
import type { Context } from '../context.js';
import type { Db } from '../store/db.js';
import { createField, deleteFieldOf, loadField, optionText, updateFieldOf } from './fields.js';
import { BASE_TYPE_ID, type CustomField, type Owner } from './model.js';
import { addOption, listOptionsOf, loadOption, removeOption, renameOption } from './options.js';
import { toApiField, toApiOption } from './present.js';
import { FieldBody, IncludeOptions, OptionBody, tags } from './schemas.js';
import { listFieldsOf, listOptions } from './store.js';
import { checkConfigWrite, loadType } from './types.js';

/**
 * One family of paths: where fields live (`prefix`, with `:type_id_or_name` or not), the path
 * parameters of its list, field and option paths, and whose fields a request names.
 */
interface Family {
  prefix: string;
  params: { list: TSchema; field: TSchema; option: TSchema };
  owner: (db: Db, params: Record<string, string>) => Promise<Owner>;
  selfOf: (f: CustomField) => string;
}

const ofType = async (db: Db, idOrName: string): Promise<Owner> => ({ namespace: 'incidents', typeId: (await loadType(db, idOrName)).id });

const Str = Type.String();
export const BASE_FAMILY: Family = {
  prefix: '/incidents/custom_fields',
  params: { list: Type.Object({}), field: Type.Object({ field_id: Str }), option: Type.Object({ field_id: Str, field_option_id: Str }) },
  owner: (db) => ofType(db, BASE_TYPE_ID),
  selfOf: (f) => `/incidents/custom_fields/${f.id}`,
};
export const SERVICE_FAMILY: Family = {
  prefix: '/services/custom_fields',
  params: BASE_FAMILY.params,
  owner: async () => ({ namespace: 'services', typeId: null }),
  selfOf: (f) => `/services/custom_fields/${f.id}`,
};
export const TYPE_FAMILY: Family = {
  prefix: '/incidents/types/:type_id_or_name/custom_fields',
  params: {
    list: Type.Object({ type_id_or_name: Str }),
    field: Type.Object({ type_id_or_name: Str, field_id: Str }),
    option: Type.Object({ type_id_or_name: Str, field_id: Str, field_option_id: Str }),
  },
  owner: (db, p) => ofType(db, p.type_id_or_name),
  selfOf: (f) => `/incidents/types/${f.typeId}/custom_fields/${f.id}`,
};

export function registerFieldRoutes(scope: FastifyInstance, ctx: Context, fam: Family, opts: { optionGet: boolean }): void {
  // Each family's path parameters differ; its schemas (fam.params) check them, handlers read them as strings.
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  const type = (db: Db, p: unknown) => fam.owner(db, p as Record<string, string>);
  const field = async (db: Db, p: unknown) => loadField(db, await type(db, p), (p as Record<string, string>).field_id);
  const optionId = (p: unknown) => (p as Record<string, string>).field_option_id;
  const fieldId = (p: unknown) => (p as Record<string, string>).field_id;
  const render = (f: CustomField, options?: Awaited<ReturnType<typeof listOptions>>) => toApiField(ctx.urls, f, fam.selfOf(f), options);
  const wantsOptions = (q: { 'include[]'?: string[] }) => (q['include[]'] ?? []).includes('field_options');

  rest.get(fam.prefix, { schema: { tags, params: fam.params.list, querystring: IncludeOptions } }, async (request) => {
    const fields = await listFieldsOf(ctx.db, await type(ctx.db, request.params));
    const options = wantsOptions(request.query) ? await listOptions(ctx.db, fields.map((f) => f.id)) : undefined;
    return { fields: fields.map((f) => render(f, options)) };
  });
  rest.post(fam.prefix, { schema: { tags, params: fam.params.list, body: FieldBody } }, async (request, reply) => {
    const made = await ctx.db.transaction().execute(async (tx) => createField(tx, ctx, request.actor, await type(tx, request.params), request.body.field));
    return reply.status(201).send({ field: render(made.field, made.options) });
  });
  rest.get(`${fam.prefix}/:field_id`, { schema: { tags, params: fam.params.field, querystring: IncludeOptions } }, async (request) => {
    const f = await field(ctx.db, request.params);
    return { field: render(f, wantsOptions(request.query) ? await listOptions(ctx.db, [f.id]) : undefined) };
  });
  rest.put(`${fam.prefix}/:field_id`, { schema: { tags, params: fam.params.field, body: FieldBody } }, async (request) => {
    return ctx.db.transaction().execute(async (tx) => {
      const f = await updateFieldOf(tx, ctx, request.actor, await type(tx, request.params), fieldId(request.params), request.body.field);
      return { field: render(f, await listOptions(tx, [f.id])) };
    });
  });
  rest.delete(`${fam.prefix}/:field_id`, { schema: { tags, params: fam.params.field, response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute(async (tx) => deleteFieldOf(tx, request.actor, await type(tx, request.params), fieldId(request.params)));
    return reply.status(204).send(null);
  });

  const options = `${fam.prefix}/:field_id/field_options`;
  rest.get(options, { schema: { tags, params: fam.params.field } }, async (request) => ({
    field_options: (await listOptionsOf(ctx.db, await field(ctx.db, request.params))).map(toApiOption),
  }));
  rest.post(options, { schema: { tags, params: fam.params.field, body: OptionBody } }, async (request, reply) => {
    const o = await ctx.db.transaction().execute(async (tx) => {
      checkConfigWrite(request.actor);
      const f = await field(tx, request.params);
      return addOption(tx, ctx, f, optionText(f.namespace, request.body.field_option));
    });
    return reply.status(201).send({ field_option: toApiOption(o) });
  });
  if (opts.optionGet) {
    rest.get(`${options}/:field_option_id`, { schema: { tags, params: fam.params.option } }, async (request) => ({
      field_option: toApiOption(await loadOption(ctx.db, await field(ctx.db, request.params), optionId(request.params))),
    }));
  }
  rest.put(`${options}/:field_option_id`, { schema: { tags, params: fam.params.option, body: OptionBody } }, async (request) => {
    const o = await ctx.db.transaction().execute(async (tx) => {
      checkConfigWrite(request.actor);
      const f = await field(tx, request.params);
      return renameOption(tx, ctx, f, optionId(request.params), optionText(f.namespace, request.body.field_option));
    });
    return { field_option: toApiOption(o) };
  });
  rest.delete(`${options}/:field_option_id`, { schema: { tags, params: fam.params.option, response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute(async (tx) => {
      checkConfigWrite(request.actor);
      await removeOption(tx, ctx, await field(tx, request.params), optionId(request.params));
    });
    return reply.status(204).send(null);
  });
}
