import type { FastifyTypeProvider } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';

/** Shared wire schemas: references, pagination, errors. */
export const ReferenceSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  summary: Type.Union([Type.String(), Type.Null()]),
  self: Type.Union([Type.String(), Type.Null()]),
  html_url: Type.Union([Type.String(), Type.Null()]),
});

/** A reference as clients send it: only id (and type) are read. */
export const RefInput = Type.Object({ id: Type.String({ minLength: 1 }), type: Type.Optional(Type.String()) });

export const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

const refSchema = (nullable: boolean) => ({
  type: nullable ? ['object', 'null'] : 'object',
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    summary: { type: ['string', 'null'] },
    self: { type: ['string', 'null'] },
    html_url: { type: ['string', 'null'] },
  },
  required: ['id', 'type'],
  additionalProperties: true,
});

/**
 * A reference that include[] may expand into the full object: the reference's fields are typed (so
 * the OpenAPI document, and the web UI's client typed from it, know them) and every other field is
 * written as it is. Type lists rather than anyOf, so the serializer writes it without validating;
 * what it writes is what free-form JSON (AnyJson) wrote. Its static type stays `unknown`, as
 * AnyJson's: the presenters build these objects in several shapes (reference or expanded), and the
 * schema is what the serializer and the OpenAPI document read.
 */
export const ExpandableRef = Type.Unsafe<unknown>(refSchema(false));
/** An ExpandableRef where the field may be empty (null). */
export const NullableRef = Type.Unsafe<unknown>(refSchema(true));

/** Free-form JSON that must be serialised as it is. */
export const AnyJson = Type.Unsafe<unknown>({});

export const PaginationQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  total: Type.Optional(Type.Boolean()),
};

export const PageFields = {
  limit: Type.Integer(),
  offset: Type.Integer(),
  more: Type.Boolean(),
  total: Nullable(Type.Integer()),
};

export const ErrorSchema = Type.Object({
  error: Type.Object({
    message: Type.String(),
    code: Type.Integer(),
    errors: Type.Array(Type.String()),
  }),
});

/** Query arrays arrive as `name[]`; a single value is coerced to a one-element array by Ajv. */
export const QueryArray = <T extends TSchema>(s: T) => Type.Optional(Type.Array(s));

export const IncludeQuery = (values: string[]) => QueryArray(Type.Union(values.map((v) => Type.Literal(v))));

/**
 * A Fastify type provider that types a route's request (body, params, querystring, headers) from its
 * TypeBox schemas, as @fastify/type-provider-typebox's does, but leaves the reply unchecked. For the
 * route modules whose presenters return looser types (`Record<string, unknown>`, `string | null` where
 * the schema says `string`) than their response schemas: the full `TypeBoxTypeProvider` replaces it
 * in a module once its presenters return the schemas' types.
 */
export interface TypeBoxRequests extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: unknown;
}
