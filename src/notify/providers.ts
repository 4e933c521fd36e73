import type { ContactType } from './model.js';
import { postJson } from './http-post.js';
import { isConnectionFailure, relayTransport, type RelayHealth } from './relay-health.js';

/** What a provider is asked to deliver: one notification to one contact method. */
export interface ContactMessage {
  contactType: ContactType;
  address: string;
  countryCode: number | null;
  label: string;
  userId: string;
  /** Short form for SMS, push and send_short_email. */
  short: boolean;
  subject: string;
  text: string;
  /** An HTML alternative (status updates with html_message); email only. */
  html?: string;
  incident: {
    id: string;
    number: number;
    title: string;
    status: string;
    urgency: string;
    service: string | null;
    htmlUrl: string;
    /** The incident's conference bridge, when it has one (the SMS adds its number where it still fits). */
    conferenceBridge?: { conference_number: string | null; conference_url: string | null } | null;
  };
  eventType: string;
  links: { acknowledge: string; resolve: string } | null;
  /** The outbox row being delivered: providers that learn the outcome later (Twilio) keep it to retry. */
  notification?: { outboxId: string; attempt: number; contactMethodId: string; payload: unknown };
}

/** What a provider may say about an accepted message: its status (`queued` when the outcome comes later). */
export interface SendResult {
  status?: string;
}

/** A failure a provider reports; `retryable` failures are tried again with backoff. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Delivers notifications of some contact types. Throw ProviderError (or anything: retried). */
export interface ContactProvider {
  send(message: ContactMessage): Promise<void | SendResult>;
}

/** Email through the SMTP relay of TOCSIN_SMTP_RELAY_URL (smtp:// or smtps://, nodemailer's URL form). */
export function smtpProvider(relayUrl: string, from: string, health?: RelayHealth): ContactProvider {
  const transport = relayTransport(relayUrl);
  return {
    async send(m) {
      try {
        await transport.sendMail({ from, to: m.address, subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}) });
        health?.reachable();
      } catch (err) {
        if (isConnectionFailure(err)) health?.unreachable(err);
        else health?.reachable();
        const e = err as { responseCode?: number; message?: string };
        // 5xx SMTP replies are permanent (bad address); everything else (4xx, connection) is retried.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new ProviderError(`SMTP: ${e.message ?? String(err)}`, !permanent);
      }
    },
  };
}

/**
 * The generic outbound-HTTP provider: POSTs the message as JSON to a gateway the site runs (an SMS or
 * voice service adapter). 2xx is delivered; 5xx, 429 and no answer are retried; other 4xx are dropped.
 */
export function httpProvider(url: string, timeoutMs = 5000): ContactProvider {
  return {
    async send(m) {
      const r = await postJson(url, JSON.stringify({ type: 'tocsin.notification', message: m }), { 'user-agent': 'Tocsin-Notify/1' }, { timeoutMs, allowPrivate: true });
      if (r.status !== null && r.status >= 200 && r.status < 300) return;
      const retryable = r.status === null || r.status >= 500 || r.status === 429;
      throw new ProviderError(`HTTP provider: ${r.status ?? r.error}`, retryable);
    },
  };
}
