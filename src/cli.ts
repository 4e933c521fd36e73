import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { createTokenForEmail, setUserPassword } from './accounts/index.js';
import { DomainError } from './errors.js';
import { systemClock } from './clock.js';
import { randomIds } from './ids.js';
import { runDoctor } from './doctor/index.js';
import { announceSecret, forgetSecret, ownerTokenSecret, setupCodeSecret } from './announce.js';
import { countFailedEvents, requeueFailedEvents } from './events/index.js';

const USAGE = `usage: tocsin <command>

  serve                         run the server (HTTP API, events, SMTP, UI)
  migrate                       bring the database schema up to date and exit
  doctor                        check the settings, database, SMTP relay, notification channels and
                                public URL; print what to fix (exit code 1 when something is wrong)
  token create [--user EMAIL] [--read-only] [--description TEXT]
                                make a REST API token (account-level without --user)
  user set-password EMAIL       set a user's password (read from TOCSIN_PASSWORD or stdin)
  events replay --id ID [--id ID …] | --all
                                put failed events back in the inbox (a running server applies them)
`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function withDb<T>(fn: (db: ReturnType<typeof openDatabase>) => Promise<T>, migrate = true): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl, config.dataDir);
  try {
    if (migrate) await migrateToLatest(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** A PostgreSQL server that cannot be reached or refuses us is a setting to fix, not a crash. */
function databaseError(err: unknown, url: string | null): ConfigError | null {
  const code = (err as { code?: string }).code ?? '';
  if (!url || !/^postgres/.test(url)) return null;
  if (!['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', '3D000', '28P01', '28000'].includes(code)) return null;
  const where = new URL(url);
  where.password = where.password ? '***' : '';
  return new ConfigError(`TOCSIN_DATABASE_URL: cannot use the PostgreSQL database at ${where.toString()} (${(err as Error).message || code})`);
}

async function serve(): Promise<void> {
  const config = loadConfig();
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config);
  } catch (err) {
    throw databaseError(err, config.databaseUrl) ?? err;
  }
  let started: Awaited<ReturnType<typeof app.start>>;
  try {
    started = await app.start();
  } catch (err) {
    await app.close().catch(() => undefined);
    const e = err as { code?: string; port?: number };
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES') {
      const name = e.port === config.smtpPort && e.port !== config.httpPort ? 'TOCSIN_SMTP_PORT' : 'TOCSIN_HTTP_PORT';
      const why = e.code === 'EADDRINUSE' ? 'is already in use' : 'needs privileges this process lacks';
      throw new ConfigError(`${name}: port ${e.port ?? '?'} ${why}; choose another port`);
    }
    throw err;
  }
  const { httpPort, generatedToken, setupCode } = started;
  // Secrets go to a person, not into the JSON log on stdout (src/announce.ts).
  const out = { terminal: process.stderr, dataDir: config.dataDir, log: app.ctx.log };
  // Printed once, on first start only: it is stored as a hash. Never when TOCSIN_BOOTSTRAP_TOKEN is set.
  if (generatedToken) announceSecret(ownerTokenSecret(config.bootstrap.email, generatedToken), out);
  const setup = setupCodeSecret(config.bootstrap.email, config.publicUrl, setupCode ?? '');
  if (setupCode) announceSecret(setup, out);
  else forgetSecret(setup.file, config.dataDir);
  app.ctx.log.info({ httpPort, url: config.publicUrl }, 'tocsin is serving');
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    app.ctx.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  try {
    if (cmd === 'serve') {
      await serve();
      return -1;
    }
    if (cmd === 'doctor') {
      return await runDoctor(process.env, (text) => process.stdout.write(text));
    }
    if (cmd === 'migrate') {
      // Not migrated by withDb first, so that what this run applied is reported.
      const applied = await withDb((d) => migrateToLatest(d.db), false);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
      return 0;
    }
    if (cmd === 'token' && sub === 'create') {
      const { values } = parseArgs({
        args: rest,
        options: { user: { type: 'string' }, 'read-only': { type: 'boolean' }, description: { type: 'string' } },
      });
      const token = await withDb(({ db }) =>
        createTokenForEmail(db, { clock: systemClock, ids: randomIds }, {
          userEmail: values.user ?? null,
          readOnly: values['read-only'] ?? false,
          description: values.description ?? null,
        }),
      );
      process.stdout.write(token + '\n');
      return 0;
    }
    if (cmd === 'user' && sub === 'set-password' && rest[0]) {
      const password = process.env.TOCSIN_PASSWORD ?? (await readStdin());
      await withDb(({ db }) => setUserPassword(db, rest[0], password));
      process.stdout.write(`password set for ${rest[0]}\n`);
      return 0;
    }
    if (cmd === 'events' && sub === 'replay') {
      const { values } = parseArgs({ args: rest, options: { id: { type: 'string', multiple: true }, all: { type: 'boolean' } } });
      const ids = values.id ?? [];
      if (Boolean(values.all) === ids.length > 0) {
        process.stderr.write(`tocsin: events replay takes --all or one or more --id\n${USAGE}`);
        return 2;
      }
      const { replayed, left } = await withDb(async ({ db }) => {
        const n = await requeueFailedEvents(db, values.all ? 'all' : ids);
        return { replayed: n, left: await countFailedEvents(db) };
      });
      process.stdout.write(`replayed ${replayed} failed event${replayed === 1 ? '' : 's'}; ${left} still failed\n`);
      return ids.length > 0 && replayed < ids.length ? 1 : 0;
    }
    process.stderr.write(USAGE);
    return 2;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tocsin: ${err.message}\n`);
      return 2;
    }
    if (err instanceof DomainError) {
      // e.g. an unknown user: the details say which ("User with email x@y not found.").
      process.stderr.write(`tocsin: ${[err.message, ...err.details].join(': ')}\n`);
      return 2;
    }
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`tocsin: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
