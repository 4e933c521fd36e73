// /users/{id}/status_update_notification_rules: which of a user's contact methods get the status
// updates of incidents they follow (status-update-mail.ts sends to exactly these; none, none sent).
// Tocsin sends status updates by email only, so a rule must name one of the user's email contact
// methods (400 otherwise). Reads as a user's contact methods (any authenticated actor); writes as
// editing the user (assertMayEdit). `include[]=contact_methods` puts the full contact method in.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { AnyJson, ErrorSchema, QueryArray, RefInput, type TypeBoxRequests } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import { findContactMethod, findContactMethodById } from './contacts-store.js';
import { assertMayEdit, requireUser } from './contacts.js';
import { contactMethodReference, toApiContactMethod } from './present.js';
import { deleteStatusRule, findStatusRule, insertStatusRule, listStatusRules, updateStatusRuleContact, type StatusRule } from './status-rules-store.js';

const UserParams = Type.Object({ id: Type.String() });
const RuleParams = Type.Object({ id: Type.String(), status_update_notification_rule_id: Type.String() });
const Include = Type.Object({ 'include[]': QueryArray(Type.Literal('contact_methods')), include: QueryArray(Type.Literal('contact_methods')) });
const RuleSchema = Type.Object({ id: Type.String(), type: Type.String(), summary: Type.String(), self: Type.String(), html_url: Type.Null(), contact_method: AnyJson, created_at: Type.String() });
const Envelope = Type.Object({ status_update_notification_rule: RuleSchema });
// The reference's schema names the single rule `notification_rule` on GET and PUT while its PUT example
// says `status_update_notification_rule`: both keys are answered, so either reading works.
const BothKeys = Type.Object({ status_update_notification_rule: RuleSchema, notification_rule: RuleSchema });
const Body = Type.Object({ status_update_notification_rule: Type.Object({ contact_method: RefInput }) });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Users'];

async function emailContactOf(db: Db, userId: string, id: string) {
  const cm = await findContactMethod(db, userId, id);
  if (!cm) throw new InvalidInputError(`Contact method ${id} is not one of this user's.`);
  if (cm.type !== 'email_contact_method') throw new InvalidInputError('Tocsin sends status updates by email: the contact method must be an email contact method.');
  return cm;
}

export function registerStatusRuleRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  const path = '/users/:id/status_update_notification_rules';
  const one = `${path}/:status_update_notification_rule_id`;
  const present = async (r: StatusRule, q: { 'include[]'?: string[]; include?: string[] }) => {
    const cm = await findContactMethodById(ctx.db, r.contactMethodId);
    const full = [...(q['include[]'] ?? []), ...(q.include ?? [])].includes('contact_methods');
    return {
      id: r.id,
      type: 'status_update_notification_rule',
      summary: `contact method ${r.contactMethodId} used as status_update_notification_rule`,
      self: ctx.urls.api(`/users/${r.userId}/status_update_notification_rules/${r.id}`),
      html_url: null,
      contact_method: cm ? (full ? toApiContactMethod(ctx.urls, cm) : contactMethodReference(ctx.urls, cm)) : { id: r.contactMethodId, type: 'contact_method_reference', summary: null, self: null, html_url: null },
      created_at: new Date(r.createdAt).toISOString(),
    };
  };
  const ruleOf = async (userId: string, id: string) => {
    const r = await findStatusRule(ctx.db, userId, id);
    if (!r) throw new NotFoundError('Status update notification rule', id);
    return r;
  };

  rest.get(path, { schema: { tags, params: UserParams, querystring: Include, response: { 200: Type.Object({ status_update_notification_rules: Type.Array(RuleSchema) }), ...errors } } }, async (request) => {
    await requireUser(ctx.db, request.params.id);
    const out = [];
    for (const r of await listStatusRules(ctx.db, request.params.id)) out.push(await present(r, request.query));
    return { status_update_notification_rules: out };
  });

  rest.post(path, { schema: { tags, params: UserParams, body: Body, response: { 201: Envelope, ...errors } } }, async (request, reply) => {
    const userId = request.params.id;
    await assertMayEdit(ctx.db, request.actor, userId);
    const cm = await emailContactOf(ctx.db, userId, request.body.status_update_notification_rule.contact_method.id);
    const rule: StatusRule = { id: ctx.ids.id(), userId, contactMethodId: cm.id, createdAt: ctx.clock.now() };
    if (!(await insertStatusRule(ctx.db, rule))) throw new InvalidInputError('The user already has a status update notification rule for this contact method.');
    return reply.status(201).send({ status_update_notification_rule: await present(rule, {}) });
  });

  rest.get(one, { schema: { tags, params: RuleParams, querystring: Include, response: { 200: BothKeys, ...errors } } }, async (request) => {
    const rule = await present(await ruleOf(request.params.id, request.params.status_update_notification_rule_id), request.query);
    return { status_update_notification_rule: rule, notification_rule: rule };
  });

  rest.put(one, { schema: { tags, params: RuleParams, body: Body, response: { 200: BothKeys, ...errors } } }, async (request) => {
    const { id: userId, status_update_notification_rule_id: id } = request.params;
    await assertMayEdit(ctx.db, request.actor, userId);
    const rule = await ruleOf(userId, id);
    const cm = await emailContactOf(ctx.db, userId, request.body.status_update_notification_rule.contact_method.id);
    const others = (await listStatusRules(ctx.db, userId)).filter((r) => r.id !== id);
    if (others.some((r) => r.contactMethodId === cm.id)) throw new InvalidInputError('The user already has a status update notification rule for this contact method.');
    await updateStatusRuleContact(ctx.db, userId, id, cm.id);
    const shown = await present({ ...rule, contactMethodId: cm.id }, {});
    return { status_update_notification_rule: shown, notification_rule: shown };
  });

  rest.delete(one, { schema: { tags, params: RuleParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await assertMayEdit(ctx.db, request.actor, request.params.id);
    if (!(await deleteStatusRule(ctx.db, request.params.id, request.params.status_update_notification_rule_id))) {
      throw new NotFoundError('Status update notification rule', request.params.status_update_notification_rule_id);
    }
    return reply.status(204).send(null);
  });
}
