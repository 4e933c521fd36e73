import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { requesterId, type Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema } from '../http/schemas.js';
import type { Actor } from '../accounts/index.js';
import { findIncidentById } from '../incidents/index.js';
import { findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import { findAction } from './actions.js';
import { changeTrigger, changeWorkflow, createTrigger, createWorkflow, getTrigger, getWorkflow, removeTrigger, removeWorkflow, setTriggerService, type TriggerInput, type WorkflowInput } from './manage.js';
import type { Trigger } from './model.js';
import { allActions, toApiAction, toApiInstance, toApiTrigger, toApiWorkflow } from './present.js';
import * as S from './schemas.js';
import { startManually } from './start.js';
import { findWorkflowsByIds, listInstancesOfIncident, listTriggers, listWorkflows } from './store.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Incident Workflows'];

function workflowInput(body: Static<typeof S.WorkflowBody>): WorkflowInput {
  const w = body.incident_workflow;
  return {
    name: w.name,
    description: w.description,
    teamId: w.team === undefined ? undefined : (w.team?.id ?? null),
    isEnabled: w.is_enabled,
    steps: w.steps?.map((s) => ({
      name: s.name ?? '',
      actionId: s.action_configuration.action_id,
      inputs: (s.action_configuration.inputs ?? []).map((i) => ({ name: i.name, value: String(i.value) })),
    })),
  };
}

function triggerInput(body: Static<typeof S.TriggerBody>): TriggerInput {
  const t = body.trigger;
  return { triggerType: t.trigger_type, condition: t.condition, workflowId: t.workflow?.id, serviceIds: t.services?.map((s) => s.id), allServices: t.is_subscribed_to_all_services };
}

/** A cursor is the offset of the next page, as text. */
function cursorPage<T>(items: T[], q: { limit?: number; cursor?: string }) {
  const limit = Math.min(q.limit ?? 25, 100);
  const offset = q.cursor ? Number(q.cursor) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw new InvalidInputError('cursor is not valid.');
  const page = items.slice(offset, offset + limit);
  const more = offset + page.length < items.length;
  return { page, limit, more, next_cursor: more ? String(offset + page.length) : null };
}

