// A fake Slack Web API for tests: a real HTTP server on 127.0.0.1 speaking Slack's wire protocol
// (POST /api/<method>, form-encoded or JSON bodies, `Authorization: Bearer <token>`, answers
// `{ok:true,…}` or `{ok:false,error}`), recording every call so tests check the exact requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackSignature } from './slack/signature.js';

export interface SlackCall {
  method: string;
  token: string | null;
  contentType: string;
  args: Record<string, unknown>;
  /** What the fake answered. */
  reply?: Record<string, unknown>;
}

export interface FakeSlack {
  /** The value for TOCSIN_SLACK_API_URL. */
  apiUrl: string;
  calls: SlackCall[];
  /** Slack users by id, as users.info returns them. */
  users: Map<string, { email: string | null }>;
  /** Forces the next answers of a method to `{ok:false, error}`. */
  failNext(method: string, error: string, times?: number): void;
  close(): Promise<void>;
}

const JSON_ARGS = new Set(['blocks', 'attachments', 'metadata']);

export async function startFakeSlack(token: string): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const users = new Map<string, { email: string | null }>();
  const failures = new Map<string, { error: string; times: number }>();
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const contentType = String(req.headers['content-type'] ?? '');
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      let args: Record<string, unknown> = {};
      if (contentType.startsWith('application/json')) args = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      else for (const [k, v] of new URLSearchParams(raw)) args[k] = JSON_ARGS.has(k) ? JSON.parse(v) : v;
      const auth = String(req.headers.authorization ?? '');
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : null;
      const call: SlackCall = { method, token: given, contentType, args };
      calls.push(call);
      const answer = (body: Record<string, unknown>) => {
        call.reply = body;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !(req.url ?? '').startsWith('/api/')) return (res.writeHead(404), res.end());
      if (given !== token) return answer({ ok: false, error: given ? 'invalid_auth' : 'not_authed' });
      const f = failures.get(method);
      if (f && f.times > 0) {
        f.times--;
        return answer({ ok: false, error: f.error });
      }
      switch (method) {
        case 'chat.postMessage': {
          if (typeof args.channel !== 'string' || !args.channel) return answer({ ok: false, error: 'channel_not_found' });
          const ts = `1700000000.${String(++seq).padStart(6, '0')}`;
          return answer({ ok: true, channel: args.channel, ts, message: { ts, text: args.text } });
        }
        case 'chat.update':
          if (!args.ts || !args.channel) return answer({ ok: false, error: 'message_not_found' });
          return answer({ ok: true, channel: args.channel, ts: args.ts, text: args.text });
        case 'chat.postEphemeral':
          return answer({ ok: true, message_ts: `1700000001.${String(++seq).padStart(6, '0')}` });
        case 'users.info': {
          const u = users.get(String(args.user));
          if (!u) return answer({ ok: false, error: 'user_not_found' });
          return answer({ ok: true, user: { id: args.user, profile: u.email ? { email: u.email } : {} } });
        }
        default:
          return answer({ ok: false, error: 'unknown_method' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    users,
    failNext(method, error, times = 1) {
      failures.set(method, { error, times });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A button click as Slack sends it: the form body and its signed headers. */
export function slackClick(
  secret: string,
  nowMs: number,
  o: { userId: string; channel: string; actionId: string; incidentId: string; messageTs?: string },
): { body: string; headers: Record<string, string> } {
  const payload = {
    type: 'block_actions',
    user: { id: o.userId, username: 'someone', team_id: 'T0001' },
    api_app_id: 'A0001',
    container: { type: 'message', message_ts: o.messageTs ?? '1700000000.000001', channel_id: o.channel, is_ephemeral: false },
    channel: { id: o.channel, name: 'incidents' },
    response_url: 'https://hooks.slack.com/actions/T0001/1/abc',
    actions: [{ type: 'button', action_id: o.actionId, block_id: 'tocsin_incident_actions', value: o.incidentId, action_ts: String(nowMs / 1000) }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = String(Math.floor(nowMs / 1000));
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': slackSignature(secret, ts, body) },
  };
}
