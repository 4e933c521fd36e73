// Licences: Tocsin sells none and limits nothing, so it answers PagerDuty's licence endpoints with one
// built-in licence, "Tocsin (Full User)", that every user holds from the moment they are created, whatever
// their role (docs/compatibility.md). GET /licenses, GET /license_allocations and GET /users/{id}/license.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, PageFields, ReferenceSchema } from '../http/schemas.js';
import { ROLES } from './model.js';
import { userReference } from './present.js';
import { findUserById, listUsers } from './store.js';

/** The one licence every Tocsin user holds. */
export const FULL_USER_LICENSE = {
  id: 'PTOCSIN',
  type: 'license',
  name: 'Tocsin (Full User)',
  summary: 'Tocsin (Full User)',
  description: 'Every Tocsin user holds this built-in licence: Tocsin has no licences, seats or add-ons.',
  valid_roles: [...ROLES],
  role_group: 'FullUser',
} as const;

const License = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  summary: Type.String(),
  description: Type.String(),
  valid_roles: Type.Array(Type.String()),
  role_group: Type.String(),
});
const LicenseWithCounts = Type.Object({ ...License.properties, current_value: Type.Integer(), allocations_available: Type.Null() });
const Allocation = Type.Object({ user: ReferenceSchema, license: License, allocated_at: Type.String() });
const errors = { 403: ErrorSchema, 404: ErrorSchema };

export function registerLicenseRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const license = { ...FULL_USER_LICENSE, valid_roles: [...FULL_USER_LICENSE.valid_roles] };

  rest.get('/licenses', { schema: { tags: ['Licenses'], response: { 200: Type.Object({ licenses: Type.Array(LicenseWithCounts) }), ...errors } } }, async () => {
    const { count } = await listUsers(ctx.db, { limit: 1, offset: 0 });
    // No limit on allocations: PagerDuty's null.
    return { licenses: [{ ...license, current_value: count, allocations_available: null }] };
  });

  rest.get(
    '/license_allocations',
    {
      schema: {
        tags: ['Licenses'],
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: Type.Object({ license_allocations: Type.Array(Allocation), ...PageFields }), ...errors },
      },
    },
    async (request) => {
      // PagerDuty's example answers the total without being asked: so does Tocsin.
      const page = { ...readPage(request.query), total: true };
      const { items, count } = await listUsers(ctx.db, page);
      const rows = items.map((u) => ({ user: userReference(ctx.urls, u), license, allocated_at: iso(u.createdAt)! }));
      return pageEnvelope('license_allocations', rows, page, count);
    },
  );

  rest.get(
    '/users/:id/license',
    { schema: { tags: ['Licenses'], params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ license: License }), ...errors } } },
    async (request) => {
      if (!(await findUserById(ctx.db, request.params.id))) throw new NotFoundError('User', request.params.id);
      return { license };
    },
  );
}
