// Amazon CloudWatch alarms delivered by SNS. SNS first sends a SubscriptionConfirmation (answered by
// visiting SubscribeURL, which the route does only when configuration allows), then Notifications
// whose `Message` is the alarm as JSON text. ALARM → trigger, OK → resolve; INSUFFICIENT_DATA is
// ignored. The dedup key is the alarm's ARN (stable), else account, region and alarm name.
import { nestsDeeperThan, TOO_DEEP_MESSAGE } from '../../http/json-depth.js';
import { holdsNul, NUL_MESSAGE } from '../../http/nul.js';
import { inboundEvent } from '../model.js';
import { stableKey } from './stable-key.js';
import type { TranslateResult } from './types.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function translateCloudWatch(body: unknown, headers: Record<string, string | string[] | undefined>): TranslateResult {
  const b = (body && typeof body === 'object' ? body : {}) as Obj;
  const type = str(headers['x-amz-sns-message-type']) ?? str(b.Type);
  if (type === 'SubscriptionConfirmation') {
    const url = str(b.SubscribeURL);
    if (!url) return { kind: 'invalid', errors: [`'SubscribeURL' is missing or blank`] };
    return { kind: 'subscribe', subscribeUrl: url, topicArn: str(b.TopicArn) };
  }
  if (type === 'UnsubscribeConfirmation') return { kind: 'ignored', reason: 'unsubscribe confirmation' };
  // A Notification wraps the alarm as text; a raw alarm (SNS raw message delivery) is accepted too.
  let alarm: Obj = b;
  if (type === 'Notification' || typeof b.Message === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(b.Message));
    } catch {
      return { kind: 'invalid', errors: [`'Message' is not a CloudWatch alarm (JSON parse error)`] };
    }
    // `null`, a number or an array parse too (the fuzz run found "Message":"null" answered 500).
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'invalid', errors: [`'Message' is not a CloudWatch alarm (not a JSON object)`] };
    alarm = parsed as Obj;
    // The wrapped alarm is a second JSON document: the door's depth bound applies to it too.
    if (nestsDeeperThan(alarm)) return { kind: 'invalid', errors: [`'Message': ${TOO_DEEP_MESSAGE}`] };
    if (holdsNul(alarm)) return { kind: 'invalid', errors: [`'Message': ${NUL_MESSAGE}`] };
  }
  const name = str(alarm.AlarmName);
  const state = str(alarm.NewStateValue);
  if (!name || !state) return { kind: 'invalid', errors: [`'Message.AlarmName' or 'Message.NewStateValue' is missing or blank`] };
  if (state !== 'ALARM' && state !== 'OK') return { kind: 'ignored', reason: `state ${state}` };
  const dedupKey = str(alarm.AlarmArn) ?? stableKey('cloudwatch', alarm.AWSAccountId ?? null, alarm.Region ?? null, name);
  const trigger = (alarm.Trigger && typeof alarm.Trigger === 'object' ? alarm.Trigger : {}) as Obj;
  const ts = str(alarm.StateChangeTime) ? Date.parse(alarm.StateChangeTime as string) : NaN;
  const summary = `${name}: ${str(alarm.NewStateReason) ?? state}`;
  return {
    kind: 'events',
    events: [
      inboundEvent({
        api: 'vendor',
        action: state === 'ALARM' ? 'trigger' : 'resolve',
        dedupKey,
        channel: 'cloudwatch',
        summary: (str(alarm.AlarmDescription) ? `${name}: ${alarm.AlarmDescription as string}` : summary).slice(0, 1024),
        source: str(alarm.AlarmArn) ?? `${str(alarm.Region) ?? 'aws'}:${name}`,
        severity: 'critical',
        timestamp: Number.isFinite(ts) ? ts : null,
        component: str(trigger.MetricName),
        group: str(trigger.Namespace),
        class: 'cloudwatch_alarm',
        customDetails: alarm,
      }),
    ],
  };
}
