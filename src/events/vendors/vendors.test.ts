import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translateAlertmanager } from './alertmanager.js';
import { translateCloudWatch } from './cloudwatch.js';
import { translateDatadog } from './datadog.js';
import { translateGrafana } from './grafana.js';
import type { TranslateResult } from './types.js';

const events = (r: TranslateResult) => {
  assert.equal(r.kind, 'events', JSON.stringify(r));
  return r.kind === 'events' ? r.events : [];
};

// Alertmanager's documented v4 webhook body, two alerts of one group (one firing, one resolved).
const alertmanager = {
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'tocsin',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency', job: 'api', severity: 'critical' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', instance: 'api-1:9100', job: 'api', severity: 'critical' },
      annotations: { summary: 'p99 latency above 1s on api-1' },
      startsAt: '2024-05-01T10:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=latency',
      fingerprint: 'c3a9f2d1b0e84a77',
    },
    {
      status: 'resolved',
      labels: { alertname: 'HighLatency', instance: 'api-2:9100', job: 'api', severity: 'critical' },
      annotations: { summary: 'p99 latency above 1s on api-2' },
      startsAt: '2024-05-01T09:50:00.000Z',
      endsAt: '2024-05-01T10:01:00.000Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=latency',
      fingerprint: '5d1e0f9a7b6c4d3e',
    },
  ],
};

describe('Alertmanager v4', () => {
  it('makes one event per alert with the fingerprint as a stable key', () => {
    const [a, b] = events(translateAlertmanager(alertmanager));
    assert.equal(a.action, 'trigger');
    assert.equal(a.dedupKey, 'c3a9f2d1b0e84a77');
    assert.equal(a.summary, 'p99 latency above 1s on api-1');
    assert.equal(a.severity, 'critical');
    assert.equal(a.source, 'api-1:9100');
    assert.equal(a.channel, 'alertmanager');
    assert.equal(b.action, 'resolve');
    assert.equal(b.dedupKey, '5d1e0f9a7b6c4d3e');
  });

  it('without fingerprints keys by the label set, not the text', () => {
    const strip = (p: typeof alertmanager) => ({ ...p, alerts: p.alerts.map(({ fingerprint: _f, ...a }) => a) });
    const first = events(translateAlertmanager(strip(alertmanager)));
    const again = events(translateAlertmanager(strip({ ...alertmanager, alerts: alertmanager.alerts.map((a) => ({ ...a, annotations: { summary: 'other text' } })) })));
    assert.equal(first[0].dedupKey, again[0].dedupKey);
    assert.notEqual(first[0].dedupKey, first[1].dedupKey);
    assert.match(first[0].dedupKey, /^[0-9a-f]{32}$/);
  });

  it('rejects a body without alerts', () => {
    assert.equal(translateAlertmanager({ version: '4' }).kind, 'invalid');
  });
});

describe('Grafana', () => {
  it('translates unified alerting payloads', () => {
    const [e] = events(
      translateGrafana({
        receiver: 'tocsin',
        status: 'firing',
        orgId: 1,
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'DiskFull', grafana_folder: 'infra', instance: 'db-1' },
            annotations: { description: 'Disk 95% full on db-1' },
            startsAt: '2024-05-01T10:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'https://grafana/alerting/grafana/abc/view',
            fingerprint: '8ab2c71f',
            dashboardURL: 'https://grafana/d/xyz',
            valueString: "[ var='A' value=95 ]",
          },
        ],
        groupLabels: { alertname: 'DiskFull' },
        commonLabels: { alertname: 'DiskFull' },
        externalURL: 'https://grafana/',
        version: '1',
        groupKey: '{}:{alertname="DiskFull"}',
        title: '[FIRING:1] DiskFull',
        state: 'alerting',
        message: '**Firing**',
      }),
    );
    assert.equal(e.action, 'trigger');
    assert.equal(e.dedupKey, 'grafana-8ab2c71f');
    assert.equal(e.summary, 'Disk 95% full on db-1');
    assert.equal(e.channel, 'grafana');
    assert.equal(e.links.length, 2);
  });

  it('translates legacy dashboard alerts: alerting → trigger, ok → resolve, same key', () => {
    const legacy = { dashboardId: 1, panelId: 2, orgId: 1, ruleId: 7, ruleName: 'Load', ruleUrl: 'https://grafana/d/1', title: '[Alerting] Load', message: 'load high', evalMatches: [{ value: 9, metric: 'load', tags: {} }] };
    const [t] = events(translateGrafana({ ...legacy, state: 'alerting' }));
    const [r] = events(translateGrafana({ ...legacy, state: 'ok', title: '[OK] Load' }));
    assert.equal(t.action, 'trigger');
    assert.equal(r.action, 'resolve');
    assert.equal(t.dedupKey, r.dedupKey);
    assert.equal(translateGrafana({ ...legacy, state: 'pending' }).kind, 'ignored');
  });
});

