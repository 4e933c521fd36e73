// Hand-written validators for the Events API bodies: one pass over the object, no schema
// interpretation at request time, and PagerDuty's own error sentences ("'payload.severity' is
// missing or blank"). Each returns the normalised event or every error found.
import { ACTIONS, inboundEvent, SEVERITIES, type EventAction, type EventImage, type EventLink, type InboundEvent, type Severity } from './model.js';

export const MAX_SUMMARY = 1024;
export const MAX_DEDUP_KEY = 255;
export const MAX_FIELD = 1024;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A string field: absent → null; too long or not a string → an error. */
function optString(v: unknown, name: string, errors: string[], max = MAX_FIELD): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
  if (typeof v !== 'string') {
    errors.push(`'${name}' must be a string`);
    return null;
  }
  if (v.length > max) {
    errors.push(`'${name}' is too long (maximum is ${max} characters)`);
    return null;
  }
  return v;
}

/** ISO 8601 text → epoch ms; null when absent; undefined when unparseable. */
export function parseTimestamp(v: unknown): number | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Walks an optional array of objects whose `required` field must be present; `build` reads one item. */
function checkList<T>(
  v: unknown,
  name: string,
  required: string,
  errors: string[],
  build: (item: Record<string, unknown>, at: string) => T | null,
): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errors.push(`'${name}' must be an array`);
    return [];
  }
  const out: T[] = [];
  v.forEach((item, i) => {
    if (!isObject(item) || blank(item[required])) {
      errors.push(`'${name}[${i}].${required}' is missing or blank`);
      return;
    }
    const built = build(item, `${name}[${i}]`);
    if (built) out.push(built);
  });
  return out;
}

export function checkImages(v: unknown, name: string, errors: string[]): EventImage[] {
  return checkList(v, name, 'src', errors, (img, at) => {
    const src = optString(img.src, `${at}.src`, errors, 2048);
    const href = optString(img.href, `${at}.href`, errors, 2048);
    const alt = optString(img.alt, `${at}.alt`, errors);
    return src ? { src, ...(href ? { href } : {}), ...(alt ? { alt } : {}) } : null;
  });
}

export function checkLinks(v: unknown, name: string, errors: string[]): EventLink[] {
  return checkList(v, name, 'href', errors, (link, at) => {
    const href = optString(link.href, `${at}.href`, errors, 2048);
    const text = optString(link.text, `${at}.text`, errors);
    return href ? { href, ...(text ? { text } : {}) } : null;
  });
}

/** The routing key's shape (its existence is checked against the integrations afterwards). */
export function checkRoutingKey(v: unknown, name: string, errors: string[]): string {
  if (blank(v)) {
    errors.push(`'${name}' is missing or blank`);
    return '';
  }
  if (typeof v !== 'string' || v.length !== 32) {
    errors.push(`Length of '${name}' is incorrect (should be 32 characters)`);
    return '';
  }
  return v;
}

function checkDedupKey(v: unknown, name: string, action: EventAction | null, errors: string[], generate: () => string): string {
  if (blank(v)) {
    if (action === 'trigger') return generate();
    if (action) errors.push(`'${name}' is missing or blank`);
    return '';
  }
  return optString(v, name, errors, MAX_DEDUP_KEY) ?? '';
}

/** Events API v2 (`POST /v2/enqueue`). `generateKey` makes the dedup key of a trigger that has none. */
export function validateV2(body: Obj, generateKey: () => string): Checked<{ routingKey: string; event: InboundEvent }> {
  const errors: string[] = [];
  const routingKey = checkRoutingKey(body.routing_key, 'routing_key', errors);
  let action: EventAction | null = null;
  if (blank(body.event_action)) errors.push(`'event_action' is missing or blank`);
  else if (!ACTIONS.includes(body.event_action as EventAction)) {
    errors.push(`'event_action' is invalid (must be one of: trigger acknowledge resolve)`);
  } else action = body.event_action as EventAction;
  const dedupKey = checkDedupKey(body.dedup_key, 'dedup_key', action, errors, generateKey);

  let summary = '';
  let severity: Severity = 'error';
  let source: string | null = null;
  let timestamp: number | null = null;
  let component: string | null = null;
  let group: string | null = null;
  let klass: string | null = null;
  let customDetails: unknown = null;
  const p = body.payload;
  if (action === 'trigger') {
    if (!isObject(p)) {
      errors.push(`'payload' is missing or blank`);
    } else {
      if (blank(p.summary)) errors.push(`'payload.summary' is missing or blank`);
      else if (typeof p.summary !== 'string') errors.push(`'payload.summary' must be a string`);
      // PagerDuty documents 1024 characters; a longer summary is cut rather than the alert lost.
      else summary = p.summary.slice(0, MAX_SUMMARY);
      if (blank(p.source)) errors.push(`'payload.source' is missing or blank`);
      else source = optString(p.source, 'payload.source', errors);
      if (blank(p.severity)) errors.push(`'payload.severity' is missing or blank`);
      else if (!SEVERITIES.includes(p.severity as Severity)) {
        errors.push(`'payload.severity' is invalid (must be one of: critical error warning info)`);
      } else severity = p.severity as Severity;
      const ts = parseTimestamp(p.timestamp);
      if (ts === undefined) errors.push(`'payload.timestamp' is invalid (must be an ISO 8601 date and time)`);
      else timestamp = ts;
      component = optString(p.component, 'payload.component', errors);
      group = optString(p.group, 'payload.group', errors);
      klass = optString(p.class, 'payload.class', errors);
      customDetails = p.custom_details ?? null;
    }
  }
  const images = action === 'trigger' ? checkImages(body.images, 'images', errors) : [];
  const links = action === 'trigger' ? checkLinks(body.links, 'links', errors) : [];
  const client = action === 'trigger' ? optString(body.client, 'client', errors) : null;
  const clientUrl = action === 'trigger' ? optString(body.client_url, 'client_url', errors, 2048) : null;
  if (errors.length > 0 || !action) return { ok: false, errors };
  return {
    ok: true,
    value: {
      routingKey,
      event: {
        api: 'events_v2',
        action,
        dedupKey,
        summary,
        source,
        severity,
        timestamp,
        component,
        group,
        class: klass,
        customDetails,
        images,
        links,
        client,
        clientUrl,
        channel: 'api',
      },
    },
  };
}

