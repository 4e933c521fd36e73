/**
 * A fixed one-minute window per key, kept in this process. On several nodes each node counts its
 * own requests, so the effective limit is per node; that errs on the side of letting clients through.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(
    readonly limit: number,
    private readonly now: () => number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one hit; returns what to put in the ratelimit-* headers and whether it is allowed. */
  hit(key: string): { allowed: boolean; remaining: number; resetSeconds: number } {
    const now = this.now();
    const w = this.window(key, now);
    w.count++;
    return { allowed: w.count <= this.limit, remaining: Math.max(0, this.limit - w.count), resetSeconds: this.reset(w, now) };
  }

  /**
   * Takes up to `n` units of the key's budget (one request carrying `n` events costs `n`): `granted`
   * is how many fit, from 0 to `n`; what did not fit is not counted.
   */
  take(key: string, n: number): { granted: number; remaining: number; resetSeconds: number } {
    const now = this.now();
    const w = this.window(key, now);
    const granted = Math.max(0, Math.min(n, this.limit - w.count));
    w.count += granted;
    return { granted, remaining: Math.max(0, this.limit - w.count), resetSeconds: this.reset(w, now) };
  }

  private window(key: string, now: number): { start: number; count: number } {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    return w;
  }

  private reset(w: { start: number }, now: number): number {
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
