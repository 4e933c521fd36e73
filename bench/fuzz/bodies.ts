// Valid templates of every body the Events APIs take, and the fuzzed events and REST requests built
// from them and from the server's OpenAPI document (bench/fuzz/run.ts sends them).
import { CONTENT_TYPES, mutate, randomString, randomValue, serialise, type Rng } from './gen.js';

export interface FuzzRequest {
  method: string;
  path: string;
  body?: Buffer;
  headers: Record<string, string>;
}

/** Integration keys of the fuzz targets, one per kind of payload. */
export interface FuzzKeys {
  v2: string;
  alertmanager: string;
  cloudwatch: string;
  datadog: string;
  grafana: string;
}

const iso = () => new Date(Date.now() - 60_000).toISOString();

export function v2Event(key: string, dedup: string, action = 'trigger'): Record<string, unknown> {
  return {
    routing_key: key,
    event_action: action,
    dedup_key: dedup,
    payload: { summary: `fuzz ${dedup}`, source: 'fuzz-host', severity: 'critical', timestamp: iso(), component: 'c', group: 'g', class: 'k', custom_details: { n: 1 } },
    links: [{ href: 'https://example.com', text: 'l' }],
    images: [{ src: 'https://example.com/i.png' }],
    client: 'fuzz',
    client_url: 'https://example.com',
  };
}

export function v1Event(key: string, incidentKey: string): Record<string, unknown> {
  return { service_key: key, event_type: 'trigger', incident_key: incidentKey, description: `fuzz ${incidentKey}`, details: { a: 1 }, client: 'fuzz', client_url: 'https://example.com', contexts: [{ type: 'link', href: 'https://example.com' }] };
}

export function changeEvent(key: string): Record<string, unknown> {
  return { routing_key: key, payload: { summary: 'deployed', source: 'ci', timestamp: iso(), custom_details: { build: 1 } }, links: [{ href: 'https://example.com', text: 'ci' }] };
}

export function alertmanagerBody(fingerprints: string[], status = 'firing'): Record<string, unknown> {
  return {
    version: '4',
    groupKey: '{}:{alertname="Fuzz"}',
    status,
    receiver: 'tocsin',
    groupLabels: { alertname: 'Fuzz' },
    commonLabels: { alertname: 'Fuzz', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: fingerprints.map((f) => ({
      status,
      labels: { alertname: 'Fuzz', instance: f },
      annotations: { summary: `fuzz ${f}` },
      startsAt: iso(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: f,
    })),
  };
}

function cloudwatchBody(r: Rng): Record<string, unknown> {
  const alarm = { AlarmName: `fuzz-${r.int(50)}`, NewStateValue: r.pick(['ALARM', 'OK', 'INSUFFICIENT_DATA']), NewStateReason: 'x', AlarmArn: `arn:aws:cloudwatch:eu-west-1:1:alarm:${r.int(50)}`, Region: 'EU', Trigger: {} };
  const message = r.chance(0.7) ? JSON.stringify(r.chance(0.5) ? alarm : mutate(r, alarm)) : randomValue(r);
  if (r.chance(0.1)) return { Type: 'SubscriptionConfirmation', TopicArn: 'arn:aws:sns:eu-west-1:1:t', SubscribeURL: r.pick(['https://sns.eu-west-1.amazonaws.com/?x', 'http://127.0.0.1:1/', randomString(r)]) };
  return { Type: 'Notification', MessageId: 'm', TopicArn: 'arn:aws:sns:eu-west-1:1:t', Message: message, Timestamp: iso() };
}

function datadogBody(r: Rng): Record<string, unknown> {
  return { title: `fuzz ${r.int(100)}`, body: 'b', alert_transition: r.pick(['Triggered', 'Recovered', 'Warn', 'No Data']), alert_type: r.pick(['error', 'success', 'warning']), aggreg_key: String(r.int(100)), alert_id: String(r.int(100)), hostname: 'h', priority: 'P1', link: 'https://app.datadoghq.com', date: Date.now() };
}

/** One fuzzed event request: a random kind, mutated, sometimes to a random key, path or content type. */
export function fuzzEvent(r: Rng, keys: FuzzKeys): FuzzRequest {
  const kind = r.int(8);
  const key = (own: string) => (r.chance(0.8) ? own : r.pick([randomString(r).slice(0, 64), 'a'.repeat(32), keys.v2, keys.alertmanager]));
  let path: string;
  let template: Record<string, unknown>;
  const headers: Record<string, string> = {};
  const dedup = `f${r.int(200)}`;
  switch (kind) {
    case 0:
    case 1:
      path = '/v2/enqueue';
      template = v2Event(key(keys.v2), dedup, r.pick(['trigger', 'acknowledge', 'resolve']));
      break;
    case 2:
      path = '/generic/2010-04-15/create_event.json';
      template = v1Event(key(keys.v2), dedup);
      break;
    case 3:
      path = '/v2/change/enqueue';
      template = changeEvent(key(keys.v2));
      break;
    case 4:
      path = `/integration/${enc(key(keys.alertmanager))}/enqueue`;
      template = alertmanagerBody(Array.from({ length: 1 + r.int(r.chance(0.1) ? 300 : 5) }, () => `fa${r.int(300)}`), r.pick(['firing', 'resolved']));
      break;
    case 5:
      path = `/integration/${enc(key(keys.cloudwatch))}/enqueue`;
      template = cloudwatchBody(r);
      if (r.chance(0.5)) headers['x-amz-sns-message-type'] = String(template.Type);
      break;
    case 6:
      path = `/integration/${enc(key(keys.datadog))}/enqueue`;
      template = datadogBody(r);
      break;
    default:
      path = `/integration/${enc(key(keys.grafana))}/enqueue`;
      template = { ...alertmanagerBody([`fg${r.int(100)}`]), orgId: 1, title: 'x', state: 'alerting' };
  }
  if (r.chance(0.03)) path = r.pick(['/v2/enqueue/', '/v2/%E0', `/integration/${'k'.repeat(600)}/enqueue`, '/v2/enqueue?x=%ZZ', '/generic/2010-04-15/create_event.json%00', '/v2//enqueue']);
  const value = r.chance(0.15) ? template : mutate(r, template);
  headers['content-type'] = r.chance(0.85) ? 'application/json' : r.pick(CONTENT_TYPES);
  const method = r.chance(0.98) ? 'POST' : r.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
  return { method, path, body: method === 'GET' || method === 'HEAD' ? undefined : serialise(r, value), headers };
}

// ---------------------------------------------------------------------------------------- REST

type Schema = { type?: string | string[]; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; format?: string; minimum?: number; maximum?: number; maxLength?: number };
interface Param { in: string; name: string; schema?: Schema; required?: boolean }
export interface Operation { method: string; path: string; params: Param[]; body: Schema | null }

/** Every operation of the OpenAPI document the server serves at /openapi.json. */
export function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema ?? null });
    }
  }
  return ops;
}

