import type { TwilioConfig } from '../../config.js';
import { ProviderError } from '../providers.js';

/**
 * Twilio's REST API with plain fetch (no SDK): `Messages.json` and `Calls.json` of the account,
 * form-encoded, HTTP Basic auth AccountSid:AuthToken. Twilio answers 201 with the resource (`sid`,
 * `status`) or an error body `{code, message, more_info, status}`.
 */

export interface TwilioResource {
  sid: string;
  status: string;
}

export interface TwilioClient {
  sendSms(to: string, body: string, statusCallback: string): Promise<TwilioResource>;
  /** Places a call; Twilio fetches `url` (TwiML) when it is answered. */
  placeCall(to: string, url: string, statusCallback: string): Promise<TwilioResource>;
}

export function createTwilioClient(cfg: TwilioConfig, timeoutMs = 10_000): TwilioClient {
  const auth = 'Basic ' + Buffer.from(`${cfg.accountSid}:${cfg.authToken}`).toString('base64');
  const base = `${cfg.apiUrl}/2010-04-01/Accounts/${cfg.accountSid}`;
  const service = cfg.from.startsWith('MG');
  const sender: Record<string, string> = service ? { MessagingServiceSid: cfg.from } : { From: cfg.from };

  async function post(resource: 'Messages' | 'Calls', form: Record<string, string>): Promise<TwilioResource> {
    let res: Response;
    try {
      res = await fetch(`${base}/${resource}.json`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'Tocsin-Notify/1' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new ProviderError(`Twilio: ${(err as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (err as Error).message}`, true);
    }
    const text = await res.text().catch(() => '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON (a proxy's page): the status decides.
    }
    if (res.status >= 200 && res.status < 300 && typeof body.sid === 'string') return { sid: body.sid, status: String(body.status ?? 'queued') };
    const detail = body.code !== undefined ? `${body.code} ${String(body.message ?? '')}`.trim() : `HTTP ${res.status}`;
    // 5xx and 429 (Twilio's 20429) are worth another try; other 4xx (21211 invalid To, 20003 bad credentials) are not.
    const retryable = res.status >= 500 || res.status === 429 || (res.status >= 200 && res.status < 300);
    throw new ProviderError(`Twilio ${resource}: ${detail}`.slice(0, 500), retryable);
  }

  return {
    sendSms: (to, body, statusCallback) => post('Messages', { To: to, ...sender, Body: body, StatusCallback: statusCallback }),
    placeCall(to, url, statusCallback) {
      if (service) return Promise.reject(new ProviderError('Twilio: calls need TOCSIN_TWILIO_FROM to be a phone number, not a Messaging Service', false));
      return post('Calls', { To: to, From: cfg.from, Url: url, Method: 'POST', StatusCallback: statusCallback, StatusCallbackMethod: 'POST' });
    },
  };
}
