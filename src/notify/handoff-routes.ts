// /users/{id}/oncall_handoff_notification_rules: PagerDuty's paths, bodies and status codes. Reads as
// a user's contact methods (any authenticated actor); writes as editing the user (assertMayEdit).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { Urls } from '../http/urls.js';
import { findContactMethodById } from './contacts-store.js';
import { assertMayEdit, requireUser } from './contacts.js';
import type { HandoffRule } from './handoff-model.js';
import { createHandoffRule, editHandoffRule, type HandoffRuleInput } from './handoff-rules.js';
import { deleteHandoffRule, findHandoffRule, listHandoffRulesOfUser } from './handoff-store.js';
import type { ContactMethod } from './model.js';
import { contactMethodReference } from './present.js';
import { HandoffRuleInputSchema, HandoffRuleSchema } from './schemas.js';

const UserParams = Type.Object({ id: Type.String() });
const RuleParams = Type.Object({ id: Type.String(), oncall_handoff_notification_rule_id: Type.String() });
const Envelope = Type.Object({ oncall_handoff_notification_rule: HandoffRuleSchema });
const Body = Type.Object({ oncall_handoff_notification_rule: HandoffRuleInputSchema });
const tags = ['Users'];

export function toApiHandoffRule(urls: Urls, r: HandoffRule, cm: ContactMethod | null) {
  return {
    id: r.id,
    type: 'oncall_handoff_notification_rule',
    handoff_type: r.handoffType,
    notify_advance_in_minutes: r.notifyAdvanceInMinutes,
    contact_method: cm ? contactMethodReference(urls, cm) : { id: r.contactMethodId, type: 'contact_method_reference', summary: null, self: null, html_url: null },
  };
}

type P = { id: string; oncall_handoff_notification_rule_id: string };

export function registerHandoffRuleRoutes(rest: FastifyInstance, ctx: Context): void {
  const path = '/users/:id/oncall_handoff_notification_rules';
  const one = `${path}/:oncall_handoff_notification_rule_id`;

  rest.get<{ Params: { id: string } }>(path, { schema: { tags, params: UserParams, response: { 200: Type.Object({ oncall_handoff_notification_rules: Type.Array(HandoffRuleSchema) }) } } }, async (request) => {
    await requireUser(ctx.db, request.params.id);
    const rules = await listHandoffRulesOfUser(ctx.db, request.params.id);
    const out = [];
    for (const r of rules) out.push(toApiHandoffRule(ctx.urls, r, await findContactMethodById(ctx.db, r.contactMethodId)));
    return { oncall_handoff_notification_rules: out };
  });

  rest.post<{ Params: { id: string }; Body: { oncall_handoff_notification_rule: HandoffRuleInput } }>(
    path,
    { schema: { tags, params: UserParams, body: Body, response: { 201: Envelope } } },
    async (request, reply) => {
      await assertMayEdit(ctx.db, request.actor, request.params.id);
      const { rule, contact } = await ctx.db.transaction().execute((tx) => createHandoffRule(tx, ctx, request.params.id, request.body.oncall_handoff_notification_rule));
      return reply.status(201).send({ oncall_handoff_notification_rule: toApiHandoffRule(ctx.urls, rule, contact) });
    },
  );

  rest.get<{ Params: P }>(one, { schema: { tags, params: RuleParams, response: { 200: Envelope } } }, async (request) => {
    const r = await findHandoffRule(ctx.db, request.params.id, request.params.oncall_handoff_notification_rule_id);
    if (!r) throw new NotFoundError('Handoff notification rule', request.params.oncall_handoff_notification_rule_id);
    return { oncall_handoff_notification_rule: toApiHandoffRule(ctx.urls, r, await findContactMethodById(ctx.db, r.contactMethodId)) };
  });

  rest.put<{ Params: P; Body: { oncall_handoff_notification_rule: HandoffRuleInput } }>(one, { schema: { tags, params: RuleParams, body: Body, response: { 200: Envelope } } }, async (request) => {
    await assertMayEdit(ctx.db, request.actor, request.params.id);
    const { rule, contact } = await ctx.db
      .transaction()
      .execute((tx) => editHandoffRule(tx, ctx, request.params.id, request.params.oncall_handoff_notification_rule_id, request.body.oncall_handoff_notification_rule));
    return { oncall_handoff_notification_rule: toApiHandoffRule(ctx.urls, rule, contact) };
  });

  rest.delete<{ Params: P }>(one, { schema: { tags, params: RuleParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await assertMayEdit(ctx.db, request.actor, request.params.id);
    if (!(await deleteHandoffRule(ctx.db, request.params.id, request.params.oncall_handoff_notification_rule_id))) {
      throw new NotFoundError('Handoff notification rule', request.params.oncall_handoff_notification_rule_id);
    }
    return reply.status(204).send();
  });
}
