// Integrations: how monitoring tools reach a service. Email settings keep PagerDuty's wire names
// (snake_case) because they are stored as JSON and read as such by the email module.

/** The integration types PagerDuty's Integration schema lists. */
export const INTEGRATION_TYPES = [
  'aws_cloudwatch_inbound_integration',
  'cloudkick_inbound_integration',
  'event_transformer_api_inbound_integration',
  'generic_email_inbound_integration',
  'generic_events_api_inbound_integration',
  'keynote_inbound_integration',
  'nagios_inbound_integration',
  'pingdom_inbound_integration',
  'sql_monitor_inbound_integration',
  'events_api_v2_inbound_integration',
] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

export const EMAIL_TYPE = 'generic_email_inbound_integration';
export const EVENTS_V2_TYPE = 'events_api_v2_inbound_integration';

export type EmailIncidentCreation = 'on_new_email' | 'on_new_email_subject' | 'only_if_no_open_incidents' | 'use_rules';
export type EmailFilterMode = 'all-email' | 'or-rules-email' | 'and-rules-email';
export type FilterMode = 'match' | 'no-match' | 'always';

export interface EmailFilter {
  subject_mode: FilterMode;
  subject_regex: string | null;
  body_mode: FilterMode;
  body_regex: string | null;
  from_email_mode: FilterMode;
  from_email_regex: string | null;
}

export interface MatchPredicate {
  type: 'all' | 'any' | 'not' | 'contains' | 'exactly' | 'regex';
  matcher?: string;
  part?: 'body' | 'subject' | 'from_addresses';
  children: MatchPredicate[];
}

export interface ValueExtractor {
  type: 'entire' | 'regex' | 'between';
  part: 'body' | 'subject' | 'from_addresses';
  value_name: string;
  regex?: string;
  starts_after?: string;
  /** PagerDuty's spec says ends_with; its Terraform client says ends_before. Both are kept. */
  ends_with?: string;
  ends_before?: string;
}

export interface EmailParser {
  action: 'trigger' | 'resolve';
  match_predicate: MatchPredicate;
  value_extractors: ValueExtractor[];
}

export interface EmailConfig {
  email_incident_creation: EmailIncidentCreation;
  email_filter_mode: EmailFilterMode;
  email_filters: EmailFilter[];
  email_parsers: EmailParser[];
  email_parsing_fallback: 'open_new_incident' | 'discard';
}

export const DEFAULT_EMAIL_CONFIG: EmailConfig = {
  email_incident_creation: 'on_new_email_subject',
  email_filter_mode: 'all-email',
  email_filters: [],
  email_parsers: [],
  email_parsing_fallback: 'open_new_incident',
};

export const MAX_EMAIL_PARSERS = 10;

export interface Integration {
  id: string;
  serviceId: string;
  type: IntegrationType;
  name: string;
  vendorId: string | null;
  /** 32 lowercase hex characters, for key-based integrations; null for email ones. */
  integrationKey: string | null;
  /** The full address, for email integrations; null otherwise. */
  integrationEmail: string | null;
  emailConfig: EmailConfig | null;
  createdAt: number;
  deletedAt: number | null;
}

export const KEY_PATTERN = /^[0-9a-f]{32}$/;

export function isIntegrationType(v: unknown): v is IntegrationType {
  return typeof v === 'string' && (INTEGRATION_TYPES as readonly string[]).includes(v);
}
