import {
  FILTER_MATCH_MODES,
  FILTER_MODES,
  INCIDENT_CREATIONS,
  MAX_FILTERS,
  MAX_PARSERS,
  MAX_PATTERN_LENGTH,
  PARTS,
} from './model.js';
import { captureGroupCount, hasNestedCaptureGroups, regexError } from './regex.js';

/**
 * Everything wrong with an email integration's settings, as sentences for a 400's `errors` array
 * (empty: valid). Takes the wire object (`email_incident_creation`, `email_filter_mode`,
 * `email_filters`, `email_parsers`, `email_parsing_fallback`); absent fields are fine (defaults).
 */
export function emailConfigProblems(config: unknown): string[] {
  const out: string[] = [];
  if (config === null || config === undefined) return out;
  if (typeof config !== 'object' || Array.isArray(config)) return ['Email settings must be an object.'];
  const c = config as Record<string, unknown>;
  oneOf(out, c.email_incident_creation, INCIDENT_CREATIONS, 'email_incident_creation');
  oneOf(out, c.email_filter_mode, FILTER_MODES, 'email_filter_mode');
  oneOf(out, c.email_parsing_fallback, ['open_new_incident', 'discard'], 'email_parsing_fallback');
  if (c.email_filters !== undefined && c.email_filters !== null) {
    if (!Array.isArray(c.email_filters)) out.push('email_filters must be an array.');
    else {
      if (c.email_filters.length > MAX_FILTERS) out.push(`email_filters may have at most ${MAX_FILTERS} filters.`);
      c.email_filters.forEach((f, i) => filterProblems(out, f, `email_filters[${i}]`));
    }
  }
  if (c.email_parsers !== undefined && c.email_parsers !== null) {
    if (!Array.isArray(c.email_parsers)) out.push('email_parsers must be an array.');
    else {
      if (c.email_parsers.length > MAX_PARSERS) out.push(`email_parsers may have at most ${MAX_PARSERS} rules.`);
      c.email_parsers.forEach((p, i) => parserProblems(out, p, `email_parsers[${i}]`));
    }
  }
  return out;
}

function oneOf(out: string[], v: unknown, allowed: readonly string[], name: string): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !allowed.includes(v)) out.push(`${name} must be one of ${allowed.join(', ')}.`);
}

function regexProblems(out: string[], v: unknown, name: string): boolean {
  if (typeof v !== 'string' || v === '') {
    out.push(`${name} must be a non-empty regular expression.`);
    return false;
  }
  if (v.length > MAX_PATTERN_LENGTH) {
    out.push(`${name} must be at most ${MAX_PATTERN_LENGTH} characters.`);
    return false;
  }
  const err = regexError(v);
  if (err) {
    out.push(`${name} is not a valid RE2 regular expression: ${err}.`);
    return false;
  }
  return true;
}

function filterProblems(out: string[], f: unknown, at: string): void {
  if (!f || typeof f !== 'object') {
    out.push(`${at} must be an object.`);
    return;
  }
  const r = f as Record<string, unknown>;
  for (const field of ['subject', 'body', 'from_email'] as const) {
    const mode = r[`${field}_mode`];
    if (typeof mode !== 'string' || !FILTER_MATCH_MODES.includes(mode as never)) {
      out.push(`${at}.${field}_mode must be one of ${FILTER_MATCH_MODES.join(', ')}.`);
    } else if (mode !== 'always') {
      regexProblems(out, r[`${field}_regex`], `${at}.${field}_regex`);
    }
  }
}

const LEAVES = ['contains', 'exactly', 'regex'];
const BRANCHES = ['all', 'any', 'not'];
const MAX_PREDICATE_DEPTH = 8;
const MAX_PREDICATE_NODES = 100;

