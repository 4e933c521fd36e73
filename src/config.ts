import fs from 'node:fs';
import tls from 'node:tls';
import path from 'node:path';

/** Every setting Tocsin reads, parsed once from the environment and frozen. */
export interface Config {
  httpHost: string;
  httpPort: number;
  smtpPort: number;
  /** The built-in SMTP server's limits (src/email, docs/email.md). */
  smtp: {
    maxMessageBytes: number;
    maxRecipients: number;
    maxConnectionsPerClient: number;
    maxClients: number;
    messagesPerMinutePerClient: number;
    /** Bytes of message data buffered across all connections at once. */
    maxBufferedBytes: number;
  };
  dataDir: string;
  /** `sqlite:<file>` is never stored here; an empty databaseUrl means the SQLite file in dataDir. */
  databaseUrl: string | null;
  publicUrl: string;
  emailDomain: string;
  bootstrap: { email: string; password: string | null; token: string | null };
  tls: { cert: string; key: string } | null;
  logLevel: string;
  restRateLimitPerMinute: number;
  eventsRateLimitPerMinute: number;
  /**
   * Whether `POST /integration/{key}/enqueue` visits an SNS SubscribeURL (outbound HTTP):
   * 'aws' only https://sns.<region>.amazonaws.com[.cn]/ URLs (default), 'any' every URL (tests), 'off' never.
   */
  eventsSnsConfirm: 'off' | 'aws' | 'any';
  /** notify/: the SMTP relay notification emails go out through (smtp://host:port), or null. */
  smtpRelayUrl: string | null;
  /** notify/: let webhooks reach private and loopback addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
  /** notify/: the generic outbound-HTTP provider for SMS, phone and push contact methods, or null. */
  notifyHttpProviderUrl: string | null;
  /** extensions/: Slack's bot token (xoxb-…), signing secret and Web API base URL (docs/extensions.md). */
  slack: { botToken: string | null; signingSecret: string | null; apiUrl: string };
  /** Bounds on waits for the database and what /readyz checks (docs/ARCHITECTURE.md, failure modes). */
  database: {
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    /** Events path: most ms an event may wait for its durable write before the sender gets a 503. */
    eventWriteTimeoutMs: number;
    /** /readyz: most ms its test write may take. */
    readyTimeoutMs: number;
    /** /readyz: more pending inbox events than this is "backlog" (not ready). */
    readyMaxBacklog: number;
    /** /readyz: an oldest pending inbox event older than this (ms) is "backlog_age" (not ready). */
    readyMaxBacklogAgeMs: number;
    /** /readyz: more outbox rows due (webhooks, notifications waiting to go out) than this is "outbox_backlog". */
    readyMaxOutbox: number;
    /** /readyz: an outbox row overdue by more than this (ms) is "outbox_backlog_age". */
    readyMaxOutboxAgeMs: number;
    /** /readyz (SQLite): less room than this for the database to grow is "disk_full" (not ready). */
    readyMinFreeBytes: number;
  };
  /** notify/twilio: SMS and voice through Twilio (all of SID, token and From set), or null. */
  twilio: TwilioConfig | null;
  /** workflows/: a failed step is retried after this many ms, doubling each time (docs/workflows.md). */
  workflowRetryBaseMs: number;
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** An E.164 number (`From`) or a Messaging Service SID `MG…` (`MessagingServiceSid`; calls need a number). */
  from: string;
  apiUrl: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, got "${raw}"`);
  }
  return n;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return n;
}

function snsConfirm(raw: string | undefined): 'off' | 'aws' | 'any' {
  if (raw === undefined || raw === '') return 'aws';
  if (raw === 'off' || raw === 'aws' || raw === 'any') return raw;
  throw new ConfigError(`TOCSIN_SNS_CONFIRM must be off, aws or any, got "${raw}"`);
}

function slackSettings(env: Env): Config['slack'] {
  const botToken = env.TOCSIN_SLACK_BOT_TOKEN?.trim() || null;
  if (botToken && !/^xox[a-z]-[0-9A-Za-z-]+$/.test(botToken)) {
    throw new ConfigError('TOCSIN_SLACK_BOT_TOKEN must be a Slack bot token (xoxb-…), as shown under OAuth & Permissions of the Slack app');
  }
  const signingSecret = env.TOCSIN_SLACK_SIGNING_SECRET?.trim() || null;
  if (signingSecret && !/^[0-9A-Za-z]{16,}$/.test(signingSecret)) {
    throw new ConfigError('TOCSIN_SLACK_SIGNING_SECRET must be the Signing Secret from the Slack app\'s Basic Information page (16 or more letters and digits)');
  }
  let apiUrl = env.TOCSIN_SLACK_API_URL?.trim() || 'https://slack.com/api/';
  try {
    const u = new URL(apiUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw new ConfigError(`TOCSIN_SLACK_API_URL must be an absolute http(s) URL such as https://slack.com/api/, got "${apiUrl}"`);
  }
  if (!apiUrl.endsWith('/')) apiUrl += '/';
  return Object.freeze({ botToken, signingSecret, apiUrl });
}

