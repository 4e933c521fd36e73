import type { EmailConfig, EmailFilter, EmailMessage, FilterMatchMode } from './model.js';
import { compile } from './regex.js';

/**
 * PagerDuty's email filters, run before any rule. `all-email` accepts everything; `or-rules-email`
 * accepts mail that passes at least one filter; `and-rules-email` only mail that passes all of them.
 * A filter passes when its subject, body and from-address tests all pass. Filter regexes are
 * case-sensitive and `(?i)` is not honoured there, as on PagerDuty.
 */

function test(mode: FilterMatchMode, regex: string | null | undefined, values: string[]): boolean {
  if (mode === 'always') return true;
  // A regex-less match filter matches nothing (validation refuses it at save time).
  const matched = regex ? values.some((v) => compile(stripInlineCaseFlag(regex)).test(v)) : false;
  return mode === 'match' ? matched : !matched;
}

/** PagerDuty ignores `(?i)` in filters; RE2 would honour it, so we remove a leading one. */
function stripInlineCaseFlag(regex: string): string {
  return regex.replace(/^\(\?i\)/, '');
}

export function filterPasses(f: EmailFilter, msg: EmailMessage): boolean {
  return (
    test(f.subject_mode, f.subject_regex, [msg.subject]) &&
    test(f.body_mode, f.body_regex, [msg.body]) &&
    test(f.from_email_mode, f.from_email_regex, msg.from.length ? msg.from : [''])
  );
}

/** Null when the message passes the integration's filters, else the reason it is discarded. */
export function filterRejection(config: EmailConfig, msg: EmailMessage): string | null {
  const mode = config.email_filter_mode;
  const filters = config.email_filters;
  if (mode === 'all-email' || filters.length === 0) return null;
  if (mode === 'or-rules-email') {
    return filters.some((f) => filterPasses(f, msg)) ? null : 'matched none of the email filters (or-rules-email)';
  }
  const failed = filters.findIndex((f) => !filterPasses(f, msg));
  return failed < 0 ? null : `did not pass email filter ${failed + 1} (and-rules-email)`;
}
