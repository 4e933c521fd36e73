import { Type } from 'typebox';
import { Nullable, PageFields, PaginationQuery, ReferenceSchema } from '../http/schemas.js';

export const TagSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('tag'),
  summary: Type.String(),
  label: Type.String(),
  self: Type.String(),
  html_url: Nullable(Type.String()),
});
export const TagEnvelope = Type.Object({ tag: TagSchema });
export const TagList = Type.Object({ tags: Type.Array(TagSchema), ...PageFields });
export const TagListQuery = Type.Object({ ...PaginationQuery, query: Type.Optional(Type.String()) });
export const TagPageQuery = Type.Object(PaginationQuery);
export const TagBody = Type.Object({ tag: Type.Object({ label: Type.String(), type: Type.Optional(Type.Literal('tag')) }) });
export const IdParams = Type.Object({ id: Type.String() });
export const ChangeTagsBody = Type.Object({
  add: Type.Optional(
    Type.Array(Type.Object({ type: Type.Union([Type.Literal('tag'), Type.Literal('tag_reference')]), id: Type.Optional(Type.String()), label: Type.Optional(Type.String()) })),
  ),
  remove: Type.Optional(Type.Array(Type.Object({ type: Type.Literal('tag_reference'), id: Type.String() }))),
});
export const EntityRefList = (key: string) => Type.Object({ [key]: Type.Array(ReferenceSchema), ...PageFields });
