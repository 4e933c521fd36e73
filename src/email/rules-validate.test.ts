import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailConfigProblems } from './rules-validate.js';

const key = { type: 'entire', part: 'subject', value_name: 'incident_key' };
const rule = (over: Record<string, unknown> = {}) => ({
  action: 'trigger',
  match_predicate: { type: 'contains', part: 'subject', matcher: 'x' },
  value_extractors: [key],
  ...over,
});

describe('emailConfigProblems', () => {
  const valid: Array<[string, unknown]> = [
    ['nothing', null],
    ['empty object', {}],
    ['a full config', {
      email_incident_creation: 'use_rules', email_filter_mode: 'or-rules-email', email_parsing_fallback: 'discard',
      email_filters: [{ subject_mode: 'match', subject_regex: '^A', body_mode: 'always', from_email_mode: 'no-match', from_email_regex: '@x' }],
      email_parsers: [rule({ value_extractors: [{ type: 'regex', part: 'body', value_name: 'incident_key', regex: 'id=(\\d+)' }, { type: 'between', part: 'body', value_name: 'host', starts_after: 'h=', ends_before: ';' }] })],
    }],
    ['ten rules', { email_parsers: Array.from({ length: 10 }, () => rule()) }],
  ];
  for (const [name, c] of valid) it(`accepts ${name}`, () => assert.deepEqual(emailConfigProblems(c), []));

  const invalid: Array<[string, unknown, RegExp]> = [
    ['an unknown mode', { email_incident_creation: 'sometimes' }, /email_incident_creation must be one of/],
    ['an unknown filter mode', { email_filter_mode: 'some' }, /email_filter_mode must be one of/],
    ['an unknown fallback', { email_parsing_fallback: 'x' }, /email_parsing_fallback/],
    ['a filter regex that does not compile', { email_filters: [{ subject_mode: 'match', subject_regex: '(a', body_mode: 'always', from_email_mode: 'always' }] }, /email_filters\[0\]\.subject_regex is not a valid RE2/],
    ['a match filter without a regex', { email_filters: [{ subject_mode: 'always', body_mode: 'match', from_email_mode: 'always' }] }, /body_regex must be a non-empty/],
    ['a filter without modes', { email_filters: [{}] }, /subject_mode must be one of/],
    ['eleven rules', { email_parsers: Array.from({ length: 11 }, () => rule()) }, /at most 10 rules/],
    ['a rule without an incident_key extractor', { email_parsers: [rule({ value_extractors: [{ ...key, value_name: 'host' }] })] }, /exactly one value extractor must have a value_name of incident_key \(found 0\)/],
    ['a rule with two incident_key extractors', { email_parsers: [rule({ value_extractors: [key, key] })] }, /found 2/],
    ['a regex extractor without a capture group', { email_parsers: [rule({ value_extractors: [{ type: 'regex', part: 'body', value_name: 'incident_key', regex: 'id=\\d+' }] })] }, /must have at least one capture group/],
    ['nested capture groups', { email_parsers: [rule({ value_extractors: [{ type: 'regex', part: 'body', value_name: 'incident_key', regex: '(a(b))' }] })] }, /must not nest capture groups/],
    ['a predicate regex RE2 refuses (backreference)', { email_parsers: [rule({ match_predicate: { type: 'regex', part: 'body', matcher: '(a)\\1' } })] }, /matcher is not a valid RE2/],
    ['an empty all', { email_parsers: [rule({ match_predicate: { type: 'all', children: [] } })] }, /children must not be empty/],
    ['a leaf without a part', { email_parsers: [rule({ match_predicate: { type: 'contains', matcher: 'x' } })] }, /part must be one of/],
    ['a leaf without a matcher', { email_parsers: [rule({ match_predicate: { type: 'exactly', part: 'subject' } })] }, /matcher is required/],
    ['an unknown action', { email_parsers: [rule({ action: 'ack' })] }, /action must be one of trigger, resolve/],
    ['a between without starts_after', { email_parsers: [rule({ value_extractors: [{ type: 'between', part: 'body', value_name: 'incident_key' }] })] }, /starts_after is required/],
    ['too deep a predicate', { email_parsers: [rule({ match_predicate: JSON.parse('{"type":"not","children":['.repeat(12) + '{"type":"contains","part":"body","matcher":"x"}' + ']}'.repeat(12)) })] }, /nest at most/],
  ];
  for (const [name, c, re] of invalid) {
    it(`refuses ${name}`, () => {
      const problems = emailConfigProblems(c);
      assert.ok(problems.some((p) => re.test(p)), JSON.stringify(problems));
    });
  }
});
