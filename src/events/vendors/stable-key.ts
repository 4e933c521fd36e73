import { createHash } from 'node:crypto';

/** A dedup key that depends only on the given values (sorted label sets, ids), 32 hex characters. */
export function stableKey(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/** The labels of an alert as a canonical, sorted list. */
export function sortedLabels(labels: unknown): Array<[string, string]> {
  if (!labels || typeof labels !== 'object') return [];
  return Object.entries(labels as Record<string, unknown>)
    .map(([k, v]) => [k, String(v)] as [string, string])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
