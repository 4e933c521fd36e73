import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handoffsIn } from '../schedules/handoff.js';
import { HANDOFF_GRACE_MS, planHandoffs } from './handoff-plan.js';

const M = 60_000;
const rule = (userId: string, handoffType: 'both' | 'oncall' | 'offcall', notifyAdvanceInMinutes: number) => ({ id: `${userId}-${handoffType}`, userId, handoffType, notifyAdvanceInMinutes });

describe('handoffsIn', () => {
  it('takes span starts and ends strictly inside the range, in time order', () => {
    const spans = [
      { start: 0, end: 100, userId: 'A' },
      { start: 100, end: 200, userId: 'B' },
      { start: 250, end: 400, userId: 'A' },
    ];
    assert.deepEqual(handoffsIn(spans, 0, 400), [
      { userId: 'A', at: 100, direction: 'off' },
      { userId: 'B', at: 100, direction: 'on' },
      { userId: 'B', at: 200, direction: 'off' },
      { userId: 'A', at: 250, direction: 'on' },
    ]);
  });
});

describe('planHandoffs', () => {
  const h = [
    { userId: 'A', at: 100 * M, direction: 'off' as const },
    { userId: 'B', at: 100 * M, direction: 'on' as const },
  ];
  it('is due from the handoff minus the advance, for the directions the rule asks, and says when the next is', () => {
    const rules = [rule('A', 'both', 30), rule('B', 'oncall', 0), rule('B', 'offcall', 60)];
    assert.deepEqual(planHandoffs(h, rules, 69 * M), { due: [], next: 70 * M });
    const at70 = planHandoffs(h, rules, 70 * M);
    assert.deepEqual(at70.due.map((d) => d.rule.id), ['A-both']);
    assert.equal(at70.next, 100 * M);
    assert.deepEqual(planHandoffs(h, rules, 100 * M).due.map((d) => d.rule.id), ['A-both', 'B-oncall']);
  });
  it('drops a notice more than the grace after its handoff (the nodes were down)', () => {
    const rules = [rule('B', 'oncall', 0)];
    assert.equal(planHandoffs(h, rules, 100 * M + HANDOFF_GRACE_MS - 1).due.length, 1);
    assert.equal(planHandoffs(h, rules, 100 * M + HANDOFF_GRACE_MS).due.length, 0);
  });
});
