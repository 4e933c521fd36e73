import { InvalidInputError } from '../errors.js';
import { DEFAULT_EMAIL_CONFIG, MAX_EMAIL_PARSERS, type EmailConfig } from './model.js';

/** An integration as a client writes it (wire names); unknown fields are ignored. */
export interface IntegrationInput {
  type?: string;
  name?: string;
  service?: { id: string } | null;
  vendor?: { id: string } | null;
  integration_key?: string;
  integration_email?: string | null;
  email_incident_creation?: string;
  email_filter_mode?: string;
  email_filters?: unknown;
  email_parsers?: unknown;
  email_parsing_fallback?: string;
}

const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$/;

/**
 * The full address for an integration email: a bare local part gets `@<domain>` (as Terraform sends
 * it); a full address must be under the configured domain. Lowercased.
 */
export function normalizeIntegrationEmail(raw: string, domain: string): string {
  const v = raw.trim().toLowerCase();
  const at = v.lastIndexOf('@');
  const local = at < 0 ? v : v.slice(0, at);
  const host = at < 0 ? domain.toLowerCase() : v.slice(at + 1);
  if (host !== domain.toLowerCase()) {
    throw new InvalidInputError(`Integration email must be an address @${domain}.`);
  }
  if (!LOCAL_PART.test(local) || local.includes('..')) {
    throw new InvalidInputError('Integration email must have a local part of letters, digits, and . _ + - (at most 64 characters).');
  }
  return `${local}@${host}`;
}

/** A local part proposal from a name: "Shopping Cart" → "shopping-cart". */
export function emailLocalPartFrom(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'integration';
}

/**
 * Everything wrong with email settings, as sentences (empty: valid). email/ owns the rules and checks
 * them (email/index.ts emailConfigProblems); email depends on integrations, so the root injects it.
 */
export type EmailConfigCheck = (config: unknown) => string[];

/** The email settings after a write: the input's fields over `base` (defaults on create), validated. */
export function mergeEmailConfig(input: IntegrationInput, base: EmailConfig | null, emailConfigProblems: EmailConfigCheck): EmailConfig {
  const b = base ?? DEFAULT_EMAIL_CONFIG;
  const pick = <K extends keyof EmailConfig>(k: K): EmailConfig[K] =>
    input[k] === undefined || input[k] === null ? b[k] : (input[k] as unknown as EmailConfig[K]);
  const config: EmailConfig = {
    email_incident_creation: pick('email_incident_creation'),
    email_filter_mode: pick('email_filter_mode'),
    email_filters: pick('email_filters'),
    email_parsers: pick('email_parsers'),
    email_parsing_fallback: pick('email_parsing_fallback'),
  };
  const problems = emailConfigProblems(config);
  if (Array.isArray(config.email_parsers) && config.email_parsers.length > MAX_EMAIL_PARSERS && problems.length === 0) {
    problems.push(`email_parsers may have at most ${MAX_EMAIL_PARSERS} rules.`);
  }
  if (problems.length) throw new InvalidInputError(problems);
  return config;
}
