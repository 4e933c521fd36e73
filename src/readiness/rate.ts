// A rate from a counter's samples: each reader (/metrics, /readyz) samples the processor's total and
// gets the events per second over the last minute. Wall time (performance.now): it measures the
// process, not the business clock that tests move.

const WINDOW_MS = 60_000;

export class RateMeter {
  private samples: Array<{ at: number; total: number }> = [];

  /** Records `total` now; returns the rate per second over the samples of the last minute, or null with none older. */
  sample(total: number, at = performance.now()): number | null {
    this.samples.push({ at, total });
    // Keep one sample older than the window as its start, and at most a few hundred.
    while (this.samples.length > 2 && (this.samples[1].at < at - WINDOW_MS || this.samples.length > 600)) this.samples.shift();
    const first = this.samples[0];
    if (at - first.at < 1) return null;
    return Math.round(((total - first.total) / ((at - first.at) / 1000)) * 10) / 10;
  }
}
