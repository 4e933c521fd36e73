import type { Config } from '../config.js';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { decideEmail } from './decide.js';
import { GUARD_DEFAULTS, SmtpGuard, WindowCounter } from './guard.js';
import { toEmailMessage } from './mime.js';
import { normalizeEmailConfig, type EmailDecision, type EmailMessage } from './model.js';

/**
 * The built-in SMTP server. A recipient must name a live email integration (else 550 at RCPT, and
 * nothing is kept); a message is parsed, run through each recipient integration's rules, and
 * answered 250 only once `intake.deliver` has durably stored the resulting events. Limits: message
 * size (552), recipients per message (452), connections per client address and in all (421; a
 * newcomer displaces the oldest connection without a valid recipient), a deadline to name a valid
 * recipient (421), unknown recipients per session and per client address (421 and drop, guard.ts),
 * messages per client address per minute (451), and a budget of bytes buffered across all
 * connections (451).
 */

export interface EmailIntegration {
  id: string;
  serviceId: string;
  emailConfig: unknown;
}

export interface EmailDelivery {
  integrationId: string;
  serviceId: string;
  decision: Extract<EmailDecision, { kind: 'event' }>;
  message: EmailMessage;
  receivedAt: number;
}

export interface EmailIntake {
  /** The live email integration with this address, or null. */
  findIntegration(address: string): Promise<EmailIntegration | null>;
  /** Stores the events durably; resolves only after the commit. */
  deliver(items: EmailDelivery[]): Promise<void>;
}

/** The listener's limits: the `smtp` settings of config.ts, and the guard's timings (guard.ts; GUARD_DEFAULTS when not given). */
export type SmtpLimits = Config['smtp'] & {
  preRcptTimeoutMs?: number;
  unknownRecipientsPerSession?: number;
  unknownRecipientsPerClient?: number;
  unknownRecipientWindowMs?: number;
  /** Idle timeout once a valid recipient is named (the DATA transfer, later messages). */
  idleTimeoutMs?: number;
};

export interface SmtpListenerOptions {
  limits: SmtpLimits;
  tls: { cert: string; key: string } | null;
  hostname: string;
  log: Logger;
  now: () => number;
  intake: EmailIntake;
}

export interface SmtpListener {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

type SMTPConnection = SMTPServer['connections'] extends Set<infer C> ? C : never;

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  } catch {
    // Unparseable MIME still pages: the raw text becomes the body.
    return { text: raw.toString('utf8'), attachments: [], headers: new Map(), headerLines: [], html: false } as unknown as ParsedMail;
  }
}

