// Percentiles for every bench: nearest rank on sorted samples (the smallest sample with at least p %
// of the samples at or below it). Before 2026-12-06 the timers, Twilio and webhook benches indexed
// floor(p·n) instead, one rank higher when p·n is whole; figures in BENCHMARKS.md before that date
// used that rule.

/** The p-th percentile (0–100) of samples sorted ascending; undefined when there are none. */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The samples sorted ascending (a copy). */
export function ascending(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}
