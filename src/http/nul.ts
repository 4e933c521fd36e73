// PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"): a NUL in a
// title, a name or an id failed the statement (a 500 on REST, a failed event in the processor) where
// SQLite stored it. Refused at the door instead, on both stores, so both behave alike.

export const NUL_MESSAGE = 'Text must not contain the NUL character (U+0000).';

/** Whether any string or key inside `value` holds U+0000 (iterative; depth is bounded at the door). */
export function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\0')) return true;
    } else if (typeof v === 'object' && v !== null) {
      if (Array.isArray(v)) stack.push(...v);
      else
        for (const [k, child] of Object.entries(v)) {
          if (k.includes('\0')) return true;
          stack.push(child);
        }
    }
  }
  return false;
}

/** For a parsed JSON body: JSON can only spell NUL as the escape `\u0000`, so most bodies skip the walk. */
export function bodyHoldsNul(raw: string, parsed: unknown): boolean {
  return /\\u0000/i.test(raw) && holdsNul(parsed);
}
