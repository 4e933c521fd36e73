import { InvalidInputError } from '../errors.js';

export interface Page {
  limit: number;
  offset: number;
  total: boolean;
}

/** PagerDuty's classic paging: limit 25 by default, at most 100, offset+limit at most 10,000. */
export function readPage(q: { limit?: number; offset?: number; total?: boolean }): Page {
  const limit = Math.min(q.limit ?? 25, 100);
  const offset = q.offset ?? 0;
  if (offset + limit > 10_000) {
    throw new InvalidInputError(
      'Offset+limit exceeds maximum allowed value of 10000. Please try to refine your search to reduce the size of the result set.',
    );
  }
  return { limit, offset, total: q.total === true };
}

/** The list envelope: `{[key]: items, limit, offset, more, total}`; total is null unless asked for. */
export function pageEnvelope<K extends string, T>(key: K, items: T[], page: Page, count: number): Record<K, T[]> & {
  limit: number;
  offset: number;
  more: boolean;
  total: number | null;
} {
  return {
    [key]: items,
    limit: page.limit,
    offset: page.offset,
    more: page.offset + items.length < count,
    total: page.total ? count : null,
  } as Record<K, T[]> & { limit: number; offset: number; more: boolean; total: number | null };
}
