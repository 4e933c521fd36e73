import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import type { Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, type TypeBoxRequests } from '../http/schemas.js';
import { serviceReference } from '../services/index.js';
import { previewMove } from './move-preview.js';
import type { EmailConfigCheck, IntegrationInput } from './normalize.js';
import { integrationReference, toApiVendor } from './present.js';
import { renderIntegrations } from './render.js';
import {
  IntegrationBody,
  IntegrationEnvelope,
  IntegrationGetQuery,
  IntegrationList,
  IntegrationListQuery,
  IntegrationParams,
  MovePreviewQuery,
  MovePreviewSchema,
  ServiceIdParams,
  VendorEnvelope,
  VendorList,
  VendorListQuery,
} from './schemas.js';
import { listIntegrationsOfServices } from './store.js';
import { findVendorById, VENDORS } from './vendor-catalog.js';
import { changeIntegration, createIntegration, deleteIntegration, liveIntegration, liveService } from './write.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const includeOf = (q: { 'include[]'?: string[]; include?: string[] }) => [...(q['include[]'] ?? []), ...(q.include ?? [])];

/** /services/{id}/integrations[/{integration_id}[/move_preview]] and /vendors. */
export function registerIntegrationRoutes(scope: FastifyInstance, ctx: Context, _auth: Authenticator, checks: { emailConfigProblems: EmailConfigCheck }): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  const tags = ['Services'];
  const deps = { ...ctx, emailConfigProblems: checks.emailConfigProblems };
  const one = async (db: typeof ctx.db, i: Parameters<typeof renderIntegrations>[2][number], include: string[] = []) =>
    (await renderIntegrations(db, ctx, [i], include))[0];

  rest.post(
    '/services/:id/integrations',
    { schema: { tags, params: ServiceIdParams, body: IntegrationBody, response: { 201: IntegrationEnvelope, ...errors } } },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const integration = await ctx.db.transaction().execute(async (tx) => {
        const i = await createIntegration(tx, deps, request.actor, id, body.integration as IntegrationInput);
        return one(tx, i);
      });
      return reply.status(201).send({ integration });
    },
  );

  // Not in PagerDuty's spec (it lists integrations only inside the service); a paged list is handy.
  rest.get(
    '/services/:id/integrations',
    { schema: { tags, params: ServiceIdParams, querystring: IntegrationListQuery, response: { 200: IntegrationList, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const page = readPage(q);
      await liveService(ctx.db, id);
      const all = await listIntegrationsOfServices(ctx.db, [id]);
      const items = await renderIntegrations(ctx.db, ctx, all.slice(page.offset, page.offset + page.limit), includeOf(q));
      return pageEnvelope('integrations', items, page, all.length);
    },
  );

  rest.get(
    '/services/:id/integrations/:integration_id',
    { schema: { tags, params: IntegrationParams, querystring: IntegrationGetQuery, response: { 200: IntegrationEnvelope, ...errors } } },
    async (request) => {
      const p = request.params;
      await liveService(ctx.db, p.id);
      const i = await liveIntegration(ctx.db, p.id, p.integration_id);
      return { integration: await one(ctx.db, i, includeOf(request.query)) };
    },
  );

  rest.put(
    '/services/:id/integrations/:integration_id',
    { schema: { tags, params: IntegrationParams, body: IntegrationBody, response: { 200: IntegrationEnvelope, ...errors } } },
    async (request) => {
      const p = request.params;
      const body = request.body;
      const integration = await ctx.db.transaction().execute(async (tx) => {
        const i = await changeIntegration(tx, deps, request.actor, p.id, p.integration_id, body.integration as IntegrationInput);
        return one(tx, i);
      });
      return { integration };
    },
  );

  rest.delete(
    '/services/:id/integrations/:integration_id',
    { schema: { tags, params: IntegrationParams, response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      const p = request.params;
      await ctx.db.transaction().execute((tx) => deleteIntegration(tx, deps, request.actor, p.id, p.integration_id));
      return reply.status(204).send();
    },
  );

  rest.get(
    '/services/:id/integrations/:integration_id/move_preview',
    { schema: { tags, params: IntegrationParams, querystring: MovePreviewQuery, response: { 200: MovePreviewSchema, ...errors } } },
    async (request) => {
      const p = request.params;
      const q = request.query;
      const m = await previewMove(ctx.db, p.id, p.integration_id, q.destination_service_id);
      return {
        move_preview: {
          integration: integrationReference(ctx.urls, m.integration),
          source_service: serviceReference(ctx.urls, m.source),
          destination_service: serviceReference(ctx.urls, m.destination),
          differences: m.differences,
          warnings: m.warnings,
        },
      };
    },
  );

  rest.get('/vendors', { schema: { tags: ['Vendors'], querystring: VendorListQuery, response: { 200: VendorList, ...errors } } }, async (request) => {
    const q = request.query;
    const page = readPage(q);
    const needle = q.query?.toLowerCase();
    const all = needle ? VENDORS.filter((v) => v.name.toLowerCase().includes(needle) || v.longName.toLowerCase().includes(needle)) : VENDORS;
    const items = all.slice(page.offset, page.offset + page.limit).map((v) => toApiVendor(ctx.urls, v));
    return pageEnvelope('vendors', items, page, all.length);
  });

  rest.get(
    '/vendors/:id',
    { schema: { tags: ['Vendors'], params: ServiceIdParams, response: { 200: VendorEnvelope, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const v = findVendorById(id);
      if (!v) throw new NotFoundError('Vendor', id);
      return { vendor: toApiVendor(ctx.urls, v) };
    },
  );
}
