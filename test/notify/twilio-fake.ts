// A fake Twilio for tests: a real HTTP server speaking Twilio's REST wire protocol (Messages.json,
// Calls.json: form-encoded, HTTP Basic auth AccountSid:AuthToken, 201 with the resource or an error
// body {code, message, more_info, status}), and Twilio's side of the webhooks: it calls Tocsin's
// status callback, SMS and voice URLs form-encoded with a correctly computed X-Twilio-Signature.
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwilioRequest {
  resource: 'Messages' | 'Calls';
  path: string;
  auth: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
  sid: string | null;
  at: number;
}

export interface TwilioAnswer {
  status: number;
  body: string;
  contentType: string | undefined;
}

export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  requests: TwilioRequest[];
  /** The next answers: a Twilio error (status + code) instead of 201; consumed in order. */
  failNext(...errors: Array<{ status: number; code: number; message: string }>): void;
  /** Answers every API request after this many ms (a slow Twilio). */
  delayMs: number;
  /** Twilio calling a Tocsin URL with form params, signed with the auth token (or as given). */
  webhook(url: string, params: Record<string, string>, opts?: { signature?: string | null }): Promise<TwilioAnswer>;
  /** Twilio reporting a message's or call's status to the StatusCallback it was given. */
  status(req: TwilioRequest, status: string, extra?: Record<string, string>): Promise<TwilioAnswer>;
  until(pred: (all: TwilioRequest[]) => boolean, what?: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Twilio's X-Twilio-Signature, computed here independently of Tocsin's code. */
export function signTwilio(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

const E164 = /^\+[1-9][0-9]{6,14}$/;

export async function startFakeTwilio(accountSid = 'AC' + randomBytes(16).toString('hex'), authToken = randomBytes(16).toString('hex')): Promise<FakeTwilio> {
  const requests: TwilioRequest[] = [];
  const failures: Array<{ status: number; code: number; message: string }> = [];
  const waiters: Array<{ pred: (all: TwilioRequest[]) => boolean; resolve: () => void }> = [];
  const expectedAuth = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64');
  const sockets = new Set<import('node:net').Socket>();

  function error(res: http.ServerResponse, status: number, code: number, message: string) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return error(res, 404, 20404, 'The requested resource was not found');
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const r: TwilioRequest = { resource: m[2] as 'Messages' | 'Calls', path: req.url!, auth: req.headers.authorization, contentType: req.headers['content-type'], form, sid: null, at: Date.now() };
      requests.push(r);
      for (const w of waiters.splice(0)) if (w.pred(requests)) w.resolve(); else waiters.push(w);
      // Recorded on arrival, answered after the delay (a slow Twilio).
      if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
      if (req.headers.authorization !== expectedAuth || m[1] !== accountSid) return error(res, 401, 20003, 'Authenticate');
      if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return error(res, 400, 20001, 'Unsupported content type');
      const f = failures.shift();
      if (f) return error(res, f.status, f.code, f.message);
      if (!E164.test(form.To ?? '')) return error(res, 400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
      if (r.resource === 'Messages') {
        if (!form.From && !form.MessagingServiceSid) return error(res, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
        if (!form.Body) return error(res, 400, 21602, 'Message body is required.');
      } else {
        if (!form.From) return error(res, 400, 21603, "A 'From' phone number is required.");
        if (!form.Url && !form.Twiml) return error(res, 400, 21205, 'Url parameter is required.');
      }
      r.sid = (r.resource === 'Messages' ? 'SM' : 'CA') + randomBytes(16).toString('hex');
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          sid: r.sid,
          account_sid: accountSid,
          to: form.To,
          from: form.From ?? null,
          ...(r.resource === 'Messages' ? { body: form.Body, messaging_service_sid: form.MessagingServiceSid ?? null, num_segments: '1' } : { direction: 'outbound-api' }),
          status: 'queued',
          api_version: '2010-04-01',
          date_created: new Date().toUTCString(),
          uri: `/2010-04-01/Accounts/${accountSid}/${r.resource}/${r.sid}.json`,
        }),
      );
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  async function webhook(url: string, params: Record<string, string>, opts: { signature?: string | null } = {}): Promise<TwilioAnswer> {
    const signature = opts.signature === undefined ? signTwilio(authToken, url, params) : opts.signature;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'user-agent': 'TwilioProxy/1.1', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? undefined };
  }

  const fake: FakeTwilio = {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    delayMs: 0,
    failNext: (...e) => void failures.push(...e),
    webhook,
    status(req, status, extra = {}) {
      if (!req.sid) throw new Error('that request was not accepted');
      const params: Record<string, string> =
        req.resource === 'Messages'
          ? { AccountSid: accountSid, MessageSid: req.sid, SmsSid: req.sid, MessageStatus: status, SmsStatus: status, To: req.form.To, From: req.form.From ?? '', ApiVersion: '2010-04-01', ...extra }
          : { AccountSid: accountSid, CallSid: req.sid, CallStatus: status, To: req.form.To, From: req.form.From, Direction: 'outbound-api', ApiVersion: '2010-04-01', ...extra };
      return webhook(req.form.StatusCallback, params);
    },
    until(pred, what = 'Twilio requests', timeoutMs = 10_000) {
      if (pred(requests)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; have ${requests.length}`)), timeoutMs);
        waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