/** Events API v1 (`POST /generic/2010-04-15/create_event.json`), with v1's own sentences. */
export function validateV1(body: Obj, generateKey: () => string): Checked<{ serviceKey: string; event: InboundEvent }> {
  const errors: string[] = [];
  let serviceKey = '';
  if (blank(body.service_key)) errors.push(`Service key can't be blank`);
  else if (typeof body.service_key !== 'string' || body.service_key.length !== 32) {
    errors.push('Service key is the wrong length (should be 32 characters)');
  } else serviceKey = body.service_key;
  let action: EventAction | null = null;
  if (blank(body.event_type)) errors.push(`'event_type' is missing or blank`);
  else if (!ACTIONS.includes(body.event_type as EventAction)) {
    errors.push('event_type is invalid (must be one of: trigger acknowledge resolve)');
  } else action = body.event_type as EventAction;
  let dedupKey = '';
  if (blank(body.incident_key)) {
    if (action === 'trigger') dedupKey = generateKey();
    else if (action) errors.push('Incident key is missing or blank');
  } else dedupKey = optString(body.incident_key, 'incident_key', errors, MAX_DEDUP_KEY) ?? '';
  let summary = '';
  if (action === 'trigger') {
    if (blank(body.description)) errors.push('Description is missing or blank');
    else if (typeof body.description !== 'string') errors.push(`'description' must be a string`);
    else summary = body.description.slice(0, MAX_SUMMARY);
  } else if (typeof body.description === 'string') {
    summary = body.description.slice(0, MAX_SUMMARY);
  }
  const images: EventImage[] = [];
  const links: EventLink[] = [];
  if (action === 'trigger' && body.contexts !== undefined && body.contexts !== null) {
    if (!Array.isArray(body.contexts)) errors.push(`'contexts' must be an array`);
    else {
      body.contexts.forEach((c, i) => {
        if (!isObject(c) || (c.type !== 'link' && c.type !== 'image')) {
          errors.push(`'contexts[${i}].type' is invalid (must be one of: link image)`);
        } else if (c.type === 'link') links.push(...checkLinks([c], `contexts[${i}]`, errors));
        else images.push(...checkImages([c], `contexts[${i}]`, errors));
      });
    }
  }
  const client = action === 'trigger' ? optString(body.client, 'client', errors) : null;
  const clientUrl = action === 'trigger' ? optString(body.client_url, 'client_url', errors, 2048) : null;
  if (errors.length > 0 || !action) return { ok: false, errors };
  return {
    ok: true,
    value: {
      serviceKey,
      event: inboundEvent({ api: 'events_v1', action, dedupKey, summary, customDetails: body.details ?? null, images, links, client, clientUrl, channel: 'api' }),
    },
  };
}

export interface ChangeEventInput {
  routingKey: string;
  summary: string;
  source: string | null;
  timestamp: number | null;
  customDetails: unknown;
  links: EventLink[];
  images: EventImage[];
}

/** Change events (`POST /v2/change/enqueue`). */
export function validateChange(body: Obj): Checked<ChangeEventInput> {
  const errors: string[] = [];
  const routingKey = checkRoutingKey(body.routing_key, 'routing_key', errors);
  let summary = '';
  let source: string | null = null;
  let timestamp: number | null = null;
  let customDetails: unknown = null;
  const p = body.payload;
  if (!isObject(p)) errors.push(`'payload' is missing or blank`);
  else {
    if (blank(p.summary)) errors.push(`'payload.summary' is missing or blank`);
    else if (typeof p.summary !== 'string') errors.push(`'payload.summary' must be a string`);
    else summary = p.summary.slice(0, MAX_SUMMARY);
    source = optString(p.source, 'payload.source', errors);
    const ts = parseTimestamp(p.timestamp);
    if (ts === undefined) errors.push(`'payload.timestamp' is invalid (must be an ISO 8601 date and time)`);
    else timestamp = ts;
    customDetails = p.custom_details ?? null;
  }
  const links = checkLinks(body.links, 'links', errors);
  const images = checkImages(body.images, 'images', errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { routingKey, summary, source, timestamp, customDetails, links, images } };
}