/** TOCSIN_TWILIO_ACCOUNT_SID, TOCSIN_TWILIO_AUTH_TOKEN and TOCSIN_TWILIO_FROM: all three, or none. */
function twilio(env: Env): TwilioConfig | null {
  const accountSid = env.TOCSIN_TWILIO_ACCOUNT_SID?.trim() || '';
  const authToken = env.TOCSIN_TWILIO_AUTH_TOKEN?.trim() || '';
  const from = env.TOCSIN_TWILIO_FROM?.trim() || '';
  const rawUrl = env.TOCSIN_TWILIO_API_URL?.trim() || '';
  if (!accountSid && !authToken && !from) {
    if (rawUrl) throw new ConfigError('TOCSIN_TWILIO_API_URL is set but TOCSIN_TWILIO_ACCOUNT_SID, TOCSIN_TWILIO_AUTH_TOKEN and TOCSIN_TWILIO_FROM are not');
    return null;
  }
  const missing = [['TOCSIN_TWILIO_ACCOUNT_SID', accountSid], ['TOCSIN_TWILIO_AUTH_TOKEN', authToken], ['TOCSIN_TWILIO_FROM', from]].filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) throw new ConfigError(`${missing.join(' and ')} must be set too: Twilio needs the account SID, the auth token and the From number together`);
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new ConfigError(`TOCSIN_TWILIO_ACCOUNT_SID must be AC followed by 32 hexadecimal characters, got "${accountSid}"`);
  if (!/^[0-9a-fA-F]{32}$/.test(authToken)) throw new ConfigError('TOCSIN_TWILIO_AUTH_TOKEN must be 32 hexadecimal characters (the Auth Token of the Twilio console)');
  if (!/^\+[1-9][0-9]{6,14}$/.test(from) && !/^MG[0-9a-fA-F]{32}$/.test(from)) {
    throw new ConfigError(`TOCSIN_TWILIO_FROM must be an E.164 number (+14155550100) or a Messaging Service SID (MG + 32 hexadecimal characters), got "${from}"`);
  }
  const apiUrl = (rawUrl || 'https://api.twilio.com').replace(/\/+$/, '');
  let u: URL;
  try {
    u = new URL(apiUrl);
  } catch {
    throw new ConfigError(`TOCSIN_TWILIO_API_URL must be an absolute http(s) URL, got "${apiUrl}"`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ConfigError(`TOCSIN_TWILIO_API_URL must be an absolute http(s) URL, got "${apiUrl}"`);
  return Object.freeze({ accountSid, authToken, from, apiUrl });
}

/** Reads the TOCSIN_* variables; throws ConfigError with a sentence naming the bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const httpPort = port(env, 'TOCSIN_HTTP_PORT', 8080);
  const dbUrl = env.TOCSIN_DATABASE_URL?.trim() || null;
  if (dbUrl && !/^postgres(ql)?:\/\//.test(dbUrl) && !dbUrl.startsWith('sqlite:')) {
    throw new ConfigError(`TOCSIN_DATABASE_URL must start with postgres:// or sqlite:, got "${dbUrl}"`);
  }
  const cert = env.TOCSIN_TLS_CERT || '';
  const key = env.TOCSIN_TLS_KEY || '';
  if (Boolean(cert) !== Boolean(key)) {
    throw new ConfigError('TOCSIN_TLS_CERT and TOCSIN_TLS_KEY must be set together');
  }
  const publicUrl = (env.TOCSIN_PUBLIC_URL || `${cert ? 'https' : 'http'}://localhost:${httpPort}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`TOCSIN_PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }
  const token = env.TOCSIN_BOOTSTRAP_TOKEN || null;
  if (token && !/^[0-9A-Za-z_+-]{20,}$/.test(token)) {
    throw new ConfigError('TOCSIN_BOOTSTRAP_TOKEN must be at least 20 characters of [0-9A-Za-z_+-]');
  }
  return Object.freeze({
    httpHost: env.TOCSIN_HTTP_HOST || '0.0.0.0',
    httpPort,
    smtpPort: port(env, 'TOCSIN_SMTP_PORT', 2525),
    smtp: Object.freeze({
      maxMessageBytes: positiveInt(env, 'TOCSIN_SMTP_MAX_MESSAGE_BYTES', 10 * 1024 * 1024),
      maxRecipients: positiveInt(env, 'TOCSIN_SMTP_MAX_RECIPIENTS', 20),
      maxConnectionsPerClient: positiveInt(env, 'TOCSIN_SMTP_MAX_CONNECTIONS_PER_CLIENT', 10),
      maxClients: positiveInt(env, 'TOCSIN_SMTP_MAX_CLIENTS', 200),
      messagesPerMinutePerClient: positiveInt(env, 'TOCSIN_SMTP_RATE_LIMIT', 600),
      maxBufferedBytes: positiveInt(env, 'TOCSIN_SMTP_MAX_BUFFERED_BYTES', 128 * 1024 * 1024),
    }),
    dataDir: path.resolve(env.TOCSIN_DATA_DIR || './data'),
    databaseUrl: dbUrl,
    publicUrl,
    emailDomain: env.TOCSIN_EMAIL_DOMAIN || 'tocsin.localhost',
    bootstrap: Object.freeze({
      email: env.TOCSIN_BOOTSTRAP_EMAIL || 'owner@tocsin.localhost',
      password: env.TOCSIN_BOOTSTRAP_PASSWORD || null,
      token,
    }),
    tls: cert ? Object.freeze({ cert, key }) : null,
    logLevel: env.TOCSIN_LOG_LEVEL || 'info',
    restRateLimitPerMinute: positiveInt(env, 'TOCSIN_REST_RATE_LIMIT', 960),
    eventsRateLimitPerMinute: positiveInt(env, 'TOCSIN_EVENTS_RATE_LIMIT', 1200),
    eventsSnsConfirm: snsConfirm(env.TOCSIN_SNS_CONFIRM),
    smtpRelayUrl: env.TOCSIN_SMTP_RELAY_URL?.trim() || null,
    webhookAllowPrivate: env.TOCSIN_WEBHOOK_ALLOW_PRIVATE === 'true',
    notifyHttpProviderUrl: env.TOCSIN_NOTIFY_HTTP_PROVIDER_URL?.trim() || null,
    slack: slackSettings(env),
    database: Object.freeze({
      connectTimeoutMs: positiveInt(env, 'TOCSIN_DB_CONNECT_TIMEOUT_MS', 10_000),
      statementTimeoutMs: positiveInt(env, 'TOCSIN_DB_STATEMENT_TIMEOUT_MS', 30_000),
      eventWriteTimeoutMs: positiveInt(env, 'TOCSIN_EVENT_WRITE_TIMEOUT_MS', 10_000),
      readyTimeoutMs: positiveInt(env, 'TOCSIN_READY_TIMEOUT_MS', 2000),
      readyMaxBacklog: positiveInt(env, 'TOCSIN_READY_MAX_BACKLOG', 50_000),
      readyMaxBacklogAgeMs: positiveInt(env, 'TOCSIN_READY_MAX_BACKLOG_AGE_MS', 60_000),
      readyMaxOutbox: positiveInt(env, 'TOCSIN_READY_MAX_OUTBOX', 50_000),
      readyMaxOutboxAgeMs: positiveInt(env, 'TOCSIN_READY_MAX_OUTBOX_AGE_MS', 300_000),
      readyMinFreeBytes: positiveInt(env, 'TOCSIN_READY_MIN_FREE_BYTES', 16 * 1024 * 1024),
    }),
    twilio: twilio(env),
    workflowRetryBaseMs: positiveInt(env, 'TOCSIN_WORKFLOW_RETRY_BASE_MS', 5000),
  });
}

/** Reads and checks the PEM files named by TOCSIN_TLS_CERT / TOCSIN_TLS_KEY; a ConfigError names the variable. */
export function readTls(files: { cert: string; key: string }): { cert: Buffer; key: Buffer } {
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new ConfigError(`${name} names a file that cannot be read: "${file}" (${(err as Error).message})`);
    }
  };
  const pem = { cert: read('TOCSIN_TLS_CERT', files.cert), key: read('TOCSIN_TLS_KEY', files.key) };
  try {
    tls.createSecureContext(pem);
  } catch (err) {
    throw new ConfigError(`TOCSIN_TLS_CERT and TOCSIN_TLS_KEY must be a matching PEM certificate and private key (${(err as Error).message})`);
  }
  return pem;
}
