// TypeBox wire schemas of incident types, custom fields, options and values (PagerDuty's names).
// Values are any JSON here: their check depends on the field (model.ts valueProblem).
import { Type } from 'typebox';
import { AnyJson, IncludeQuery, Nullable } from '../http/schemas.js';

export const tags = ['Incident Types', 'Custom Fields'];
export const OptionInput = Type.Object({
  id: Type.Optional(Type.String()),
  data: Type.Optional(Type.Object({ data_type: Type.Optional(Type.String()), value: Type.Optional(Type.String()) })),
});
export const FieldBody = Type.Object({
  field: Type.Object({
    name: Type.Optional(Type.String()),
    display_name: Type.Optional(Type.String()),
    description: Type.Optional(Nullable(Type.String())),
    data_type: Type.Optional(Type.String()),
    field_type: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
    default_value: Type.Optional(AnyJson),
    field_options: Type.Optional(Nullable(Type.Array(OptionInput))),
  }),
});
export const OptionBody = Type.Object({ field_option: OptionInput });
export const TypeBody = Type.Object({
  incident_type: Type.Object({
    name: Type.Optional(Type.String()),
    display_name: Type.Optional(Type.String()),
    description: Type.Optional(Nullable(Type.String())),
    parent_type: Type.Optional(Type.String()),
    enabled: Type.Optional(Type.Boolean()),
  }),
});
export const ValuesBody = Type.Object({
  custom_fields: Type.Array(Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()), value: Type.Optional(AnyJson) })),
});
export const IncludeOptions = Type.Object({ 'include[]': IncludeQuery(['field_options']) });
export const TypeFilterQuery = Type.Object({ filter: Type.Optional(Type.Union([Type.Literal('enabled'), Type.Literal('disabled'), Type.Literal('all')])) });
export const TypeParams = Type.Object({ type_id_or_name: Type.String() });
export const FieldParams = Type.Object({ field_id: Type.String() });
export const OptionParams = Type.Object({ field_id: Type.String(), field_option_id: Type.String() });
