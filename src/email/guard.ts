import type { Logger } from 'pino';

/**
 * The SMTP listener's defence against clients that hold connections or probe addresses: it admits
 * connections (per client address and in all), gives each a short deadline to name a valid recipient,
 * makes room for a newcomer by dropping the oldest connection that has not, and counts unknown
 * recipients per session and per client address. It knows nothing of SMTP beyond "drop with a reply";
 * the listener wires it to smtp-server. Counts are per node, in memory.
 */

export interface GuardLimits {
  /** Concurrent connections in all (TOCSIN_SMTP_MAX_CLIENTS). */
  maxClients: number;
  /** Concurrent connections per client address (TOCSIN_SMTP_MAX_CONNECTIONS_PER_CLIENT). */
  maxConnectionsPerClient: number;
  /** From connect to the first accepted RCPT: greeting, EHLO, STARTTLS, MAIL and RCPT must fit in it. */
  preRcptTimeoutMs: number;
  /** Unknown recipients one session may name; the next one is answered 421 and the connection dropped. */
  unknownRecipientsPerSession: number;
  /** Unknown recipients one client address may name per window; past it, each unknown one drops the connection. */
  unknownRecipientsPerClient: number;
  unknownRecipientWindowMs: number;
}

/**
 * Defaults of the guard's timing and probing limits (not settings: a sender that knows a valid
 * address reaches RCPT in well under a second, even over TLS across the world).
 */
export const GUARD_DEFAULTS = {
  preRcptTimeoutMs: 10_000,
  unknownRecipientsPerSession: 5,
  unknownRecipientsPerClient: 20,
  unknownRecipientWindowMs: 10 * 60_000,
} as const;

/** What the guard needs of a connection: to be told why (an SMTP 421 text) and closed. */
export interface GuardedConnection {
  drop(reply: string): void;
}

/** A fixed window per key (a client address), in this process. */
export class WindowCounter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one hit for the key; false once the window holds more than the limit. */
  allow(key: string): boolean {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (now - v.start >= this.windowMs) this.windows.delete(k);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    return ++w.count <= this.limit;
  }
}

interface Entry {
  ip: string;
  conn: GuardedConnection;
  /** Named a valid recipient once: a real sender, kept for the DATA transfer and later messages. */
  trusted: boolean;
  /** Recipient lookups in flight (the client waits on us then). */
  lookups: number;
  unknown: number;
  timer: NodeJS.Timeout | null;
}

export type Admission = { ok: true } | { ok: false; reply: string };

export class SmtpGuard {
  /** Insertion order is connection order, so the first untrusted entry is the oldest. */
  private readonly sessions = new Map<string, Entry>();
  private readonly perClient = new Map<string, number>();
  private readonly unknownByClient: WindowCounter;

  constructor(
    private readonly limits: GuardLimits,
    now: () => number,
    private readonly log: Logger,
  ) {
    this.unknownByClient = new WindowCounter(limits.unknownRecipientsPerClient, limits.unknownRecipientWindowMs, now);
  }

  /** Connections held now (for tests and logs). */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Lets a new connection in, or says why not. When every slot is taken, the oldest connection that
   * has not yet named a valid recipient is dropped to make room: idle or slow clients cannot keep
   * real senders out, and a real sender names its recipient within milliseconds of connecting.
   */
  admit(id: string, ip: string, conn: GuardedConnection): Admission {
    if ((this.perClient.get(ip) ?? 0) >= this.limits.maxConnectionsPerClient) {
      return { ok: false, reply: `4.7.0 Too many connections from ${ip}, try again later` };
    }
    if (this.sessions.size >= this.limits.maxClients && !this.evictOldestUntrusted()) {
      return { ok: false, reply: '4.7.0 Too many connected clients, try again in a moment' };
    }
    const entry: Entry = { ip, conn, trusted: false, lookups: 0, unknown: 0, timer: null };
    this.sessions.set(id, entry);
    this.perClient.set(ip, (this.perClient.get(ip) ?? 0) + 1);
    this.arm(id, entry, this.limits.preRcptTimeoutMs);
    return { ok: true };
  }

  /** Runs a recipient lookup; the pre-RCPT deadline waits for it rather than cut it off. */
  async lookup<T>(id: string, work: Promise<T>): Promise<T> {
    const e = this.sessions.get(id);
    if (e) e.lookups++;
    try {
      return await work;
    } finally {
      if (e) e.lookups--;
    }
  }

  /** The session named a valid recipient: no more pre-RCPT deadline, never evicted for a newcomer. */
  accepted(id: string): void {
    const e = this.sessions.get(id);
    if (!e || e.trusted) return;
    e.trusted = true;
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
  }

  /**
   * The session named an unknown recipient: 'refuse' (550, go on) or 'drop' (421 and close) once the
   * session has named more than its share, or its client address more than its share in the window.
   */
  unknownRecipient(id: string, ip: string): 'refuse' | 'drop' {
    const e = this.sessions.get(id);
    const perSession = e ? ++e.unknown : Infinity;
    const inWindow = this.unknownByClient.allow(ip);
    if (perSession <= this.limits.unknownRecipientsPerSession && inWindow) return 'refuse';
    this.log.warn({ ip, session: perSession, overClientWindow: !inWindow }, 'email: too many unknown recipients, dropping the connection');
    return 'drop';
  }

  /** The connection is gone (every connection, admitted or not, ends here). */
  closed(id: string): void {
    const e = this.sessions.get(id);
    if (e) this.forget(id, e);
  }

  /** Stops every timer (the server is closing). */
  stop(): void {
    for (const e of this.sessions.values()) if (e.timer) clearTimeout(e.timer);
  }

  private arm(id: string, e: Entry, ms: number): void {
    e.timer = setTimeout(() => {
      e.timer = null;
      if (e.trusted || this.sessions.get(id) !== e) return;
      // A lookup in flight is our delay, not the client's: look again shortly.
      if (e.lookups > 0) return this.arm(id, e, 1_000);
      this.forget(id, e);
      e.conn.drop('4.4.2 Timeout: no valid recipient in time, closing connection');
    }, ms);
    e.timer.unref();
  }

  private evictOldestUntrusted(): boolean {
    for (const [id, e] of this.sessions) {
      if (e.trusted || e.lookups > 0) continue;
      this.forget(id, e);
      this.log.info({ ip: e.ip }, 'email: connection limit reached, dropping the oldest connection without a recipient');
      e.conn.drop('4.7.0 Too many connected clients, closing the oldest idle connection');
      return true;
    }
    return false;
  }

  private forget(id: string, e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    this.sessions.delete(id);
    const n = (this.perClient.get(e.ip) ?? 1) - 1;
    if (n <= 0) this.perClient.delete(e.ip);
    else this.perClient.set(e.ip, n);
  }
}
