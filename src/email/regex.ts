import RE2 from 're2';

/**
 * User regexes run on RE2 (linear time: no catastrophic backtracking), with PagerDuty's `s` and `m`
 * flags always on. Compiled patterns are cached, bounded, per (pattern, flags).
 */

const CACHE_LIMIT = 500;
const cache = new Map<string, RE2>();

/** Compiles (or returns the cached) RE2 pattern; throws on invalid syntax. */
export function compile(pattern: string, caseInsensitive = false): RE2 {
  const flags = caseInsensitive ? 'smi' : 'sm';
  const k = flags + '\u0000' + pattern;
  let re = cache.get(k);
  if (!re) {
    re = new RE2(pattern, flags);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(k, re);
  }
  return re;
}

/** The syntax error of a pattern, or null when RE2 accepts it. */
export function regexError(pattern: string): string | null {
  try {
    compile(pattern);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** How many capturing groups the (valid) pattern has. */
export function captureGroupCount(pattern: string): number {
  // `(?:p)|` always matches the empty string, and exec returns one slot per capturing group.
  const m = new RE2(`(?:${pattern})|`, 'sm').exec('');
  return m ? m.length - 1 : 0;
}

/** True when a capturing group sits inside another capturing group (PagerDuty refuses those). */
export function hasNestedCaptureGroups(pattern: string): boolean {
  const stack: boolean[] = [];
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(') {
      const capturing = pattern[i + 1] !== '?' || /^\?P?</.test(pattern.slice(i + 1, i + 4)) && pattern.slice(i + 1, i + 4) !== '?<=' && pattern.slice(i + 1, i + 4) !== '?<!';
      if (capturing && depth > 0) return true;
      stack.push(capturing);
      if (capturing) depth++;
    } else if (c === ')') {
      if (stack.pop()) depth--;
    }
  }
  return false;
}

/** Every capture group of the first match, joined with `-`; the whole match when there is none; null: no match. */
export function extractWithRegex(pattern: string, text: string, caseInsensitive = false): string | null {
  const m = compile(pattern, caseInsensitive).exec(text);
  if (!m) return null;
  if (m.length === 1) return m[0];
  return m.slice(1).filter((g) => g !== undefined).join('-');
}
