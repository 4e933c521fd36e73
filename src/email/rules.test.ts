import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideEmail, SINGLE_INCIDENT_KEY } from './decide.js';
import { filterRejection } from './filters.js';
import { normalizeEmailConfig, type EmailConfig, type EmailFilter, type EmailMessage, type EmailParser } from './model.js';
import { extractValue, predicateMatches } from './parsers.js';

function msg(over: Partial<EmailMessage> = {}): EmailMessage {
  return {
    from: ['nagios@mon.example.com'],
    to: 'ops@tocsin.test',
    subject: 'PROBLEM: host db1 is DOWN',
    body: 'Host: db1\nState: DOWN\nTicket: INC-4711 opened\n',
    textBody: 'Host: db1\nState: DOWN\nTicket: INC-4711 opened',
    attachments: 0,
    messageId: '<m1@mon>',
    truncated: false,
    ...over,
  };
}

const cfg = (over: Partial<EmailConfig> = {}): EmailConfig => ({ ...normalizeEmailConfig({}), ...over });
const f = (over: Partial<EmailFilter>): EmailFilter => ({ subject_mode: 'always', body_mode: 'always', from_email_mode: 'always', ...over });

describe('email filters', () => {
  const cases: Array<[string, Partial<EmailConfig>, Partial<EmailMessage>, boolean]> = [
    ['all-email accepts anything', { email_filter_mode: 'all-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'nope' })] }, {}, true],
    ['or: one filter passing is enough', { email_filter_mode: 'or-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'nope' }), f({ subject_mode: 'match', subject_regex: '^PROBLEM' })] }, {}, true],
    ['or: none passing discards', { email_filter_mode: 'or-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'nope' })] }, {}, false],
    ['and: all must pass', { email_filter_mode: 'and-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'db1' }), f({ from_email_mode: 'match', from_email_regex: '@mon\\.example\\.com$' })] }, {}, true],
    ['and: one failing discards', { email_filter_mode: 'and-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'db1' }), f({ from_email_mode: 'match', from_email_regex: '@other' })] }, {}, false],
    ['no-match passes when the regex misses', { email_filter_mode: 'and-rules-email', email_filters: [f({ body_mode: 'no-match', body_regex: 'RECOVERY' })] }, {}, true],
    ['no-match fails when the regex hits', { email_filter_mode: 'and-rules-email', email_filters: [f({ body_mode: 'no-match', body_regex: 'State: DOWN' })] }, {}, false],
    ['filter regexes are case-sensitive', { email_filter_mode: 'and-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'problem' })] }, {}, false],
    ['(?i) is not honoured in filters', { email_filter_mode: 'and-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: '(?i)problem' })] }, {}, false],
    ['m flag: ^ and $ match at lines', { email_filter_mode: 'and-rules-email', email_filters: [f({ body_mode: 'match', body_regex: '^State: DOWN$' })] }, {}, true],
    ['s flag: . crosses lines', { email_filter_mode: 'and-rules-email', email_filters: [f({ body_mode: 'match', body_regex: 'db1.State' })] }, {}, true],
    ['all three parts must pass within one filter', { email_filter_mode: 'or-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'db1', from_email_mode: 'no-match', from_email_regex: 'nagios' })] }, {}, false],
  ];
  for (const [name, c, m, pass] of cases) {
    it(name, () => assert.equal(filterRejection(cfg(c), msg(m)) === null, pass));
  }
});

describe('match predicates', () => {
  const cases: Array<[string, EmailParser['match_predicate'], boolean]> = [
    ['contains on subject', { type: 'contains', part: 'subject', matcher: 'DOWN' }, true],
    ['contains is case-sensitive', { type: 'contains', part: 'subject', matcher: 'down' }, false],
    ['exactly on from', { type: 'exactly', part: 'from_addresses', matcher: 'nagios@mon.example.com' }, true],
    ['exactly on from ignores the address case', { type: 'exactly', part: 'from_addresses', matcher: 'Nagios@Mon.Example.com' }, true],
    ['exactly needs the whole value', { type: 'exactly', part: 'subject', matcher: 'PROBLEM' }, false],
    ['regex on body with m flag', { type: 'regex', part: 'body', matcher: '^Ticket: INC-\\d+' }, true],
    ['regex may ask (?i)', { type: 'regex', part: 'subject', matcher: '(?i)problem' }, true],
    ['all', { type: 'all', children: [{ type: 'contains', part: 'subject', matcher: 'db1' }, { type: 'contains', part: 'body', matcher: 'DOWN' }] }, true],
    ['all with one miss', { type: 'all', children: [{ type: 'contains', part: 'subject', matcher: 'db1' }, { type: 'contains', part: 'body', matcher: 'UP' }] }, false],
    ['any', { type: 'any', children: [{ type: 'contains', part: 'subject', matcher: 'x' }, { type: 'contains', part: 'body', matcher: 'DOWN' }] }, true],
    ['not', { type: 'not', children: [{ type: 'contains', part: 'subject', matcher: 'RECOVERY' }] }, true],
    ['not of a match', { type: 'not', children: [{ type: 'contains', part: 'subject', matcher: 'PROBLEM' }] }, false],
    ['nested', { type: 'all', children: [{ type: 'not', children: [{ type: 'regex', part: 'subject', matcher: '^RECOVERY' }] }, { type: 'any', children: [{ type: 'exactly', part: 'from_addresses', matcher: 'nagios@mon.example.com' }] }] }, true],
  ];
  for (const [name, p, want] of cases) it(name, () => assert.equal(predicateMatches(p, msg()), want));
});

describe('value extractors', () => {
  const cases: Array<[string, Parameters<typeof extractValue>[0], string | null]> = [
    ['entire subject', { type: 'entire', part: 'subject', value_name: 'incident_key' }, 'PROBLEM: host db1 is DOWN'],
    ['regex capture', { type: 'regex', part: 'body', value_name: 'incident_key', regex: 'Ticket: (INC-\\d+)' }, 'INC-4711'],
    ['several groups joined with -', { type: 'regex', part: 'body', value_name: 'incident_key', regex: 'Host: (\\w+).*Ticket: INC-(\\d+)' }, 'db1-4711'],
    ['regex without a match', { type: 'regex', part: 'body', value_name: 'incident_key', regex: 'Zzz (\\d+)' }, null],
    ['between with ends_with', { type: 'between', part: 'subject', value_name: 'host', starts_after: 'host ', ends_with: ' is' }, 'db1'],
    ['between with ends_before (Terraform)', { type: 'between', part: 'subject', value_name: 'host', starts_after: 'host ', ends_before: ' is' }, 'db1'],
    ['between missing end', { type: 'between', part: 'subject', value_name: 'host', starts_after: 'host ', ends_with: '#' }, null],
    ['from address', { type: 'entire', part: 'from_addresses', value_name: 'sender' }, 'nagios@mon.example.com'],
  ];
  for (const [name, x, want] of cases) it(name, () => assert.equal(extractValue(x, msg()), want));

  it('cuts an incident key to 255 characters', () => {
    assert.equal(extractValue({ type: 'entire', part: 'subject', value_name: 'incident_key' }, msg({ subject: 'k'.repeat(400) }))?.length, 255);
  });
});

const resolveRule: EmailParser = {
  action: 'resolve',
  match_predicate: { type: 'regex', part: 'subject', matcher: '^RECOVERY' },
  value_extractors: [{ type: 'between', part: 'subject', value_name: 'incident_key', starts_after: 'host ', ends_with: ' is' }],
};
const triggerRule: EmailParser = {
  action: 'trigger',
  match_predicate: { type: 'regex', part: 'subject', matcher: '^PROBLEM' },
  value_extractors: [
    { type: 'between', part: 'subject', value_name: 'incident_key', starts_after: 'host ', ends_with: ' is' },
    { type: 'regex', part: 'body', value_name: 'ticket', regex: 'Ticket: (\\S+)' },
  ],
};

describe('decideEmail', () => {
  it('on_new_email: a trigger without a key (always a new incident)', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'on_new_email' }), msg());
    assert.equal(d.kind, 'event');
    if (d.kind !== 'event') return;
    assert.equal(d.action, 'trigger');
    assert.equal(d.dedupKey, null);
    assert.equal(d.summary, 'PROBLEM: host db1 is DOWN');
    assert.equal(d.source, 'nagios@mon.example.com');
    assert.deepEqual({ from: d.details.from, subject: d.details.subject, body: d.details.body, attachments: d.details.attachments }, {
      from: 'nagios@mon.example.com', subject: 'PROBLEM: host db1 is DOWN', body: 'Host: db1\nState: DOWN\nTicket: INC-4711 opened', attachments: 0,
    });
  });
  it('on_new_email_subject: keyed by the subject', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'on_new_email_subject' }), msg({ subject: '  Disk   full ' }));
    assert.ok(d.kind === 'event' && d.dedupKey === 'Disk full');
  });
  it('on_new_email_subject: an empty subject still has a key', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'on_new_email_subject' }), msg({ subject: '' }));
    assert.ok(d.kind === 'event' && d.dedupKey === '(no subject)' && d.summary === '(no subject)');
  });
  it('only_if_no_open_incidents: one key for everything', () => {
    const c = cfg({ email_incident_creation: 'only_if_no_open_incidents' });
    for (const s of ['a', 'b']) {
      const d = decideEmail(c, msg({ subject: s }));
      assert.ok(d.kind === 'event' && d.dedupKey === SINGLE_INCIDENT_KEY);
    }
  });
  it('filters run before the mode', () => {
    const d = decideEmail(cfg({ email_filter_mode: 'and-rules-email', email_filters: [f({ subject_mode: 'match', subject_regex: 'nope' })] }), msg());
    assert.equal(d.kind, 'discard');
  });
  it('filters run before rules', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'use_rules', email_parsers: [triggerRule], email_filter_mode: 'or-rules-email', email_filters: [f({ from_email_mode: 'no-match', from_email_regex: 'nagios' })] }), msg());
    assert.equal(d.kind, 'discard');
  });
  it('use_rules: a trigger rule extracts the key and custom fields', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'use_rules', email_parsers: [resolveRule, triggerRule] }), msg());
    assert.ok(d.kind === 'event');
    if (d.kind !== 'event') return;
    assert.equal(d.action, 'trigger');
    assert.equal(d.dedupKey, 'db1');
    assert.equal(d.details.ticket, 'INC-4711');
    assert.equal(d.reason, 'rule 2 (trigger)');
  });
  it('use_rules: a resolve rule resolves by key', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'use_rules', email_parsers: [resolveRule, triggerRule] }), msg({ subject: 'RECOVERY: host db1 is UP' }));
    assert.ok(d.kind === 'event' && d.action === 'resolve' && d.dedupKey === 'db1');
  });
  it('use_rules: first matching rule wins', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'use_rules', email_parsers: [{ ...resolveRule, match_predicate: { type: 'contains', part: 'subject', matcher: 'db1' } }, triggerRule] }), msg());
    assert.ok(d.kind === 'event' && d.action === 'resolve');
  });
  it('use_rules: a resolve rule that extracts no key discards', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'use_rules', email_parsers: [resolveRule] }), msg({ subject: 'RECOVERY: all good' }));
    assert.equal(d.kind, 'discard');
  });
  it('use_rules: fallback open_new_incident keys on the subject', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'use_rules', email_parsers: [resolveRule], email_parsing_fallback: 'open_new_incident' }), msg({ subject: 'Hello' }));
    assert.ok(d.kind === 'event' && d.action === 'trigger' && d.dedupKey === 'Hello');
  });
  it('use_rules: fallback discard', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'use_rules', email_parsers: [resolveRule], email_parsing_fallback: 'discard' }), msg({ subject: 'Hello' }));
    assert.equal(d.kind, 'discard');
  });
  it('rules are ignored outside use_rules', () => {
    const d = decideEmail(cfg({ email_incident_creation: 'on_new_email', email_parsers: [resolveRule] }), msg({ subject: 'RECOVERY: host db1 is UP' }));
    assert.ok(d.kind === 'event' && d.action === 'trigger' && d.dedupKey === null);
  });
  it('a hostile regex on a large body returns at once (RE2, linear time)', () => {
    const body = 'a'.repeat(60_000) + '!';
    const start = process.hrtime.bigint();
    const d = decideEmail(cfg({ email_filter_mode: 'and-rules-email', email_filters: [f({ body_mode: 'match', body_regex: '^(a+)+$' })] }), msg({ body }));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    assert.equal(d.kind, 'discard');
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});