export function createSmtpListener(opts: SmtpListenerOptions): SmtpListener {
  const { limits, log, intake } = opts;
  const guard = new SmtpGuard(
    {
      maxClients: limits.maxClients,
      maxConnectionsPerClient: limits.maxConnectionsPerClient,
      preRcptTimeoutMs: limits.preRcptTimeoutMs ?? GUARD_DEFAULTS.preRcptTimeoutMs,
      unknownRecipientsPerSession: limits.unknownRecipientsPerSession ?? GUARD_DEFAULTS.unknownRecipientsPerSession,
      unknownRecipientsPerClient: limits.unknownRecipientsPerClient ?? GUARD_DEFAULTS.unknownRecipientsPerClient,
      unknownRecipientWindowMs: limits.unknownRecipientWindowMs ?? GUARD_DEFAULTS.unknownRecipientWindowMs,
    },
    opts.now,
    log,
  );
  const rate = new WindowCounter(limits.messagesPerMinutePerClient, 60_000, opts.now);
  const recipients = new Map<string, Map<string, EmailIntegration>>();
  let buffered = 0;

  const server = new SMTPServer({
    name: opts.hostname,
    banner: 'Tocsin',
    logger: false,
    size: limits.maxMessageBytes,
    // The guard enforces maxClients (making room by eviction); this is only a backstop for sockets that
    // have not reached onConnect yet (the first 100 ms of a connection).
    maxClients: limits.maxClients * 2,
    // Nothing uses the client's host name; a PTR lookup per connection would cost a flood up to 1.5 s each.
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls ? { key: fs.readFileSync(opts.tls.key), cert: fs.readFileSync(opts.tls.cert) } : {}),
    // Before a valid RCPT the guard's deadline (a few seconds) applies; this one is for senders.
    socketTimeout: limits.idleTimeoutMs ?? 60_000,
    closeTimeout: 2_000,

    onConnect(session, cb) {
      const conn = connectionOf(session.id);
      if (!conn) return cb(smtpError(421, '4.3.0 Try again later'));
      const admitted = guard.admit(session.id, session.remoteAddress, { drop: (reply) => conn.send(421, reply) });
      if (!admitted.ok) return cb(smtpError(421, admitted.reply));
      cb();
    },

    onClose(session) {
      recipients.delete(session.id);
      guard.closed(session.id);
    },

    onMailFrom(_address, session, cb) {
      recipients.set(session.id, new Map());
      if (!rate.allow(session.remoteAddress)) return cb(smtpError(451, '4.7.1 Too many messages from this client, slow down'));
      cb();
    },

    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, cb) {
      if (session.envelope.rcptTo.length >= limits.maxRecipients) return cb(smtpError(452, '4.5.3 Too many recipients'));
      const addr = address.address.trim().toLowerCase();
      guard.lookup(session.id, intake.findIntegration(addr)).then(
        (integration) => {
          if (!integration) {
            if (guard.unknownRecipient(session.id, session.remoteAddress) === 'drop') {
              return cb(smtpError(421, '4.7.1 Too many unknown recipients, closing connection'));
            }
            return cb(smtpError(550, `5.1.1 <${addr}>: no such integration address`));
          }
          guard.accepted(session.id);
          const map = recipients.get(session.id) ?? new Map<string, EmailIntegration>();
          map.set(addr, integration);
          recipients.set(session.id, map);
          cb();
        },
        (err: Error) => {
          log.error({ err }, 'email: integration lookup failed');
          cb(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },

    onData(stream: Readable & { sizeExceeded?: boolean }, session, cb) {
      const chunks: Buffer[] = [];
      let size = 0;
      let overBudget = false;
      stream.on('data', (c: Buffer) => {
        if (overBudget || size + c.length > limits.maxMessageBytes) {
          size += c.length;
          return; // drain without keeping
        }
        if (buffered + c.length > limits.maxBufferedBytes) {
          overBudget = true;
          return;
        }
        chunks.push(c);
        size += c.length;
        buffered += c.length;
      });
      stream.on('end', () => {
        const kept = chunks.reduce((s, c) => s + c.length, 0);
        const release = () => {
          buffered -= kept;
        };
        if (stream.sizeExceeded || size > limits.maxMessageBytes) {
          release();
          return cb(smtpError(552, '5.3.4 Message too big'));
        }
        if (overBudget) {
          release();
          return cb(smtpError(451, '4.3.1 Server busy, try again later'));
        }
        receive(Buffer.concat(chunks), session).then(
          (reply) => {
            release();
            cb(null, reply);
          },
          (err: Error) => {
            release();
            log.error({ err }, 'email: could not store message');
            cb(smtpError(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });

  function connectionOf(id: string): SMTPConnection | null {
    for (const c of server.connections) if (c.id === id) return c;
    return null;
  }

  async function receive(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const receivedAt = opts.now();
    const mail = await parse(raw);
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
    const seen = new Set<string>();
    const deliveries: EmailDelivery[] = [];
    for (const [addr, integration] of recipients.get(session.id) ?? []) {
      if (seen.has(integration.id)) continue;
      seen.add(integration.id);
      const message = toEmailMessage(mail, { from: envelopeFrom, to: addr });
      const decision = decideEmail(normalizeEmailConfig(integration.emailConfig), message);
      if (decision.kind === 'discard') {
        log.info({ integrationId: integration.id, subject: message.subject, from: message.from, reason: decision.reason }, 'email: discarded');
        continue;
      }
      deliveries.push({ integrationId: integration.id, serviceId: integration.serviceId, decision, message, receivedAt });
    }
    if (deliveries.length) await intake.deliver(deliveries);
    return `2.0.0 OK: ${deliveries.length} event(s) queued`;
  }

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          server.on('error', (err) => log.warn({ err }, 'email: SMTP error'));
          const a = server.server.address();
          const bound = typeof a === 'object' && a ? a.port : port;
          log.info({ port: bound, host }, 'SMTP listening');
          resolve(bound);
        });
      });
    },
    close() {
      guard.stop();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
