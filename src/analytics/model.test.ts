import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeFacts, interruptionKind, type FactEntry, type FactIncident } from './model.js';

const T0 = Date.parse('2026-03-02T10:00:00Z'); // a Monday
const min = (n: number) => T0 + n * 60_000;
const user = (id: string) => ({ type: 'user', id });
const service = { type: 'service', id: 'PSVC001' };

function incident(over: Partial<FactIncident> = {}): FactIncident {
  return {
    id: 'PINC001',
    serviceId: 'PSVC001',
    integrationId: 'PINT001',
    teamId: null,
    escalationPolicyId: 'PEP0001',
    urgency: 'high',
    status: 'resolved',
    createdAt: T0,
    resolvedAt: null,
    major: false,
    ...over,
  };
}

describe('computeFacts', () => {
  it('measures ack, escalation by timeout, re-trigger by ack timeout, and a user resolve', () => {
    const entries: FactEntry[] = [
      { type: 'trigger_log_entry', at: min(0), agent: service, channelType: 'api' },
      { type: 'assign_log_entry', at: min(0), agent: service, channelType: 'auto', assigneeIds: ['PU1'] },
      { type: 'notify_log_entry', at: min(0), agent: null, channelType: 'auto', userId: 'PU1' },
      { type: 'notify_log_entry', at: min(0), agent: null, channelType: 'auto', userId: 'PU1' }, // 2nd contact method, same minute
      { type: 'escalate_log_entry', at: min(30), agent: service, channelType: 'timeout' },
      { type: 'notify_log_entry', at: min(30), agent: null, channelType: 'auto', userId: 'PU2' },
      { type: 'acknowledge_log_entry', at: min(35), agent: user('PU2'), channelType: 'website' },
      { type: 'unacknowledge_log_entry', at: min(65), agent: service, channelType: 'timeout' },
      { type: 'acknowledge_log_entry', at: min(70), agent: user('PU1'), channelType: 'website' },
      { type: 'resolve_log_entry', at: min(100), agent: user('PU1'), channelType: 'website' },
    ];
    const f = computeFacts(incident({ resolvedAt: min(100) }), entries, 3, min(200));
    assert.equal(f.secondsToResolve, 6000);
    assert.equal(f.secondsToFirstAck, 35 * 60);
    assert.equal(f.acknowledgementCount, 2);
    assert.deepEqual(f.engagedUserIds, ['PU2', 'PU1']);
    // PU2 engaged from 35 to 100, PU1 from 70 to 100.
    assert.equal(f.engagedSeconds, 65 * 60 + 30 * 60);
    assert.equal(f.secondsToEngage, 35 * 60);
    assert.equal(f.secondsToMobilize, 70 * 60);
    assert.equal(f.escalationCount, 1);
    assert.equal(f.timeoutEscalationCount, 1);
    assert.equal(f.manualEscalationCount, 0);
    assert.equal(f.assignmentCount, 2);
    assert.equal(f.reassignmentCount, 0);
    assert.equal(f.notificationCount, 3);
    assert.equal(f.interruptions, 2);
    assert.equal(f.businessHourInterruptions, 2);
    assert.equal(f.autoResolved, false);
    assert.equal(f.resolvedByUserId, 'PU1');
    assert.equal(f.alertCount, 3);
  });

  it('counts a resolve by the service (timeout or integration) as auto-resolved', () => {
    const entries: FactEntry[] = [
      { type: 'trigger_log_entry', at: min(0), agent: service, channelType: 'api' },
      { type: 'resolve_log_entry', at: min(240), agent: service, channelType: 'timeout' },
    ];
    const f = computeFacts(incident({ resolvedAt: min(240) }), entries, 1, min(300));
    assert.equal(f.autoResolved, true);
    assert.equal(f.resolvedByUserId, null);
    assert.equal(f.secondsToFirstAck, null);
    assert.equal(f.secondsToEngage, null);
    assert.equal(f.secondsToMobilize, null);
  });

  it('counts manual escalations, reassignments and snoozed time', () => {
    const entries: FactEntry[] = [
      { type: 'trigger_log_entry', at: min(0), agent: user('PU1'), channelType: 'web_trigger' },
      { type: 'escalate_log_entry', at: min(5), agent: user('PU1'), channelType: 'website' },
      { type: 'assign_log_entry', at: min(6), agent: user('PU1'), channelType: 'website', assigneeIds: ['PU3'] },
      { type: 'acknowledge_log_entry', at: min(10), agent: user('PU3'), channelType: 'website' },
      { type: 'snooze_log_entry', at: min(11), agent: user('PU3'), channelType: 'website' },
      { type: 'unacknowledge_log_entry', at: min(71), agent: service, channelType: 'timeout' },
    ];
    const f = computeFacts(incident({ status: 'triggered', resolvedAt: null }), entries, 0, min(80));
    assert.equal(f.manualEscalationCount, 1);
    assert.equal(f.timeoutEscalationCount, 0);
    assert.equal(f.reassignmentCount, 1);
    assert.equal(f.snoozedSeconds, 3600);
    assert.equal(f.secondsToResolve, null);
    assert.equal(f.autoResolved, false);
    // Still open: engaged time runs to "now".
    assert.equal(f.engagedSeconds, 70 * 60);
  });
});

describe('interruptionKind', () => {
  it('splits the week into business, off and sleep hours', () => {
    assert.equal(interruptionKind(Date.parse('2026-03-02T09:00:00Z')), 'business'); // Monday
    assert.equal(interruptionKind(Date.parse('2026-03-02T19:00:00Z')), 'off');
    assert.equal(interruptionKind(Date.parse('2026-03-02T23:00:00Z')), 'sleep');
    assert.equal(interruptionKind(Date.parse('2026-03-07T12:00:00Z')), 'off'); // Saturday
    assert.equal(interruptionKind(Date.parse('2026-03-07T06:00:00Z')), 'sleep');
    assert.equal(interruptionKind(Date.parse('2026-03-02T09:00:00Z'), 'America/New_York'), 'sleep'); // 04:00 there
  });
});
