// Fakes for things outside the process: a webhook receiver (HTTP) and an SMTP sink. Both listen on
// 127.0.0.1 on a free port and let a test await deliveries instead of sleeping.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { event: { id: string; event_type: string; resource_type: string; occurred_at: string; agent: unknown; client: unknown; data: Record<string, unknown> } };
  at: number;
}

type Behaviour = (req: Received, n: number) => number | 'hang' | 'flood';

class Waiters<T> {
  private waiters: Array<{ pred: (all: T[]) => boolean; resolve: () => void }> = [];
  constructor(readonly items: T[]) {}
  push(x: T) {
    this.items.push(x);
    this.waiters = this.waiters.filter((w) => (w.pred(this.items) ? (w.resolve(), false) : true));
  }
  until(pred: (all: T[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (pred(this.items)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; have ${this.items.length}`)), timeoutMs);
      this.waiters.push({ pred, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides each answer: a status code, 'hang' (never answers) or 'flood' (200, then a body that never ends). Default 200. */
  behave(b: Behaviour): void;
  /** Bytes of 'flood' bodies written so far, and how many flooded connections the client has closed. */
  flood: { bytes: number; closed: number };
  until(pred: (all: Received[]) => boolean, what?: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const w = new Waiters<Received>([]);
  let behaviour: Behaviour = () => 200;
  let n = 0;
  const flood = { bytes: 0, closed: 0 };
  const hung = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Received['body'];
      try {
        body = JSON.parse(raw);
      } catch {
        body = { event: { id: '', event_type: 'unparseable', resource_type: '', occurred_at: '', agent: null, client: null, data: {} } };
      }
      const r: Received = { path: req.url ?? '/', headers: req.headers, raw, body, at: Date.now() };
      const answer = behaviour(r, n++);
      w.push(r);
      if (answer === 'hang') {
        hung.add(res);
        return;
      }
      if (answer === 'flood') {
        hung.add(res);
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk)) flood.bytes += chunk.length;
          if (!res.destroyed) flood.bytes += chunk.length;
        };
        res.on('drain', pump);
        res.on('close', () => flood.closed++);
        res.on('error', () => undefined);
        pump();
        return;
      }
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received: w.items,
    flood,
    behave: (b) => (behaviour = b),
    until: (pred, what = 'deliveries', timeoutMs) => w.until(pred, what, timeoutMs),
    async close() {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SmtpSink {
  url: string;
  mails: ParsedMail[];
  until(pred: (all: ParsedMail[]) => boolean, what?: string): Promise<void>;
  /** Answers the next messages with this SMTP code (e.g. 451 temporary, 550 permanent), or null to accept. */
  reject(code: number | null): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const w = new Waiters<ParsedMail>([]);
  let rejectCode: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (rejectCode) {
            const err = Object.assign(new Error('rejected by the test'), { responseCode: rejectCode });
            return callback(err);
          }
          w.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails: w.items,
    until: (pred, what = 'mails') => w.until(pred, what),
    reject: (c) => (rejectCode = c),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
