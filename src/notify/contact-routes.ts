import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { IncludeQuery } from '../http/schemas.js';
import {
  deleteContactMethod,
  deleteNotificationRule,
  findContactMethod,
  findContactMethodById,
  findNotificationRule,
  listContactMethods,
  listNotificationRules,
} from './contacts-store.js';
import {
  assertMayEdit,
  createContactMethod,
  createNotificationRule,
  editContactMethod,
  editNotificationRule,
  requireUser,
  type ContactInput,
  type RuleInput,
} from './contacts.js';
import type { Urgency } from './model.js';
import { toApiContactMethod, toApiNotificationRule } from './present.js';
import { ContactMethodInput, ContactMethodSchema, NotificationRuleInput, NotificationRuleSchema } from './schemas.js';

const UserParams = Type.Object({ id: Type.String() });
const CmParams = Type.Object({ id: Type.String(), contact_method_id: Type.String() });
const RuleParams = Type.Object({ id: Type.String(), notification_rule_id: Type.String() });
const CmEnvelope = Type.Object({ contact_method: ContactMethodSchema });
const RuleEnvelope = Type.Object({ notification_rule: NotificationRuleSchema });
const tags = ['Users'];

/** /users/{id}/contact_methods and /users/{id}/notification_rules. */
export function registerContactRoutes(rest: FastifyInstance, ctx: Context): void {
  rest.get<{ Params: { id: string } }>(
    '/users/:id/contact_methods',
    { schema: { tags, params: UserParams, response: { 200: Type.Object({ contact_methods: Type.Array(ContactMethodSchema) }) } } },
    async (request) => {
      await requireUser(ctx.db, request.params.id);
      const list = await listContactMethods(ctx.db, request.params.id);
      return { contact_methods: list.map((c) => toApiContactMethod(ctx.urls, c)) };
    },
  );

  rest.post<{ Params: { id: string }; Body: { contact_method: ContactInput } }>(
    '/users/:id/contact_methods',
    { schema: { tags, params: UserParams, body: Type.Object({ contact_method: ContactMethodInput }), response: { 201: CmEnvelope } } },
    async (request, reply) => {
      await assertMayEdit(ctx.db, request.actor, request.params.id);
      const c = await createContactMethod(ctx.db, ctx, request.params.id, request.body.contact_method);
      return reply.status(201).send({ contact_method: toApiContactMethod(ctx.urls, c) });
    },
  );

  rest.get<{ Params: { id: string; contact_method_id: string } }>(
    '/users/:id/contact_methods/:contact_method_id',
    { schema: { tags, params: CmParams, response: { 200: CmEnvelope } } },
    async (request) => {
      const c = await findContactMethod(ctx.db, request.params.id, request.params.contact_method_id);
      if (!c) throw new NotFoundError('Contact method', request.params.contact_method_id);
      return { contact_method: toApiContactMethod(ctx.urls, c) };
    },
  );

  rest.put<{ Params: { id: string; contact_method_id: string }; Body: { contact_method: ContactInput } }>(
    '/users/:id/contact_methods/:contact_method_id',
    { schema: { tags, params: CmParams, body: Type.Object({ contact_method: ContactMethodInput }), response: { 200: CmEnvelope } } },
    async (request) => {
      await assertMayEdit(ctx.db, request.actor, request.params.id);
      const c = await editContactMethod(ctx.db, request.params.id, request.params.contact_method_id, request.body.contact_method);
      return { contact_method: toApiContactMethod(ctx.urls, c) };
    },
  );

  rest.delete<{ Params: { id: string; contact_method_id: string } }>(
    '/users/:id/contact_methods/:contact_method_id',
    { schema: { tags, params: CmParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await assertMayEdit(ctx.db, request.actor, request.params.id);
      const ok = await ctx.db.transaction().execute((tx) => deleteContactMethod(tx, request.params.id, request.params.contact_method_id));
      if (!ok) throw new NotFoundError('Contact method', request.params.contact_method_id);
      return reply.status(204).send();
    },
  );

  rest.get<{ Params: { id: string }; Querystring: { urgency?: 'high' | 'low' | 'all'; 'include[]'?: string[] } }>(
    '/users/:id/notification_rules',
    {
      schema: {
        tags,
        params: UserParams,
        querystring: Type.Object({
          urgency: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('low'), Type.Literal('all')])),
          'include[]': IncludeQuery(['contact_methods']),
        }),
        response: { 200: Type.Object({ notification_rules: Type.Array(NotificationRuleSchema) }) },
      },
    },
    async (request) => {
      await requireUser(ctx.db, request.params.id);
      // PagerDuty: "If not specified, defaults to high".
      const u = request.query.urgency ?? 'high';
      const rules = await listNotificationRules(ctx.db, request.params.id, u === 'all' ? undefined : (u as Urgency));
      const contacts = new Map((await listContactMethods(ctx.db, request.params.id)).map((c) => [c.id, c]));
      const include = (request.query['include[]'] ?? []).includes('contact_methods');
      return { notification_rules: rules.map((r) => toApiNotificationRule(ctx.urls, r, contacts.get(r.contactMethodId) ?? null, include)) };
    },
  );

  rest.post<{ Params: { id: string }; Body: { notification_rule: RuleInput } }>(
    '/users/:id/notification_rules',
    { schema: { tags, params: UserParams, body: Type.Object({ notification_rule: NotificationRuleInput }), response: { 201: RuleEnvelope } } },
    async (request, reply) => {
      await assertMayEdit(ctx.db, request.actor, request.params.id);
      const { rule, contact } = await createNotificationRule(ctx.db, ctx, request.params.id, request.body.notification_rule);
      return reply.status(201).send({ notification_rule: toApiNotificationRule(ctx.urls, rule, contact, false) });
    },
  );

  rest.get<{ Params: { id: string; notification_rule_id: string }; Querystring: { 'include[]'?: string[] } }>(
    '/users/:id/notification_rules/:notification_rule_id',
    { schema: { tags, params: RuleParams, querystring: Type.Object({ 'include[]': IncludeQuery(['contact_methods']) }), response: { 200: RuleEnvelope } } },
    async (request) => {
      const r = await findNotificationRule(ctx.db, request.params.id, request.params.notification_rule_id);
      if (!r) throw new NotFoundError('Notification rule', request.params.notification_rule_id);
      const include = (request.query['include[]'] ?? []).includes('contact_methods');
      return { notification_rule: toApiNotificationRule(ctx.urls, r, await findContactMethodById(ctx.db, r.contactMethodId), include) };
    },
  );

  rest.put<{ Params: { id: string; notification_rule_id: string }; Body: { notification_rule: RuleInput } }>(
    '/users/:id/notification_rules/:notification_rule_id',
    { schema: { tags, params: RuleParams, body: Type.Object({ notification_rule: NotificationRuleInput }), response: { 200: RuleEnvelope } } },
    async (request) => {
      await assertMayEdit(ctx.db, request.actor, request.params.id);
      const { rule, contact } = await editNotificationRule(ctx.db, request.params.id, request.params.notification_rule_id, request.body.notification_rule);
      return { notification_rule: toApiNotificationRule(ctx.urls, rule, contact, false) };
    },
  );

  rest.delete<{ Params: { id: string; notification_rule_id: string } }>(
    '/users/:id/notification_rules/:notification_rule_id',
    { schema: { tags, params: RuleParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await assertMayEdit(ctx.db, request.actor, request.params.id);
      if (!(await deleteNotificationRule(ctx.db, request.params.id, request.params.notification_rule_id))) {
        throw new NotFoundError('Notification rule', request.params.notification_rule_id);
      }
      return reply.status(204).send();
    },
  );
}
