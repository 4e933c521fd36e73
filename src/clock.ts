/** The only source of "now" in Tocsin: real in production, fake in tests. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  constructor(private t: number = Date.parse('2026-01-05T10:00:00Z')) {}
  now(): number {
    return this.t;
  }
  set(ms: number): void {
    this.t = ms;
  }
  /** advance(90_000) or advance('30m'), '2h', '15s', '1d'. */
  advance(by: number | string): void {
    if (typeof by === 'number') {
      this.t += by;
      return;
    }
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(by);
    if (!m) throw new Error(`bad duration ${by}`);
    this.t += Number(m[1]) * units[m[2]];
  }
}

/** ISO-8601 UTC text of an epoch-ms time, or null. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
