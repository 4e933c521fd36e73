import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConditionError, evaluate, parseCondition, type Facts } from './condition.js';

const facts = (over: Partial<Facts> = {}): Facts => ({
  'incident.priority': 'P1',
  'incident.urgency': 'high',
  'incident.status': 'triggered',
  'incident.title': 'Database CPU at 99%',
  'incident.service.id': 'PSVC1',
  ...over,
});

const run = (text: string, f: Facts = facts()) => evaluate(parseCondition(text), f);

function fails(text: string, position: number, reason: RegExp): void {
  assert.throws(
    () => parseCondition(text),
    (e: unknown) => {
      assert.ok(e instanceof ConditionError, String(e));
      assert.equal(e.position, position, `position of: ${e.message}`);
      assert.match(e.reason, reason);
      assert.match(e.message, new RegExp(`position ${position + 1}:`));
      return true;
    },
  );
}

describe('workflow conditions (PCL subset)', () => {
  it('matches is exact and case-sensitive; matches part is a case-insensitive substring', () => {
    assert.equal(run("incident.priority matches 'P1'"), true);
    assert.equal(run("incident.priority matches 'P2'"), false);
    assert.equal(run("incident.priority matches 'p1'"), false);
    assert.equal(run('incident.urgency matches "high"'), true);
    assert.equal(run("incident.title matches part 'database'"), true);
    assert.equal(run("incident.title matches part 'network'"), false);
  });

  it('a null field never matches and does not exist', () => {
    const none = facts({ 'incident.priority': null });
    assert.equal(run("incident.priority matches 'P1'", none), false);
    assert.equal(run("incident.priority matches part ''", none), false);
    assert.equal(run('incident.priority exists', none), false);
    assert.equal(run('not incident.priority exists', none), true);
    assert.equal(run('incident.priority exists'), true);
  });

  it('not binds tighter than and, and tighter than or; parentheses group', () => {
    assert.equal(run("incident.priority matches 'P2' or incident.urgency matches 'high' and incident.status matches 'triggered'"), true);
    assert.equal(run("(incident.priority matches 'P2' or incident.urgency matches 'high') and incident.status matches 'resolved'"), false);
    assert.equal(run("not incident.priority matches 'P2' and incident.urgency matches 'high'"), true);
    assert.equal(run("not (incident.priority matches 'P1' and incident.urgency matches 'high')"), false);
    assert.equal(run("incident.service.id matches 'PSVC1'"), true);
  });

  it('quotes are escaped with a backslash', () => {
    assert.equal(run("incident.title matches 'it\\'s down'", facts({ 'incident.title': "it's down" })), true);
  });

  it('refuses what is outside the subset with the position and what was expected', () => {
    fails('', 0, /expected a condition/);
    fails("incident.priority == 'P1'", 18, /unexpected character '='/);
    fails("incident.priority matches regex 'P.*'", 26, /'matches regex' is not supported/);
    fails('incident.priority matches P1', 26, /expected a 'quoted string' after 'matches', found 'P1'/);
    fails("incident.assignee matches 'x'", 0, /unknown field 'incident.assignee'/);
    fails("incident.priority matches 'P1", 26, /not closed/);
    fails("(incident.priority matches 'P1'", 31, /expected '\)' to close the '\(' at position 1/);
    fails("incident.priority matches 'P1' incident.urgency matches 'high'", 31, /expected 'and', 'or' or the end/);
    fails("incident.priority contains 'P1'", 18, /expected 'matches', 'matches part' or 'exists'/);
    fails("incident.priority matches 'P1' and", 34, /expected a field/);
    fails("incident.'p' matches 'P1'", 9, /a field name after '\.'/);
  });
});