const alarm = (state: string) => ({
  AlarmName: 'api-5xx',
  AlarmDescription: 'API 5xx above 1%',
  AWSAccountId: '123456789012',
  NewStateValue: state,
  NewStateReason: 'Threshold Crossed: 1 datapoint [3.0] was greater than the threshold (1.0).',
  StateChangeTime: '2024-05-01T10:00:00.000+0000',
  Region: 'EU (Ireland)',
  AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-5xx',
  OldStateValue: 'OK',
  Trigger: { MetricName: '5XXError', Namespace: 'AWS/ApiGateway', Statistic: 'AVERAGE', Threshold: 1 },
});
const sns = (message: unknown) => ({
  Type: 'Notification',
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms',
  Subject: 'ALARM: "api-5xx" in EU (Ireland)',
  Message: JSON.stringify(message),
  Timestamp: '2024-05-01T10:00:01.000Z',
  SignatureVersion: '1',
  Signature: 'EXAMPLE',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-example.pem',
  UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
});

describe('CloudWatch via SNS', () => {
  it('answers the subscription handshake with its SubscribeURL', () => {
    const r = translateCloudWatch(
      {
        Type: 'SubscriptionConfirmation',
        MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
        Token: '2336412f37',
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms',
        Message: 'You have chosen to subscribe to the topic',
        SubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn&Token=2336412f37',
      },
      { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
    );
    assert.deepEqual(r, { kind: 'subscribe', subscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn&Token=2336412f37', topicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms' });
  });

  it('ALARM triggers and OK resolves on the alarm ARN', () => {
    const [t] = events(translateCloudWatch(sns(alarm('ALARM')), { 'x-amz-sns-message-type': 'Notification' }));
    const [r] = events(translateCloudWatch(sns(alarm('OK')), { 'x-amz-sns-message-type': 'Notification' }));
    assert.equal(t.action, 'trigger');
    assert.equal(r.action, 'resolve');
    assert.equal(t.dedupKey, 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:api-5xx');
    assert.equal(r.dedupKey, t.dedupKey);
    assert.equal(t.summary, 'api-5xx: API 5xx above 1%');
    assert.equal(t.component, '5XXError');
    assert.equal(translateCloudWatch(sns(alarm('INSUFFICIENT_DATA')), {}).kind, 'ignored');
    assert.equal(translateCloudWatch({ Type: 'Notification', Message: 'not json' }, {}).kind, 'invalid');
    for (const Message of ['null', '42', '[1]', '"text"', null]) {
      assert.equal(translateCloudWatch({ Type: 'Notification', Message }, {}).kind, 'invalid', String(Message));
    }
  });
});

describe('Datadog', () => {
  const dd = (transition: string, type: string) => ({
    id: '7093894556217054133',
    title: '[Triggered] CPU high on web-1',
    body: 'CPU above 90% for 5 minutes',
    last_updated: '1714557600000',
    event_type: 'query_alert_monitor',
    date: '1714557600000',
    org: { id: '12345', name: 'Acme' },
    alert_id: '98765',
    alert_transition: transition,
    alert_type: type,
    aggreg_key: '0f4c7e1b2a',
    alert_scope: 'host:web-1',
    hostname: 'web-1',
    priority: 'normal',
    link: 'https://app.datadoghq.com/event/event?id=7093894556217054133',
  });
  it('Triggered triggers and Recovered resolves on the aggregation key', () => {
    const [t] = events(translateDatadog(dd('Triggered', 'error')));
    const [r] = events(translateDatadog(dd('Recovered', 'success')));
    assert.equal(t.action, 'trigger');
    assert.equal(t.severity, 'error');
    assert.equal(t.source, 'web-1');
    assert.equal(r.action, 'resolve');
    assert.equal(t.dedupKey, '0f4c7e1b2a');
    assert.equal(r.dedupKey, t.dedupKey);
    const [w] = events(translateDatadog(dd('Warn', 'warning')));
    assert.equal(w.severity, 'warning');
    assert.equal(translateDatadog({ body: 'x' }).kind, 'invalid');
  });
});
