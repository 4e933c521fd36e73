// Schema validation errors in words a person understands, written from the route's TypeBox schema:
// "escalation_policy.num_loops must be a whole number, at least 0" instead of Ajv's
// "body/escalation_policy/num_loops must be >= 0". Ajv runs with `verbose`, so each error carries the
// schema it failed (`parentSchema`); the sentence says which field and what that schema allows.

/** The part of an Ajv error this file reads (Fastify's `FastifySchemaValidationError` and `verbose`). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: unknown;
}

type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  'date-time': 'a date and time in ISO 8601 (e.g. 2026-01-15T10:00:00Z)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time of day (HH:MM:SS)',
  email: 'an email address',
  uri: 'a URL',
  url: 'a URL',
  uuid: 'a UUID',
};

function quote(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function list(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function range(s: Schema, unit = ''): string {
  const min = s.minimum ?? (s.exclusiveMinimum === undefined ? undefined : null);
  const max = s.maximum ?? (s.exclusiveMaximum === undefined ? undefined : null);
  const low = min === null ? `greater than ${quote(s.exclusiveMinimum)}` : min === undefined ? '' : `at least ${quote(min)}${unit}`;
  const high = max === null ? `less than ${quote(s.exclusiveMaximum)}` : max === undefined ? '' : `at most ${quote(max)}${unit}`;
  if (typeof min === 'number' && typeof max === 'number') return `from ${min} to ${max}${unit}`;
  return [low, high].filter(Boolean).join(' and ');
}

function withRange(base: string, s: Schema, unit = ''): string {
  const r = range(s, unit);
  return r ? `${base}, ${r}` : base;
}

function text(s: Schema): string {
  if (typeof s.format === 'string') return FORMATS[s.format] ?? `a ${s.format.replace(/-/g, ' ')}`;
  const limits = { minimum: s.minLength, maximum: s.maxLength };
  const base = typeof s.pattern === 'string' ? `text matching ${s.pattern}` : 'text';
  if (s.minLength === 1 && s.maxLength === undefined) return `${base}, not empty`;
  if (s.minLength === 1) return withRange(`${base}, not empty`, { maximum: s.maxLength }, ' characters');
  return withRange(base, limits, ' characters');
}

/** What a schema allows, as a noun phrase: "a whole number, at least 0", "one of high or low". */
export function allowed(schema: unknown): string {
  const s = (schema ?? {}) as Schema;
  if ('const' in s) return quote(s.const);
  if (Array.isArray(s.enum)) return s.enum.length === 1 ? quote(s.enum[0]) : `one of ${list(s.enum.map(quote))}`;
  const members = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (Array.isArray(members)) {
    const consts = members.filter((m) => 'const' in m).map((m) => quote(m.const));
    const others = members.filter((m) => !('const' in m)).map(allowed);
    const choice = consts.length > 1 ? [`one of ${list(consts)}`] : consts;
    return [...choice, ...others].join(' or ');
  }
  switch (s.type) {
    case 'integer':
      return withRange('a whole number', s);
    case 'number':
      return withRange('a number', s);
    case 'string':
      return text(s);
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'object':
      return 'an object';
    case 'array': {
      const of = s.items && typeof s.items === 'object' ? ` of ${allowed(s.items)}` : '';
      const count = range({ minimum: s.minItems, maximum: s.maxItems }, ' items');
      return `a list${of}${count ? ` (${count})` : ''}`;
    }
    default:
      return 'a valid value';
  }
}

/** "/service/teams/0/id" → "service.teams[0].id". */
function fieldOf(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const WHERE: Record<string, string> = { querystring: ' (in the query string)', params: ' (in the path)', headers: ' (header)' };

function sentence(e: SchemaError, context: string): string {
  const where = WHERE[context] ?? '';
  const field = fieldOf(e.instancePath);
  const parent = (e.parentSchema ?? {}) as Schema;
  if (e.keyword === 'required') {
    const name = String(e.params.missingProperty);
    const props = (parent.properties ?? {}) as Record<string, unknown>;
    const wants = props[name] ? `: ${allowed(props[name])}` : '';
    return `${field ? `${field}.` : ''}${name}${where} is required${wants}`;
  }
  if (e.keyword === 'additionalProperties') {
    return `${field ? `${field}.` : ''}${String(e.params.additionalProperty)}${where} is not a field Tocsin knows`;
  }
  const who = field ? `${field}${where}` : context === 'body' ? 'The request body' : `The ${context}`;
  if (e.keyword === 'minItems' || e.keyword === 'maxItems' || e.keyword === 'uniqueItems') {
    const unique = parent.uniqueItems === true ? ', each one different' : '';
    return `${who} must be ${allowed(parent)}${unique}`;
  }
  if (e.parentSchema === undefined) return `${who} ${e.message ?? 'is invalid'}`;
  return `${who} must be ${allowed(parent)}`;
}

/**
 * One sentence per field at fault. A union (`anyOf`, as TypeBox writes `Nullable` and literal unions)
 * whose every member failed at the field itself is described as a whole ("a whole number or null");
 * where one member got further (an object member with a bad field inside), its deeper errors say why
 * and the other members' "must be null" is dropped.
 */
export function describeSchemaErrors(errors: readonly SchemaError[], context: string): string[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const dropped = new Set<SchemaError>();
  const kept: SchemaError[] = [];
  for (const u of unions) {
    const branch = errors.filter((e) => e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`));
    const atField = branch.filter((e) => e.instancePath === u.instancePath && e.keyword !== 'required' && e.keyword !== 'additionalProperties');
    for (const e of atField) dropped.add(e);
    if (atField.length === branch.length) kept.push(u);
    else dropped.add(u);
  }
  const sentences = errors.filter((e) => !dropped.has(e) && (!unions.includes(e) || kept.includes(e))).map((e) => sentence(e, context));
  return [...new Set(sentences)].map((s) => `${s}.`);
}
