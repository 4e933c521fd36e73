// GET /abilities and GET /abilities/{id}: 204 when the install has the ability, 402 (code 2014) when not.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MissingAbilityError } from '../errors.js';
import { ABILITIES, hasAbility } from './model.js';

const tags = ['Abilities'];

export function registerAbilityRoutes(scope: FastifyInstance): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  rest.get('/abilities', { schema: { tags, response: { 200: Type.Object({ abilities: Type.Array(Type.String()) }) } } }, async () => ({ abilities: [...ABILITIES] }));
  rest.get('/abilities/:id', { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 204: Type.Null() } } }, async (request, reply) => {
    if (!hasAbility(request.params.id)) throw new MissingAbilityError(request.params.id);
    return reply.status(204).send(null);
  });
}
