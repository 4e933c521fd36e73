// Whether the SMTP relay (TOCSIN_SMTP_RELAY_URL) can be reached: one clear log line when it cannot (at
// start, or later when sends start failing to connect) and one when it comes back. Email waiting
// meanwhile stays in the outbox and is retried; this only tells the operator.
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

/** The relay URL for a log line or a person: the password, if any, masked. */
export function describeRelay(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'TOCSIN_SMTP_RELAY_URL';
  }
}

/** Nodemailer transport options shared by sending and checking. */
export function relayTransport(url: string) {
  // Bounded timeouts: a send must end well inside the outbox lease (60 s) or another node could send it too.
  return nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
}

/** Connects to the relay and says hello (STARTTLS and AUTH when the URL asks for them); throws when it cannot. */
export async function probeRelay(url: string): Promise<void> {
  const transport = relayTransport(url);
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

/** An error from the relay connection itself, not an SMTP reply about one message (a 4xx/5xx to RCPT is a reachable relay). */
export function isConnectionFailure(err: unknown): boolean {
  return typeof (err as { responseCode?: unknown }).responseCode !== 'number' || (err as { code?: string }).code === 'EAUTH';
}

export class RelayHealth {
  private state: 'unknown' | 'up' | 'down' = 'unknown';
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly relay: string;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly probe: () => Promise<void>,
    /** While the relay is down it is probed this often, so its return is logged even with no email waiting. */
    private readonly retryMs = 30_000,
  ) {
    this.relay = describeRelay(url);
  }

  /** Probes once now (the start-up check) and keeps probing while the relay is down. */
  start(): void {
    this.stopped = false;
    void this.check();
  }

  stop(): void {
    this.stopped = true;
    this.stopRetrying();
  }

  private stopRetrying(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Probes the relay and logs a change; resolves to whether it is reachable. */
  async check(): Promise<boolean> {
    try {
      await this.probe();
      this.reachable();
      return true;
    } catch (err) {
      this.unreachable(err);
      return false;
    }
  }

  /** A send went through, or a probe answered. */
  reachable(): void {
    const was = this.state;
    this.state = 'up';
    this.stopRetrying();
    if (was === 'down') this.log.info({ relay: this.relay }, `SMTP relay ${this.relay} is reachable again: waiting notification email goes out now`);
    else if (was === 'unknown') this.log.info({ relay: this.relay }, `SMTP relay ${this.relay} is reachable`);
  }

  /** A send or probe could not reach the relay. */
  unreachable(err: unknown): void {
    const was = this.state;
    this.state = 'down';
    if (was !== 'down') {
      const error = (err as Error).message ?? String(err);
      const when = was === 'unknown' ? 'cannot be reached' : 'can no longer be reached';
      this.log.warn(
        { relay: this.relay, error },
        `SMTP relay ${this.relay} ${when} (${error}): notification email waits in the outbox and is retried; check TOCSIN_SMTP_RELAY_URL and the relay (tocsin doctor)`,
      );
    }
    if (!this.timer && !this.stopped) {
      this.timer = setInterval(() => void this.check(), this.retryMs);
      this.timer.unref();
    }
  }
}
