// What a vendor translator returns: events to enqueue, a subscription handshake to answer, or
// nothing to do. Translators are pure: (body, headers) → result, no I/O, no clock, no ids.
import type { InboundEvent } from '../model.js';

export type TranslateResult =
  | { kind: 'events'; events: InboundEvent[] }
  | { kind: 'subscribe'; subscribeUrl: string; topicArn: string | null }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; errors: string[] };

export type Translator = (body: unknown, headers: Record<string, string | string[] | undefined>) => TranslateResult;
