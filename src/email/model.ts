/**
 * The email integration's settings as PagerDuty names them on the wire
 * (`generic_email_inbound_integration`), and the message the rules engine reads. No I/O here.
 */

export type IncidentCreation = 'on_new_email' | 'on_new_email_subject' | 'only_if_no_open_incidents' | 'use_rules';
export type FilterMode = 'all-email' | 'or-rules-email' | 'and-rules-email';
export type FilterMatchMode = 'always' | 'match' | 'no-match';
export type Part = 'body' | 'subject' | 'from_addresses';

export const INCIDENT_CREATIONS: IncidentCreation[] = ['on_new_email', 'on_new_email_subject', 'only_if_no_open_incidents', 'use_rules'];
export const FILTER_MODES: FilterMode[] = ['all-email', 'or-rules-email', 'and-rules-email'];
export const FILTER_MATCH_MODES: FilterMatchMode[] = ['always', 'match', 'no-match'];
export const PARTS: Part[] = ['body', 'subject', 'from_addresses'];

export interface EmailFilter {
  id?: string;
  subject_mode: FilterMatchMode;
  subject_regex?: string | null;
  body_mode: FilterMatchMode;
  body_regex?: string | null;
  from_email_mode: FilterMatchMode;
  from_email_regex?: string | null;
}

export interface MatchPredicate {
  type: 'all' | 'any' | 'not' | 'contains' | 'exactly' | 'regex';
  matcher?: string | null;
  part?: Part | null;
  children?: MatchPredicate[] | null;
}

export interface ValueExtractor {
  type: 'entire' | 'regex' | 'between';
  part: Part;
  value_name: string;
  regex?: string | null;
  starts_after?: string | null;
  /** PagerDuty's REST name; Terraform says `ends_before`. Both are accepted, `ends_with` wins. */
  ends_with?: string | null;
  ends_before?: string | null;
}

export interface EmailParser {
  id?: string;
  action: 'trigger' | 'resolve';
  match_predicate: MatchPredicate;
  value_extractors: ValueExtractor[];
}

export interface EmailConfig {
  email_incident_creation: IncidentCreation;
  email_filter_mode: FilterMode;
  email_filters: EmailFilter[];
  email_parsers: EmailParser[];
  email_parsing_fallback: 'open_new_incident' | 'discard';
}

/** At most this many parsing rules per integration (PagerDuty's limit). */
export const MAX_PARSERS = 10;
/** At most this many filters per integration (Tocsin's bound; PagerDuty documents none). */
export const MAX_FILTERS = 50;
/** Longest regex or matcher accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1000;
/** Longest incident key kept; PagerDuty truncates longer ones to 255. */
export const MAX_KEY_LENGTH = 255;

/** The defaults PagerDuty applies to an email integration created with none of the fields. */
export const DEFAULT_EMAIL_CONFIG: EmailConfig = Object.freeze({
  email_incident_creation: 'on_new_email_subject',
  email_filter_mode: 'all-email',
  email_filters: [],
  email_parsers: [],
  email_parsing_fallback: 'open_new_incident',
}) as EmailConfig;

/** A received message, decoded, bounded and ready for the rules (see mime.ts). */
export interface EmailMessage {
  /** Sender addresses from the From header (lower-cased); the envelope sender when there is none. */
  from: string[];
  /** The envelope recipient that named the integration. */
  to: string;
  subject: string;
  /** The decoded body the rules match: the text part, else the HTML source (PagerDuty does not strip HTML). */
  body: string;
  /** A sanitised plain-text body for people: the text part, else the HTML reduced to text. */
  textBody: string;
  attachments: number;
  messageId: string | null;
  /** True when a part was cut to the body bound. */
  truncated: boolean;
}

/** What the engine decides for one message. */
export type EmailDecision =
  | { kind: 'discard'; reason: string }
  | {
      kind: 'event';
      action: 'trigger' | 'resolve';
      /** The dedup (incident) key, or null for "always a new alert". */
      dedupKey: string | null;
      summary: string;
      source: string;
      /** Alert details: sender, subject, body, attachments, extracted custom fields. */
      details: Record<string, unknown>;
      /** Which rule or mode decided, for the log. */
      reason: string;
    };

function pick<T>(raw: Record<string, unknown>, snake: string, camel: string): T | undefined {
  const v = raw[snake] ?? raw[camel];
  return v === undefined || v === null ? undefined : (v as T);
}

/**
 * Reads an integration's stored email config (PagerDuty's snake_case field names; camelCase tolerated)
 * and fills PagerDuty's defaults. Values are not validated here: see rules-validate.ts.
 */
export function normalizeEmailConfig(raw: unknown): EmailConfig {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    email_incident_creation: pick(r, 'email_incident_creation', 'emailIncidentCreation') ?? DEFAULT_EMAIL_CONFIG.email_incident_creation,
    email_filter_mode: pick(r, 'email_filter_mode', 'emailFilterMode') ?? DEFAULT_EMAIL_CONFIG.email_filter_mode,
    email_filters: pick(r, 'email_filters', 'emailFilters') ?? [],
    email_parsers: pick(r, 'email_parsers', 'emailParsers') ?? [],
    email_parsing_fallback: pick(r, 'email_parsing_fallback', 'emailParsingFallback') ?? DEFAULT_EMAIL_CONFIG.email_parsing_fallback,
  };
}
