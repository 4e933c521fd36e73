// LISTEN on a dedicated PostgreSQL connection (not one of the pool's: a pooled connection goes back
// to the pool and its LISTENs with it). Each notification on a channel calls its handler; the
// connection reconnects with the one backoff after any loss, and every handler is called after each
// (re)connect, since notifications sent while it was away are lost (the callers then look anyway).
import pg from 'pg';
import { backoffMs } from '../worker-loop.js';

export interface ListenLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface WorkListener {
  /** Resolves once the first connection listens (or failed once; it keeps trying). */
  ready: Promise<void>;
  /** Notifications received, (re)connections made (tests, /metrics). */
  readonly stats: { notifications: number; connects: number };
  close(): Promise<void>;
}

export function listenForWork(url: string, handlers: Record<string, () => void>, log: ListenLog, retry = { baseMs: 250, maxMs: 5_000 }): WorkListener {
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  const stats = { notifications: 0, connects: 0 };
  const channels = Object.keys(handlers);
  for (const c of channels) if (!/^[a-z_]+$/.test(c)) throw new Error(`bad channel name ${c}`);

  const reconnect = (err: unknown) => {
    if (closed || timer) return;
    const c = client;
    client = null;
    c?.removeAllListeners('end');
    void c?.end().catch(() => undefined);
    failures++;
    if (failures === 1) log.warn({ err }, 'lost the connection that listens for new work; reconnecting (workers poll meanwhile)');
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, backoffMs(failures, retry.baseMs, retry.maxMs));
    timer.unref();
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 10_000 });
    client = c;
    c.on('error', (err) => reconnect(err));
    c.on('end', () => reconnect(new Error('connection ended')));
    c.on('notification', (n) => {
      stats.notifications++;
      handlers[n.channel]?.();
    });
    try {
      await c.connect();
      for (const ch of channels) await c.query(`LISTEN ${ch}`);
    } catch (err) {
      if (client === c) reconnect(err);
      return;
    }
    if (closed) return void (await c.end().catch(() => undefined));
    stats.connects++;
    if (failures > 0) log.info({ failures }, 'listening for new work again');
    failures = 0;
    for (const h of Object.values(handlers)) h();
  };

  const ready = connect();
  return {
    ready,
    stats,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      c?.removeAllListeners('end');
      await c?.end().catch(() => undefined);
    },
  };
}
