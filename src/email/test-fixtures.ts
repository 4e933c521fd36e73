// What the SMTP listener's tests share: a listener on a free port with an in-memory intake (the only
// fake: it stands for the integrations table and the inbox), and a raw SMTP client that can pick its
// source address (Linux routes all of 127/8 to lo, so 127.0.0.N are distinct clients).
import net from 'node:net';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { createSmtpListener, type EmailDelivery, type EmailIntegration, type SmtpLimits } from './listener.js';

export const TEST_LIMITS: SmtpLimits = {
  maxMessageBytes: 50_000,
  maxRecipients: 3,
  maxConnectionsPerClient: 2,
  maxClients: 50,
  messagesPerMinutePerClient: 1000,
  maxBufferedBytes: 10_000_000,
};

export async function startListener(over: Partial<SmtpLimits> = {}, failDeliver = false) {
  const delivered: EmailDelivery[] = [];
  const integrations: Record<string, EmailIntegration> = {
    'ops@tocsin.test': { id: 'PINT001', serviceId: 'PSVC001', emailConfig: { email_incident_creation: 'on_new_email' } },
    'db@tocsin.test': { id: 'PINT002', serviceId: 'PSVC002', emailConfig: { email_filter_mode: 'and-rules-email', email_filters: [{ subject_mode: 'match', subject_regex: 'DB', body_mode: 'always', from_email_mode: 'always' }] } },
  };
  let now = 0;
  const l = createSmtpListener({
    limits: { ...TEST_LIMITS, ...over },
    tls: null,
    hostname: 'tocsin.test',
    log: pino({ level: 'silent' }),
    now: () => now,
    intake: {
      findIntegration: async (a) => integrations[a] ?? (/^ops\d@/.test(a) ? integrations['ops@tocsin.test'] : null),
      deliver: async (items) => {
        if (failDeliver) throw new Error('disk full');
        delivered.push(...items);
      },
    },
  });
  const port = await l.listen(0, '127.0.0.1');
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return { port, delivered, transport, tick: (ms: number) => (now += ms), close: () => l.close() };
}

/** A raw SMTP client: read the next reply line, send a command and read its reply, see whether it closed. */
export class RawSmtp {
  private buf = '';
  private waiters: Array<() => void> = [];
  closed = false;
  readonly sock: net.Socket;

  constructor(port: number, localAddress = '127.0.0.1') {
    this.sock = net.connect({ port, host: '127.0.0.1', localAddress });
    this.sock.on('data', (d) => {
      this.buf += d.toString();
      this.wake();
    });
    this.sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    this.sock.on('error', () => undefined);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** The next final reply line (`250 …`), or null when the server closed first. */
  async reply(): Promise<string | null> {
    for (;;) {
      const m = /^(\d{3}) .*\r\n/m.exec(this.buf);
      if (m) {
        const end = this.buf.indexOf('\r\n', m.index) + 2;
        const line = this.buf.slice(m.index, end - 2);
        this.buf = this.buf.slice(end);
        return line;
      }
      if (this.closed) return null;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async command(line: string): Promise<string | null> {
    if (!this.closed) this.sock.write(line + '\r\n');
    return this.reply();
  }

  /** Resolves once the server has closed the connection. */
  async ended(): Promise<void> {
    while (!this.closed) await new Promise<void>((r) => this.waiters.push(r));
  }

  destroy(): void {
    this.sock.destroy();
  }
}

/** Speaks raw SMTP (greeting, then one reply per line) and returns the server's reply lines. */
export async function converse(port: number, lines: string[], localAddress?: string): Promise<string[]> {
  const c = new RawSmtp(port, localAddress);
  const replies: string[] = [];
  replies.push((await c.reply()) ?? '(closed)');
  for (const l of lines) replies.push((await c.command(l)) ?? '(closed)');
  c.destroy();
  return replies;
}