/** A value that fits the schema, most of the time; ids come from the pool of real fuzz objects. */
export function fromSchema(r: Rng, s: Schema | undefined, ids: string[], depth = 0): unknown {
  if (!s || depth > 8) return randomValue(r, 4);
  if (r.chance(0.04)) return randomValue(r, 3);
  if (s.enum) return r.pick(s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fromSchema(r, r.pick(alts), ids, depth + 1);
  if (s.allOf) return Object.assign({}, ...s.allOf.map((x) => fromSchema(r, x, ids, depth + 1)));
  const type = Array.isArray(s.type) ? r.pick(s.type) : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k) || r.chance(0.5)) out[k] = k === 'id' && ids.length && r.chance(0.8) ? r.pick(ids) : fromSchema(r, v, ids, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: r.int(4) }, () => fromSchema(r, s.items, ids, depth + 1));
    case 'string':
      if (s.format === 'date-time' || r.chance(0.05)) return new Date(Date.now() + (r.int(200) - 100) * 3_600_000).toISOString();
      return r.chance(0.4) && ids.length ? r.pick(ids) : randomString(r).slice(0, s.maxLength ?? 200);
    case 'integer':
    case 'number':
      return r.chance(0.8) ? r.int(Math.min(s.maximum ?? 1000, 100_000)) : r.pick([-1, 0, 2 ** 31, 1e20, 0.5]);
    case 'boolean':
      return r.chance(0.5);
    case 'null':
      return null;
    default:
      return randomValue(r, 3);
  }
}

/** Percent-encodes any string, lone surrogates included (as U+FFFD), byte by byte. */
function enc(text: string): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) out += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

const BAD_SEGMENTS = ['%E0', '%', '..', 'x'.repeat(600), '%00', ' ', 'PNOPE00', '0', '-1', '%F0%9F%98%80', 'a%2Fb'];

/** One fuzzed REST request for a random operation. */
export function fuzzRest(r: Rng, ops: Operation[], ids: string[], tokens: string[], fromEmails: string[]): FuzzRequest {
  const op = r.pick(ops);
  const path = op.path.replace(/\{(\w+)\}/g, () => (r.chance(0.75) && ids.length ? r.pick(ids) : r.chance(0.5) ? r.pick(BAD_SEGMENTS) : enc(randomString(r).slice(0, 50))));
  const q: string[] = [];
  for (const p of op.params) {
    if (p.in !== 'query' || !r.chance(0.4)) continue;
    const v = fromSchema(r, p.schema, ids);
    const values = Array.isArray(v) ? v : [v];
    for (const x of values.slice(0, 5)) q.push(`${enc(p.name)}=${enc(typeof x === 'string' ? x.slice(0, 300) : (JSON.stringify(x) ?? '').slice(0, 300))}`);
  }
  if (r.chance(0.1)) q.push(r.pick(['limit=-1', 'offset=99999', 'limit=abc', 'total=maybe', 'x=%E0', 'date_range=all', 'since=garbage', 'until=2026-02-30', 'statuses[]=nope', 'time_zone=Mars/Base']));
  const method = r.chance(0.97) ? op.method : r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
  const headers: Record<string, string> = { accept: 'application/vnd.pagerduty+json;version=2' };
  const token = r.pick(tokens);
  if (token) headers.authorization = `Token token=${token}`;
  if (r.chance(0.7)) headers.from = r.pick(fromEmails);
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'DELETE' && (op.body || r.chance(0.3))) {
    const value = op.body ? fromSchema(r, op.body, ids) : randomValue(r);
    const mutated = value && typeof value === 'object' && !Array.isArray(value) && r.chance(0.3) ? mutate(r, value as Record<string, unknown>) : value;
    body = serialise(r, mutated);
    headers['content-type'] = r.chance(0.9) ? 'application/json' : r.pick(CONTENT_TYPES);
  }
  return { method, path: q.length ? `${path}?${q.join('&')}` : path, body, headers };
}
