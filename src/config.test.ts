import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, type Config } from './config.js';

const TWILIO = { TOCSIN_TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TOCSIN_TWILIO_AUTH_TOKEN: 'f'.repeat(32) };

describe('loadConfig', () => {
  it('has the pinned defaults on an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.httpHost, '0.0.0.0');
    assert.equal(c.httpPort, 8080);
    assert.equal(c.smtpPort, 2525);
    assert.equal(c.dataDir, path.resolve('./data'));
    assert.equal(c.databaseUrl, null);
    assert.equal(c.publicUrl, 'http://localhost:8080');
    assert.equal(c.emailDomain, 'tocsin.localhost');
    assert.deepEqual(c.bootstrap, { email: 'owner@tocsin.localhost', password: null, token: null });
    assert.equal(c.tls, null);
    assert.equal(c.restRateLimitPerMinute, 960);
    assert.ok(Object.isFrozen(c));
  });

  const good: Array<[string, Record<string, string>, (c: Config) => unknown, unknown]> = [
    ['port 0 (any free port)', { TOCSIN_HTTP_PORT: '0' }, (c) => c.httpPort, 0],
    ['empty port means the default', { TOCSIN_HTTP_PORT: '' }, (c) => c.httpPort, 8080],
    ['SMTP port', { TOCSIN_SMTP_PORT: '25' }, (c) => c.smtpPort, 25],
    ['public URL loses its trailing slashes', { TOCSIN_PUBLIC_URL: 'https://pd.example.com/' }, (c) => c.publicUrl, 'https://pd.example.com'],
    ['public URL follows the port', { TOCSIN_HTTP_PORT: '9000' }, (c) => c.publicUrl, 'http://localhost:9000'],
    ['public URL is https with TLS', { TOCSIN_TLS_CERT: 'c.pem', TOCSIN_TLS_KEY: 'k.pem' }, (c) => [c.publicUrl, c.tls], ['https://localhost:8080', { cert: 'c.pem', key: 'k.pem' }]],
    ['postgres URL', { TOCSIN_DATABASE_URL: 'postgres://u@h:5432/db' }, (c) => c.databaseUrl, 'postgres://u@h:5432/db'],
    ['postgresql URL', { TOCSIN_DATABASE_URL: 'postgresql://u@h/db' }, (c) => c.databaseUrl, 'postgresql://u@h/db'],
    ['sqlite URL', { TOCSIN_DATABASE_URL: 'sqlite:/tmp/x.db' }, (c) => c.databaseUrl, 'sqlite:/tmp/x.db'],
    ['data dir is made absolute', { TOCSIN_DATA_DIR: 'var/tocsin' }, (c) => c.dataDir, path.resolve('var/tocsin')],
    ['bootstrap settings', { TOCSIN_BOOTSTRAP_EMAIL: 'a@b.c', TOCSIN_BOOTSTRAP_PASSWORD: 'pw', TOCSIN_BOOTSTRAP_TOKEN: 'abcdefghij0123456789+-_' }, (c) => c.bootstrap, { email: 'a@b.c', password: 'pw', token: 'abcdefghij0123456789+-_' }],
    ['REST rate limit', { TOCSIN_REST_RATE_LIMIT: '5' }, (c) => c.restRateLimitPerMinute, 5],
    ['events rate limit', { TOCSIN_EVENTS_RATE_LIMIT: '7' }, (c) => c.eventsRateLimitPerMinute, 7],
    ['SNS confirm', { TOCSIN_SNS_CONFIRM: 'off' }, (c) => c.eventsSnsConfirm, 'off'],
    ['webhooks to private addresses', { TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' }, (c) => c.webhookAllowPrivate, true],
    ['SMTP limits', { TOCSIN_SMTP_MAX_RECIPIENTS: '3' }, (c) => c.smtp.maxRecipients, 3],
    ['Slack defaults', {}, (c) => c.slack, { botToken: null, signingSecret: null, apiUrl: 'https://slack.com/api/' }],
    [
      'Slack settings (the API URL gains its trailing slash)',
      { TOCSIN_SLACK_BOT_TOKEN: 'xoxb-1-2-abc', TOCSIN_SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99eeeeee85a5', TOCSIN_SLACK_API_URL: 'http://127.0.0.1:9999/api' },
      (c) => c.slack,
      { botToken: 'xoxb-1-2-abc', signingSecret: '8f742231b10e8888abcd99eeeeee85a5', apiUrl: 'http://127.0.0.1:9999/api/' },
    ],
    ['no Twilio by default', {}, (c) => c.twilio, null],
    ['Twilio with a From number', { ...TWILIO, TOCSIN_TWILIO_FROM: '+14155550100' }, (c) => c.twilio, { accountSid: TWILIO.TOCSIN_TWILIO_ACCOUNT_SID, authToken: TWILIO.TOCSIN_TWILIO_AUTH_TOKEN, from: '+14155550100', apiUrl: 'https://api.twilio.com' }],
    ['Twilio with a Messaging Service and a local API', { ...TWILIO, TOCSIN_TWILIO_FROM: 'MG' + 'b'.repeat(32), TOCSIN_TWILIO_API_URL: 'http://127.0.0.1:9999/' }, (c) => [c.twilio?.from, c.twilio?.apiUrl], ['MG' + 'b'.repeat(32), 'http://127.0.0.1:9999']],
  ];
  for (const [name, env, get, want] of good) {
    it(`reads ${name}`, () => assert.deepEqual(get(loadConfig(env)), want));
  }

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ TOCSIN_HTTP_PORT: 'abc' }, /^TOCSIN_HTTP_PORT must be a port number from 0 to 65535, got "abc"$/],
    [{ TOCSIN_HTTP_PORT: '65536' }, /^TOCSIN_HTTP_PORT /],
    [{ TOCSIN_HTTP_PORT: '-1' }, /^TOCSIN_HTTP_PORT /],
    [{ TOCSIN_HTTP_PORT: '80.5' }, /^TOCSIN_HTTP_PORT /],
    [{ TOCSIN_SMTP_PORT: 'smtp' }, /^TOCSIN_SMTP_PORT /],
    [{ TOCSIN_DATABASE_URL: 'mysql://x' }, /^TOCSIN_DATABASE_URL must start with postgres:\/\/ or sqlite:/],
    [{ TOCSIN_TLS_CERT: 'c.pem' }, /TOCSIN_TLS_CERT and TOCSIN_TLS_KEY must be set together/],
    [{ TOCSIN_TLS_KEY: 'k.pem' }, /TOCSIN_TLS_CERT and TOCSIN_TLS_KEY must be set together/],
    [{ TOCSIN_PUBLIC_URL: 'not a url' }, /^TOCSIN_PUBLIC_URL must be an absolute URL/],
    [{ TOCSIN_BOOTSTRAP_TOKEN: 'short' }, /^TOCSIN_BOOTSTRAP_TOKEN must be at least 20 characters/],
    [{ TOCSIN_BOOTSTRAP_TOKEN: 'has spaces in it, twenty plus' }, /^TOCSIN_BOOTSTRAP_TOKEN /],
    [{ TOCSIN_REST_RATE_LIMIT: '0' }, /^TOCSIN_REST_RATE_LIMIT must be a positive whole number/],
    [{ TOCSIN_EVENTS_RATE_LIMIT: 'lots' }, /^TOCSIN_EVENTS_RATE_LIMIT /],
    [{ TOCSIN_SMTP_MAX_MESSAGE_BYTES: '1.5' }, /^TOCSIN_SMTP_MAX_MESSAGE_BYTES /],
    [{ TOCSIN_SNS_CONFIRM: 'yes' }, /^TOCSIN_SNS_CONFIRM must be off, aws or any/],
    [{ TOCSIN_SLACK_BOT_TOKEN: 'not a token' }, /^TOCSIN_SLACK_BOT_TOKEN must be a Slack bot token/],
    [{ TOCSIN_SLACK_SIGNING_SECRET: 'secret!' }, /^TOCSIN_SLACK_SIGNING_SECRET must be the Signing Secret/],
    [{ TOCSIN_SLACK_API_URL: 'slack.com/api' }, /^TOCSIN_SLACK_API_URL must be an absolute http\(s\) URL/],
    [{ TOCSIN_TWILIO_ACCOUNT_SID: TWILIO.TOCSIN_TWILIO_ACCOUNT_SID }, /^TOCSIN_TWILIO_AUTH_TOKEN and TOCSIN_TWILIO_FROM must be set too/],
    [{ ...TWILIO, TOCSIN_TWILIO_FROM: '+14155550100', TOCSIN_TWILIO_ACCOUNT_SID: 'AC123' }, /^TOCSIN_TWILIO_ACCOUNT_SID must be AC followed by 32/],
    [{ ...TWILIO, TOCSIN_TWILIO_FROM: '+14155550100', TOCSIN_TWILIO_AUTH_TOKEN: 'secret' }, /^TOCSIN_TWILIO_AUTH_TOKEN must be 32 hexadecimal/],
    [{ ...TWILIO, TOCSIN_TWILIO_FROM: '4155550100' }, /^TOCSIN_TWILIO_FROM must be an E.164 number/],
    [{ ...TWILIO, TOCSIN_TWILIO_FROM: '+14155550100', TOCSIN_TWILIO_API_URL: 'ftp://x' }, /^TOCSIN_TWILIO_API_URL must be an absolute http\(s\) URL/],
    [{ TOCSIN_TWILIO_API_URL: 'http://127.0.0.1:1' }, /^TOCSIN_TWILIO_API_URL is set but/],
  ];
  for (const [env, re] of bad) {
    it(`refuses ${JSON.stringify(env)} with a sentence naming the variable`, () => {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && re.test(err.message));
    });
  }
});
