import type { EmailMessage, EmailParser, MatchPredicate, Part, ValueExtractor } from './model.js';
import { MAX_KEY_LENGTH } from './model.js';
import { compile, extractWithRegex } from './regex.js';

/**
 * PagerDuty's email management rules: a predicate tree decides whether a rule applies, value
 * extractors pull the incident key and custom fields out of the message. Rules run in order and the
 * first match wins. `contains` and `exactly` are case-sensitive (except on sender addresses, which
 * are compared lower-cased); a regex may start with `(?i)`.
 */

/** The values of a part: one for subject and body, one per sender address for from_addresses. */
export function partValues(msg: EmailMessage, part: Part | null | undefined): string[] {
  if (part === 'subject') return [msg.subject];
  if (part === 'from_addresses') return msg.from.length ? msg.from : [''];
  return [msg.body];
}

/** The literal of a contains/exactly leaf; addresses are compared lower-cased (they are stored so). */
function literal(p: MatchPredicate): string {
  const m = p.matcher ?? '';
  return p.part === 'from_addresses' ? m.toLowerCase() : m;
}

export function predicateMatches(p: MatchPredicate, msg: EmailMessage): boolean {
  const children = p.children ?? [];
  switch (p.type) {
    case 'all':
      return children.every((c) => predicateMatches(c, msg));
    case 'any':
      return children.some((c) => predicateMatches(c, msg));
    case 'not':
      // NOT of the children taken together: true when none of them matches.
      return !children.some((c) => predicateMatches(c, msg));
    case 'contains':
      return partValues(msg, p.part).some((v) => v.includes(literal(p)));
    case 'exactly':
      return partValues(msg, p.part).some((v) => v.trim() === literal(p).trim());
    case 'regex':
      return partValues(msg, p.part).some((v) => compile(p.matcher ?? '').test(v));
    default:
      return false;
  }
}

function between(text: string, startsAfter: string, endsWith: string): string | null {
  const s = startsAfter ? text.indexOf(startsAfter) : 0;
  if (s < 0) return null;
  const from = s + startsAfter.length;
  if (!endsWith) return text.slice(from);
  const e = text.indexOf(endsWith, from);
  return e < 0 ? null : text.slice(from, e);
}

/** The extracted value (trimmed, ≤255 characters for the incident key), or null when the part yields none. */
export function extractValue(x: ValueExtractor, msg: EmailMessage): string | null {
  for (const text of partValues(msg, x.part)) {
    let v: string | null = null;
    if (x.type === 'entire') v = text;
    else if (x.type === 'regex') v = x.regex ? extractWithRegex(x.regex, text) : null;
    else if (x.type === 'between') v = between(text, x.starts_after ?? '', x.ends_with ?? x.ends_before ?? '');
    if (v !== null) {
      v = v.trim();
      if (v !== '') return x.value_name === 'incident_key' ? v.slice(0, MAX_KEY_LENGTH) : v;
    }
  }
  return null;
}

export interface RuleMatch {
  index: number;
  parser: EmailParser;
  /** The extracted incident key, null when the key extractor found nothing in this message. */
  incidentKey: string | null;
  /** Every other extracted value, by value_name. */
  fields: Record<string, string>;
}

/** The first rule whose predicate matches, with its extracted values; null when none matches. */
export function firstMatchingRule(parsers: EmailParser[], msg: EmailMessage): RuleMatch | null {
  for (let i = 0; i < parsers.length; i++) {
    const parser = parsers[i];
    if (!predicateMatches(parser.match_predicate, msg)) continue;
    let incidentKey: string | null = null;
    const fields: Record<string, string> = {};
    for (const x of parser.value_extractors ?? []) {
      const v = extractValue(x, msg);
      if (x.value_name === 'incident_key') incidentKey = v;
      else if (v !== null) fields[x.value_name] = v;
    }
    return { index: i, parser, incidentKey, fields };
  }
  return null;
}
