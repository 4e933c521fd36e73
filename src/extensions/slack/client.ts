// The Slack Web API through Slack's official client (@slack/web-api), pointed at TOCSIN_SLACK_API_URL.
// The client's own retries are off: the outbox worker retries with its backoff, and survives restarts.
import { ErrorCode, LogLevel, WebClient, type Block, type KnownBlock } from '@slack/web-api';
import type { Config } from '../../config.js';

export interface SlackApi {
  postMessage(channel: string, text: string, blocks: Array<Block | KnownBlock>): Promise<{ channel: string; ts: string }>;
  update(channel: string, ts: string, text: string, blocks: Array<Block | KnownBlock>): Promise<void>;
  /** The email on the Slack user's profile, or null (no such user, or no email scope). */
  userEmail(userId: string): Promise<string | null>;
  postEphemeral(channel: string, user: string, text: string): Promise<void>;
}

/** A Slack API failure, with whether trying again later may succeed. */
export class SlackError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

// Slack's own errors that are worth another try; every other platform error (channel_not_found,
// not_in_channel, invalid_auth, …) needs a person to change something first.
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function classify(err: unknown): SlackError {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  switch (e.code) {
    case ErrorCode.PlatformError: {
      const what = e.data?.error ?? 'unknown_error';
      return new SlackError(`Slack answered ${what}`, TRANSIENT.has(what));
    }
    case ErrorCode.RateLimitedError:
      return new SlackError('Slack rate-limited the call', true);
    case ErrorCode.HTTPError:
      return new SlackError(`Slack answered HTTP ${e.statusCode}`, (e.statusCode ?? 500) >= 500 || e.statusCode === 429);
    default:
      return new SlackError(`Slack could not be reached: ${e.message ?? String(err)}`, true);
  }
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classify(err);
  }
}

/** The Slack API with the configured bot token, or null when Slack is not set up. */
export function createSlackApi(config: Config['slack'], timeoutMs = 10_000): SlackApi | null {
  if (!config.botToken) return null;
  const web = new WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logLevel: LogLevel.ERROR,
    // Method names only: never let a crafted name send the token elsewhere.
    allowAbsoluteUrls: false,
  });
  return {
    async postMessage(channel, text, blocks) {
      const r = await call(() => web.chat.postMessage({ channel, text, blocks, unfurl_links: false }));
      if (!r.ts || !r.channel) throw new SlackError('Slack answered chat.postMessage without ts or channel', true);
      return { channel: r.channel, ts: r.ts };
    },
    async update(channel, ts, text, blocks) {
      await call(() => web.chat.update({ channel, ts, text, blocks }));
    },
    async userEmail(userId) {
      try {
        const r = await web.users.info({ user: userId });
        return r.user?.profile?.email?.toLowerCase() ?? null;
      } catch (err) {
        const e = classify(err);
        if (!e.retryable && /user_not_found|user_not_visible/.test(e.message)) return null;
        throw e;
      }
    },
    async postEphemeral(channel, user, text) {
      await call(() => web.chat.postEphemeral({ channel, user, text }));
    },
  };
}