function predicateProblems(out: string[], p: unknown, at: string, depth: number, count: { n: number }): void {
  if (++count.n > MAX_PREDICATE_NODES) {
    if (count.n === MAX_PREDICATE_NODES + 1) out.push(`${at}: a match_predicate may have at most ${MAX_PREDICATE_NODES} conditions.`);
    return;
  }
  if (!p || typeof p !== 'object') {
    out.push(`${at} must be an object.`);
    return;
  }
  const r = p as Record<string, unknown>;
  if (typeof r.type !== 'string' || ![...LEAVES, ...BRANCHES].includes(r.type)) {
    out.push(`${at}.type must be one of ${[...BRANCHES, ...LEAVES].join(', ')}.`);
    return;
  }
  if (BRANCHES.includes(r.type)) {
    if (!Array.isArray(r.children) || r.children.length === 0) {
      out.push(`${at}.children must not be empty when type is ${r.type}.`);
      return;
    }
    if (depth >= MAX_PREDICATE_DEPTH) {
      out.push(`${at}: match_predicate may nest at most ${MAX_PREDICATE_DEPTH} levels.`);
      return;
    }
    r.children.forEach((ch, i) => predicateProblems(out, ch, `${at}.children[${i}]`, depth + 1, count));
    return;
  }
  if (typeof r.part !== 'string' || !PARTS.includes(r.part as never)) out.push(`${at}.part must be one of ${PARTS.join(', ')}.`);
  if (r.type === 'regex') regexProblems(out, r.matcher, `${at}.matcher`);
  else if (typeof r.matcher !== 'string' || r.matcher === '') out.push(`${at}.matcher is required when type is ${r.type}.`);
  else if (r.matcher.length > MAX_PATTERN_LENGTH) out.push(`${at}.matcher must be at most ${MAX_PATTERN_LENGTH} characters.`);
}

function extractorProblems(out: string[], x: unknown, at: string): void {
  if (!x || typeof x !== 'object') {
    out.push(`${at} must be an object.`);
    return;
  }
  const r = x as Record<string, unknown>;
  if (typeof r.value_name !== 'string' || r.value_name.trim() === '') out.push(`${at}.value_name is required.`);
  if (typeof r.part !== 'string' || !PARTS.includes(r.part as never)) out.push(`${at}.part must be one of ${PARTS.join(', ')}.`);
  if (r.type === 'regex') {
    if (regexProblems(out, r.regex, `${at}.regex`)) {
      const re = r.regex as string;
      if (captureGroupCount(re) < 1) {
        out.push(`${at}: Email handler email action rules value extractors matcher must have at least one capture group.`);
      } else if (hasNestedCaptureGroups(re)) {
        out.push(`${at}.regex must not nest capture groups.`);
      }
    }
  } else if (r.type === 'between') {
    const start = r.starts_after;
    const end = r.ends_with ?? r.ends_before;
    if (typeof start !== 'string' || start === '') out.push(`${at}.starts_after is required when type is between.`);
    if (end !== undefined && end !== null && typeof end !== 'string') out.push(`${at}.ends_with must be a string.`);
  } else if (r.type !== 'entire') {
    out.push(`${at}.type must be one of entire, regex, between.`);
  }
}

function parserProblems(out: string[], p: unknown, at: string): void {
  if (!p || typeof p !== 'object') {
    out.push(`${at} must be an object.`);
    return;
  }
  const r = p as Record<string, unknown>;
  if (r.action !== 'trigger' && r.action !== 'resolve') out.push(`${at}.action must be one of trigger, resolve.`);
  if (r.match_predicate === undefined || r.match_predicate === null) out.push(`${at}.match_predicate is required.`);
  else predicateProblems(out, r.match_predicate, `${at}.match_predicate`, 0, { n: 0 });
  if (!Array.isArray(r.value_extractors) || r.value_extractors.length === 0) {
    out.push(`${at}.value_extractors must not be empty: exactly one must have a value_name of incident_key.`);
    return;
  }
  const keys = r.value_extractors.filter((x) => (x as Record<string, unknown> | null)?.value_name === 'incident_key').length;
  if (keys !== 1) out.push(`${at}.value_extractors: exactly one value extractor must have a value_name of incident_key (found ${keys}).`);
  if (r.value_extractors.length > 20) out.push(`${at}.value_extractors may have at most 20 extractors.`);
  r.value_extractors.slice(0, 20).forEach((x, i) => extractorProblems(out, x, `${at}.value_extractors[${i}]`));
}
