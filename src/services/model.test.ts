import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../errors.js';
import { deriveStatus, type Service } from './model.js';
import { normalizeService } from './normalize.js';
import { isoIn } from './present.js';

const hoursRule = {
  type: 'use_support_hours',
  during_support_hours: { type: 'constant', urgency: 'high' },
  outside_support_hours: { type: 'constant', urgency: 'low' },
};
const hours = { type: 'fixed_time_per_day', time_zone: 'Europe/Paris', days_of_week: [1, 2, 3, 4, 5], start_time: '08:00:00', end_time: '18:00:00' };

function created(extra: Record<string, unknown> = {}): Service {
  const s = normalizeService({ name: 'S', escalation_policy: { id: 'PPOLICY' }, ...extra }, null);
  return { ...s, id: 'PSERVIC', createdAt: 0, updatedAt: 0, lastIncidentTimestamp: null, deletedAt: null };
}

describe('normalizeService', () => {
  it('keeps what a partial update does not name', () => {
    const s = created({ acknowledgement_timeout: 300, incident_urgency_rule: hoursRule, support_hours: hours });
    const u = normalizeService({ description: 'x' }, s);
    assert.equal(u.acknowledgementTimeout, 300);
    assert.deepEqual(u.supportHours, s.supportHours);
    assert.equal(u.name, 'S');
  });

  it('uses stored support hours when only the rule changes, and clears them with a constant rule', () => {
    const s = created({ incident_urgency_rule: hoursRule, support_hours: hours });
    assert.equal(normalizeService({ incident_urgency_rule: hoursRule }, s).supportHours?.time_zone, 'Europe/Paris');
    const c = normalizeService({ incident_urgency_rule: { type: 'constant', urgency: 'severity_based' } }, s);
    assert.equal(c.supportHours, null);
    assert.deepEqual(c.scheduledActions, []);
    assert.deepEqual(c.incidentUrgencyRule, { type: 'constant', urgency: 'severity_based' });
  });

  it('disables timeouts when unset on create, 0 or null; keeps them on update unless named', () => {
    const s = created();
    assert.equal(s.acknowledgementTimeout, null);
    assert.equal(s.autoResolveTimeout, null);
    assert.equal(normalizeService({ auto_resolve_timeout: 14400 }, s).autoResolveTimeout, 14400);
    assert.equal(normalizeService({ auto_resolve_timeout: null }, { ...s, autoResolveTimeout: 60 }).autoResolveTimeout, null);
  });

  it('lists every problem at once', () => {
    try {
      normalizeService({ name: '', alert_creation: 'x', acknowledgement_timeout: -1 }, null);
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof InvalidInputError);
      assert.equal(err.details.length, 4);
    }
  });

  it('refuses scheduled actions unless urgency is high during and low outside support hours', () => {
    const actions = [{ type: 'urgency_change', at: { type: 'named_time', name: 'support_hours_start' }, to_urgency: 'high' }];
    const lowLow = { ...hoursRule, during_support_hours: { type: 'constant', urgency: 'low' } };
    assert.throws(() => created({ incident_urgency_rule: lowLow, support_hours: hours, scheduled_actions: actions }), InvalidInputError);
    assert.throws(() => created({ scheduled_actions: actions }), InvalidInputError);
    assert.equal(created({ incident_urgency_rule: hoursRule, support_hours: hours, scheduled_actions: actions }).scheduledActions.length, 1);
  });
});

describe('normalizeService: what clients send back', () => {
  it('ignores derived statuses on update (GET-modify-PUT) but refuses them on create', () => {
    const s = created();
    for (const status of ['critical', 'warning', 'maintenance']) assert.equal(normalizeService({ status }, s).state, 'active');
    assert.equal(normalizeService({ status: 'disabled' }, s).state, 'disabled');
    assert.throws(() => normalizeService({ status: 'bogus' }, s), InvalidInputError);
    assert.throws(() => created({ status: 'critical' }), InvalidInputError);
  });

  it('reads the deprecated alert_grouping fields when the parameters are absent', () => {
    assert.deepEqual(created({ alert_grouping: 'time', alert_grouping_timeout: 20 }).alertGroupingParameters, { type: 'time', config: { timeout: 20 } });
    assert.deepEqual(created({ alert_grouping: 'intelligent' }).alertGroupingParameters, { type: 'intelligent', config: { time_window: 0 } });
    const both = created({ alert_grouping: 'time', alert_grouping_parameters: { type: 'content_based', config: { aggregate: 'all', fields: ['source'] } } });
    assert.equal(both.alertGroupingParameters.type, 'content_based');
    assert.throws(() => created({ alert_grouping: 'fuzzy' }), InvalidInputError);
  });
});

describe('deriveStatus', () => {
  it('orders disabled > maintenance > critical > warning > active', () => {
    assert.equal(deriveStatus('disabled', ['critical']), 'disabled');
    assert.equal(deriveStatus('active', ['warning', 'maintenance', 'critical']), 'maintenance');
    assert.equal(deriveStatus('active', ['warning', undefined, 'critical']), 'critical');
    assert.equal(deriveStatus('active', [undefined]), 'active');
  });
});

describe('isoIn', () => {
  it('renders a time with the zone offset, DST and half hours included', () => {
    const t = Date.parse('2026-07-01T12:00:00Z');
    assert.equal(isoIn(t, null), '2026-07-01T12:00:00.000Z');
    assert.equal(isoIn(t, 'America/New_York'), '2026-07-01T08:00:00-04:00');
    assert.equal(isoIn(Date.parse('2026-01-01T12:00:00Z'), 'America/New_York'), '2026-01-01T07:00:00-05:00');
    assert.equal(isoIn(t, 'Asia/Kolkata'), '2026-07-01T17:30:00+05:30');
    assert.equal(isoIn(t, 'America/St_Johns'), '2026-07-01T09:30:00-02:30');
    assert.equal(isoIn(null, 'Asia/Tokyo'), null);
  });
});
