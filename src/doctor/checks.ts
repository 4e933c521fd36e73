// The checks of `tocsin doctor`, one function each. A check reports what it found and, when something
// is wrong, what to do about it; it changes nothing (no migration, no email, no notification sent).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import { findOwner, needsFirstPassword } from '../accounts/index.js';
import { readTls, type Config } from '../config.js';
import { describeRelay, probeRelay } from '../notify/index.js';
import { openPostgres, openSqlite, type Database } from '../store/db.js';
import { pendingMigrations } from '../store/migrate.js';

export interface Finding {
  status: 'ok' | 'warn' | 'fail';
  /** What was checked: "database", "SMTP relay", … */
  area: string;
  /** What was found, a sentence. */
  what: string;
  /** What to do, when it is not ok. */
  fix?: string;
}

const TIMEOUT_MS = 10_000;

/** The promise, or a rejection saying it took longer than ms. */
export function withTimeout<T>(p: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const message = (err: unknown) => (err as Error).message || (err as { code?: string }).code || String(err);
const isLoopbackHost = (host: string) => host === 'localhost' || host.startsWith('127.') || host === '[::1]';

/** Settings that load but will not work as meant. */
export function checkSettings(config: Config): Finding[] {
  const out: Finding[] = [{ status: 'ok', area: 'configuration', what: 'the TOCSIN_* settings are valid' }];
  if (config.tls) {
    try {
      readTls(config.tls);
      out.push({ status: 'ok', area: 'configuration', what: 'the TLS certificate and key can be read and match' });
    } catch (err) {
      out.push({ status: 'fail', area: 'configuration', what: message(err), fix: 'point TOCSIN_TLS_CERT and TOCSIN_TLS_KEY at a readable PEM certificate and its key' });
    }
  }
  const host = new URL(config.publicUrl).hostname;
  if (isLoopbackHost(host) && !isLoopbackHost(config.httpHost)) {
    out.push({
      status: 'warn',
      area: 'configuration',
      what: `TOCSIN_PUBLIC_URL is ${config.publicUrl}: the links in notifications, webhooks and API answers work only on this machine`,
      fix: 'set TOCSIN_PUBLIC_URL to the URL people and tools use to reach Tocsin (with its scheme and port)',
    });
  }
  return out;
}

/** Opens the database without creating or migrating it; returns it when it can be used. */
export async function checkDatabase(config: Config): Promise<{ findings: Finding[]; database: Database | null }> {
  const area = 'database';
  let database: Database;
  let where: string;
  if (config.databaseUrl && /^postgres/.test(config.databaseUrl)) {
    const u = new URL(config.databaseUrl);
    if (u.password) u.password = '***';
    where = `PostgreSQL ${u.toString()}`;
    database = openPostgres(config.databaseUrl, 1, { connectTimeoutMs: 5000 });
    try {
      await withTimeout(sql`select 1`.execute(database.db));
    } catch (err) {
      await database.close().catch(() => undefined);
      return {
        database: null,
        findings: [{ status: 'fail', area, what: `cannot use ${where} (${message(err)})`, fix: 'check TOCSIN_DATABASE_URL: the host, port, database name, user and password, and that the server accepts connections from this host' }],
      };
    }
  } else {
    const file = config.databaseUrl?.startsWith('sqlite:') ? config.databaseUrl.slice('sqlite:'.length) : path.join(config.dataDir, 'tocsin.db');
    where = `SQLite ${file}`;
    if (!fs.existsSync(file)) {
      return {
        database: null,
        findings: [{
          status: 'warn',
          area,
          what: `no database yet at ${file}`,
          fix: '`tocsin serve` (or `tocsin migrate`) creates it; if the server has run, TOCSIN_DATA_DIR here names another directory than the server uses',
        }],
      };
    }
    try {
      database = openSqlite(file);
    } catch (err) {
      return { database: null, findings: [{ status: 'fail', area, what: `cannot open ${where} (${message(err)})`, fix: 'check that this user may read and write the file and its directory' }] };
    }
  }
  try {
    const pending = await withTimeout(pendingMigrations(database.db));
    if (pending.length) {
      return {
        database,
        findings: [{ status: 'warn', area, what: `${where}: ${pending.length} schema migration(s) not applied yet`, fix: 'run `tocsin migrate`, or start the server (it migrates at start)' }],
      };
    }
    return { database, findings: [{ status: 'ok', area, what: `${where}, schema up to date` }] };
  } catch (err) {
    await database.close().catch(() => undefined);
    return { database: null, findings: [{ status: 'fail', area, what: `cannot read ${where} (${message(err)})`, fix: 'check TOCSIN_DATABASE_URL / TOCSIN_DATA_DIR and the database user’s rights' }] };
  }
}

/** Whether the account owner exists and can sign in to the UI. */
export async function checkOwner(database: Database, config: Config): Promise<Finding[]> {
  const area = 'account owner';
  const owner = await findOwner(database.db);
  if (!owner) return [{ status: 'warn', area, what: 'no account owner yet', fix: 'start the server once: `tocsin serve` creates the owner' }];
  if (await needsFirstPassword(database.db)) {
    return [{
      status: 'warn',
      area,
      what: `${owner.email} has no password yet, so no one can sign in to the UI`,
      fix: `open ${config.publicUrl}/ui/setup and enter the setup code the server printed at its last start (or in setup-code.txt in its data directory), or run \`tocsin user set-password ${owner.email}\``,
    }];
  }
  return [{ status: 'ok', area, what: `${owner.email} can sign in` }];
}

/** The SMTP relay: says hello to it (and STARTTLS/AUTH as its URL asks); no email is sent. */
export async function checkSmtpRelay(config: Config, contacts: Partial<Record<string, number>>): Promise<Finding[]> {
  const area = 'SMTP relay';
  const emails = contacts.email_contact_method ?? 0;
  if (!config.smtpRelayUrl) {
    if (!emails) return [{ status: 'ok', area, what: 'not configured, and no user has an email contact method' }];
    return [{ status: 'warn', area, what: `not configured: ${emails} email contact method(s) get no notification email`, fix: 'set TOCSIN_SMTP_RELAY_URL (smtp://host:25, smtps://user:password@host:465)' }];
  }
  const relay = describeRelay(config.smtpRelayUrl);
  try {
    await withTimeout(probeRelay(config.smtpRelayUrl), 25_000);
    return [{ status: 'ok', area, what: `${relay} answers` }];
  } catch (err) {
    return [{
      status: 'fail',
      area,
      what: `${relay} cannot be reached (${message(err)})`,
      fix: 'check TOCSIN_SMTP_RELAY_URL (host, port, smtp:// or smtps://, user and password) and that the relay lets this host connect',
    }];
  }
}

const PROVIDER_TYPES = ['sms_contact_method', 'phone_contact_method', 'push_notification_contact_method', 'whatsapp_contact_method'];

/** The outbound-HTTP provider for SMS, phone and push: a TCP connection to it (nothing is posted). */
export async function checkHttpProvider(config: Config, contacts: Partial<Record<string, number>>): Promise<Finding[]> {
  const area = 'notification channels';
  // Twilio (TOCSIN_TWILIO_*) delivers SMS, and calls when From is a number: those need no HTTP provider.
  const twilio = config.twilio ? ['sms_contact_method', ...(config.twilio.from.startsWith('MG') ? [] : ['phone_contact_method'])] : [];
  const needing = PROVIDER_TYPES.filter((t) => !twilio.includes(t)).reduce((n, t) => n + (contacts[t] ?? 0), 0);
  if (!config.notifyHttpProviderUrl) {
    if (!needing) return [{ status: 'ok', area, what: twilio.length ? `Twilio delivers ${twilio.length === 2 ? 'SMS and phone' : 'SMS'}; no other contact method needs an HTTP provider` : 'no SMS, phone or push contact methods, so no provider is needed' }];
    return [{
      status: 'warn',
      area,
      what: `${needing} SMS, phone or push contact method(s), but no provider: they get no notifications`,
      fix: 'set TOCSIN_NOTIFY_HTTP_PROVIDER_URL to the gateway that delivers them (docs/notifications.md)',
    }];
  }
  const u = new URL(config.notifyHttpProviderUrl);
  const port = Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const s = net.connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port }, () => (s.end(), resolve()));
        s.once('error', reject);
      }),
    );
    return [{ status: 'ok', area, what: `the HTTP provider at ${u.host} accepts connections` }];
  } catch (err) {
    return [{
      status: 'fail',
      area,
      what: `the HTTP provider at ${u.host} cannot be reached (${message(err)})`,
      fix: 'check TOCSIN_NOTIFY_HTTP_PROVIDER_URL and that the gateway runs',
    }];
  }
}

/** Fetches TOCSIN_PUBLIC_URL/healthz, as a person's browser or a monitoring tool would reach Tocsin. */
export async function checkPublicUrl(config: Config): Promise<Finding[]> {
  const area = 'public URL';
  const url = `${config.publicUrl}/healthz`;
  const fix =
    'start the server (`tocsin serve`) if it is not running; TOCSIN_PUBLIC_URL must be the URL people and tools use, with its scheme and port, and a reverse proxy in front must pass /healthz';
  try {
    const res = await withTimeout(fetch(url, { redirect: 'manual' }));
    const body = await res.text();
    if (res.status === 200 && /"status":"ok"/.test(body)) return [{ status: 'ok', area, what: `${url} answers` }];
    return [{ status: 'fail', area, what: `${url} answers ${res.status}, not Tocsin's health check`, fix }];
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    return [{ status: 'fail', area, what: `cannot reach ${url} (${message(cause ?? err)})`, fix }];
  }
}
