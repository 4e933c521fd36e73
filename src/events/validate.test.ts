import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateChange, validateV1, validateV2 } from './validate.js';

const KEY = 'e93facc04764012d7bfb002500d5d1a6';
const gen = () => 'f'.repeat(32);
const errorsOf = (r: { ok: boolean; errors?: string[] }) => (r.ok ? [] : r.errors);

describe('validateV2', () => {
  it('normalises a full trigger', () => {
    const r = validateV2(
      {
        routing_key: KEY,
        event_action: 'trigger',
        dedup_key: 'srv01/HTTP',
        payload: { summary: 'down', source: 'srv01', severity: 'warning', timestamp: '2015-07-17T08:42:58.315+0000', component: 'web', group: 'prod', class: 'http', custom_details: { a: 1 } },
        images: [{ src: 'https://x/img.png', alt: 'graph' }],
        links: [{ href: 'https://x', text: 'x' }],
        client: 'Sample Monitoring Service',
        client_url: 'https://monitoring.service.com',
      },
      gen,
    );
    assert.ok(r.ok);
    assert.equal(r.value.routingKey, KEY);
    const e = r.value.event;
    assert.equal(e.dedupKey, 'srv01/HTTP');
    assert.equal(e.severity, 'warning');
    assert.equal(e.timestamp, Date.parse('2015-07-17T08:42:58.315Z'));
    assert.deepEqual(e.customDetails, { a: 1 });
    assert.deepEqual(e.images, [{ src: 'https://x/img.png', alt: 'graph' }]);
    assert.equal(e.channel, 'api');
  });

  it('generates a 32-hex dedup key for a trigger without one', () => {
    const r = validateV2({ routing_key: KEY, event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'info' } }, gen);
    assert.ok(r.ok);
    assert.equal(r.value.event.dedupKey, gen());
  });

  it('names every bad field with PagerDuty sentences', () => {
    assert.deepEqual(errorsOf(validateV2({ routing_key: KEY, event_action: 'trigger', payload: { summary: 's', source: 'x' } }, gen)), [
      `'payload.severity' is missing or blank`,
    ]);
    assert.deepEqual(errorsOf(validateV2({ event_action: 'explode', payload: {} }, gen)), [
      `'routing_key' is missing or blank`,
      `'event_action' is invalid (must be one of: trigger acknowledge resolve)`,
    ]);
    assert.deepEqual(errorsOf(validateV2({ routing_key: 'short', event_action: 'trigger', payload: { summary: ' ', source: 'x', severity: 'CRITICAL' } }, gen)), [
      `Length of 'routing_key' is incorrect (should be 32 characters)`,
      `'payload.summary' is missing or blank`,
      `'payload.severity' is invalid (must be one of: critical error warning info)`,
    ]);
    assert.deepEqual(errorsOf(validateV2({ routing_key: KEY, event_action: 'trigger' }, gen)), [`'payload' is missing or blank`]);
  });

  it('requires dedup_key for acknowledge and resolve but no payload', () => {
    assert.deepEqual(errorsOf(validateV2({ routing_key: KEY, event_action: 'resolve' }, gen)), [`'dedup_key' is missing or blank`]);
    const r = validateV2({ routing_key: KEY, event_action: 'acknowledge', dedup_key: 'k' }, gen);
    assert.ok(r.ok);
    assert.equal(r.value.event.action, 'acknowledge');
  });

  it('enforces field lengths: dedup_key 255 rejected, summary cut at 1024', () => {
    assert.deepEqual(errorsOf(validateV2({ routing_key: KEY, event_action: 'resolve', dedup_key: 'k'.repeat(256) }, gen)), [
      `'dedup_key' is too long (maximum is 255 characters)`,
    ]);
    const r = validateV2({ routing_key: KEY, event_action: 'trigger', payload: { summary: 's'.repeat(2000), source: 'x', severity: 'info' } }, gen);
    assert.ok(r.ok);
    assert.equal(r.value.event.summary.length, 1024);
    assert.deepEqual(errorsOf(validateV2({ routing_key: KEY, event_action: 'trigger', payload: { summary: 's', source: 'x'.repeat(1025), severity: 'info' } }, gen)), [
      `'payload.source' is too long (maximum is 1024 characters)`,
    ]);
  });

  it('rejects a bad timestamp and malformed images and links', () => {
    assert.deepEqual(
      errorsOf(
        validateV2(
          { routing_key: KEY, event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'info', timestamp: 'yesterday' }, images: [{}], links: 'x' },
          gen,
        ),
      ),
      [`'payload.timestamp' is invalid (must be an ISO 8601 date and time)`, `'images[0].src' is missing or blank`, `'links' must be an array`],
    );
  });
});

describe('validateV1', () => {
  it('normalises a trigger with contexts', () => {
    const r = validateV1(
      {
        service_key: KEY,
        event_type: 'trigger',
        incident_key: 'srv01/HTTP',
        description: 'FAILURE for production/HTTP on machine srv01.acme.com',
        details: { ping: 'fail' },
        contexts: [{ type: 'link', href: 'http://acme.pagerduty.com' }, { type: 'image', src: 'https://chart.png' }],
      },
      gen,
    );
    assert.ok(r.ok);
    assert.equal(r.value.event.api, 'events_v1');
    assert.equal(r.value.event.dedupKey, 'srv01/HTTP');
    assert.deepEqual(r.value.event.links, [{ href: 'http://acme.pagerduty.com' }]);
    assert.deepEqual(r.value.event.images, [{ src: 'https://chart.png' }]);
  });

  it("answers with v1's sentences", () => {
    assert.deepEqual(errorsOf(validateV1({ event_type: 'trigger' }, gen)), [`Service key can't be blank`, 'Description is missing or blank']);
    assert.deepEqual(errorsOf(validateV1({ service_key: 'abc', event_type: 'boom' }, gen)), [
      'Service key is the wrong length (should be 32 characters)',
      'event_type is invalid (must be one of: trigger acknowledge resolve)',
    ]);
    assert.deepEqual(errorsOf(validateV1({ service_key: KEY, event_type: 'resolve' }, gen)), ['Incident key is missing or blank']);
  });
});

describe('validateChange', () => {
  it('accepts a change event and requires payload.summary', () => {
    const r = validateChange({ routing_key: KEY, payload: { summary: 'Deployed v2', source: 'ci', timestamp: '2020-07-17T08:42:58Z', custom_details: { build: 1 } }, links: [{ href: 'https://ci' }] });
    assert.ok(r.ok);
    assert.equal(r.value.timestamp, Date.parse('2020-07-17T08:42:58Z'));
    assert.deepEqual(errorsOf(validateChange({ routing_key: KEY, payload: {} })), [`'payload.summary' is missing or blank`]);
  });
});