/** /incident_workflows…, and (Tocsin) GET /incidents/{id}/incident_workflow_instances. */
export function registerWorkflowRoutes(rest: FastifyInstance, ctx: Context, auth: Authenticator): void {
  const actorOf = (r: { actor?: unknown }) => r.actor as Actor;
  const renderTriggers = async (db: Db, list: Trigger[]) => {
    const workflows = new Map((await findWorkflowsByIds(db, [...new Set(list.map((t) => t.workflowId))])).map((w) => [w.id, w.name]));
    const services = new Map((await findServicesByIds(db, [...new Set(list.flatMap((t) => t.serviceIds))])).map((s) => [s.id, s.name]));
    return list.map((t) => toApiTrigger(ctx.urls, t, workflows.get(t.workflowId) ?? t.workflowId, services));
  };
  const oneTrigger = async (db: Db, t: Trigger) => ({ trigger: (await renderTriggers(db, [t]))[0] });

  rest.get('/incident_workflows', { schema: { tags, querystring: S.WorkflowListQuery, response: { 200: S.WorkflowList, ...errors } } }, async (request) => {
    const q = request.query as Static<typeof S.WorkflowListQuery>;
    const page = readPage(q);
    const all = await listWorkflows(ctx.db, q.query || undefined);
    return pageEnvelope('incident_workflows', all.slice(page.offset, page.offset + page.limit).map((w) => toApiWorkflow(ctx.urls, w)), page, all.length);
  });

  rest.post('/incident_workflows', { schema: { tags, body: S.WorkflowBody, response: { 201: S.WorkflowEnvelope, ...errors } } }, async (request, reply) => {
    const userId = await requesterId(request, auth);
    const input = workflowInput(request.body as Static<typeof S.WorkflowBody>);
    const w = await ctx.db.transaction().execute((tx) => createWorkflow(tx, ctx, actorOf(request), userId, input));
    return reply.status(201).send({ incident_workflow: toApiWorkflow(ctx.urls, w) });
  });

  rest.get('/incident_workflows/actions', { schema: { tags, querystring: S.ActionListQuery, response: { 200: S.ActionList, ...errors } } }, async (request) => {
    const q = request.query as Static<typeof S.ActionListQuery>;
    const kw = q.keyword?.toLowerCase();
    const list = allActions(ctx.urls).filter((a) => !kw || a.name.toLowerCase().includes(kw) || a.description.toLowerCase().includes(kw));
    const { page, ...paging } = cursorPage(list, q);
    return { actions: page, ...paging };
  });

  rest.get('/incident_workflows/actions/:id', { schema: { tags, params: S.IdParams, response: { 200: S.ActionEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    const a = findAction(id);
    if (!a) throw new NotFoundError('Action', id);
    return { action: toApiAction(ctx.urls, a) };
  });

  rest.get('/incident_workflows/triggers', { schema: { tags, querystring: S.TriggerListQuery, response: { 200: S.TriggerList, ...errors } } }, async (request) => {
    const q = request.query as Static<typeof S.TriggerListQuery>;
    if (q.trigger_type && q.trigger_type !== 'conditional' && q.trigger_type !== 'manual') return { triggers: [], limit: q.limit ?? 25, next_cursor: null, more: false };
    let serviceId = q.service_id;
    if (q.incident_id) {
      const i = await findIncidentById(ctx.db, q.incident_id);
      if (!i) throw new NotFoundError('Incident', q.incident_id);
      serviceId = i.serviceId;
    }
    const list = await listTriggers(ctx.db, { workflowId: q.workflow_id, serviceId, triggerType: q.trigger_type as Trigger['triggerType'] | undefined });
    const rendered = await renderTriggers(ctx.db, list);
    const needle = q.workflow_name_contains?.toLowerCase();
    const kept = needle ? rendered.filter((t) => t.workflow.name.toLowerCase().includes(needle)) : rendered;
    const { page, ...paging } = cursorPage(kept, q);
    return { triggers: page, ...paging };
  });

  rest.post('/incident_workflows/triggers', { schema: { tags, body: S.TriggerBody, response: { 201: S.TriggerEnvelope, ...errors } } }, async (request, reply) => {
    const input = triggerInput(request.body as Static<typeof S.TriggerBody>);
    const out = await ctx.db.transaction().execute(async (tx) => oneTrigger(tx, await createTrigger(tx, ctx, actorOf(request), input)));
    return reply.status(201).send(out);
  });

  rest.get('/incident_workflows/triggers/:id', { schema: { tags, params: S.IdParams, response: { 200: S.TriggerEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    return oneTrigger(ctx.db, await getTrigger(ctx.db, id));
  });

  rest.put('/incident_workflows/triggers/:id', { schema: { tags, params: S.IdParams, body: S.TriggerBody, response: { 200: S.TriggerEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    const input = triggerInput(request.body as Static<typeof S.TriggerBody>);
    return ctx.db.transaction().execute(async (tx) => oneTrigger(tx, await changeTrigger(tx, actorOf(request), id, input)));
  });

  rest.delete('/incident_workflows/triggers/:id', { schema: { tags, params: S.IdParams, response: { 204: { type: 'null' }, ...errors } } }, async (request, reply) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    await ctx.db.transaction().execute((tx) => removeTrigger(tx, actorOf(request), id));
    return reply.status(204).send();
  });

  rest.post('/incident_workflows/triggers/:id/services', { schema: { tags, params: S.IdParams, body: S.ServiceBody, response: { 201: S.TriggerEnvelope, ...errors } } }, async (request, reply) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    const { service } = request.body as Static<typeof S.ServiceBody>;
    const out = await ctx.db.transaction().execute(async (tx) => oneTrigger(tx, await setTriggerService(tx, actorOf(request), id, service.id, true)));
    return reply.status(201).send(out);
  });

  rest.delete('/incident_workflows/triggers/:trigger_id/services/:service_id', { schema: { tags, params: S.TriggerServiceParams, response: { 201: S.TriggerEnvelope, ...errors } } }, async (request, reply) => {
    const p = request.params as Static<typeof S.TriggerServiceParams>;
    const out = await ctx.db.transaction().execute(async (tx) => oneTrigger(tx, await setTriggerService(tx, actorOf(request), p.trigger_id, p.service_id, false)));
    return reply.status(201).send(out);
  });

  rest.get('/incident_workflows/:id', { schema: { tags, params: S.IdParams, response: { 200: S.WorkflowEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    return { incident_workflow: toApiWorkflow(ctx.urls, await getWorkflow(ctx.db, id)) };
  });

  rest.put('/incident_workflows/:id', { schema: { tags, params: S.IdParams, body: S.WorkflowBody, response: { 200: S.WorkflowEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    const input = workflowInput(request.body as Static<typeof S.WorkflowBody>);
    const w = await ctx.db.transaction().execute((tx) => changeWorkflow(tx, ctx, actorOf(request), id, input));
    return { incident_workflow: toApiWorkflow(ctx.urls, w) };
  });

  rest.delete('/incident_workflows/:id', { schema: { tags, params: S.IdParams, response: { 204: { type: 'null' }, ...errors } } }, async (request, reply) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    await ctx.db.transaction().execute((tx) => removeWorkflow(tx, actorOf(request), id));
    return reply.status(204).send();
  });

  rest.post('/incident_workflows/:id/instances', { schema: { tags, params: S.IdParams, body: S.InstanceBody, response: { 201: S.InstanceEnvelope, ...errors } } }, async (request, reply) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    const body = request.body as Static<typeof S.InstanceBody>;
    const userId = await requesterId(request, auth);
    const inst = await ctx.db.transaction().execute((tx) => startManually(tx, ctx, actorOf(request), userId, id, body.incident_workflow_instance.incident.id));
    return reply.status(201).send({ incident_workflow_instance: toApiInstance(ctx.urls, inst) });
  });

  rest.get('/incidents/:id/incident_workflow_instances', { schema: { tags, params: S.IdParams, response: { 200: S.InstanceList, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof S.IdParams>;
    if (!(await findIncidentById(ctx.db, id))) throw new NotFoundError('Incident', id);
    return { incident_workflow_instances: (await listInstancesOfIncident(ctx.db, id)).map((i) => toApiInstance(ctx.urls, i)) };
  });
}
