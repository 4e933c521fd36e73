// Fields that include[] can turn from a reference into the full object are free-form JSON in the
// routes' schemas (src/http/schemas.ts, AnyJson), so the generated types say `unknown`: these read
// them as references, checking the shape rather than trusting it.

/** A PagerDuty reference, or the object include[] expanded it into (which has the same fields). */
export interface Reference {
  id: string;
  type: string;
  summary?: string | null;
  name?: string;
  self?: string | null;
  html_url?: string | null;
}

export function asRef(x: unknown): Reference | null {
  if (x === null || typeof x !== 'object') return null;
  const r: Partial<Record<keyof Reference, unknown>> = x;
  return typeof r.id === 'string' && typeof r.type === 'string' ? (x as Reference) : null;
}

/** The references of a list, skipping what is not one. */
export function refs(xs: readonly unknown[] | null | undefined): Reference[] {
  return (xs ?? []).map(asRef).filter((r): r is Reference => r !== null);
}

/** The summaries of a list of references, for a cell: `a, b` (empty when there are none). */
export function summaries(xs: readonly unknown[] | null | undefined, sep = ', '): string {
  return refs(xs)
    .map((r) => r.summary ?? r.name ?? r.id)
    .join(sep);
}
