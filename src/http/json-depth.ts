// A bound on how deeply a request body may nest. JSON.parse copes with any depth, but JSON.stringify
// and every recursive walk after it overflow the stack near 4,500 levels, far under any size limit:
// a body that nests deeper than MAX_JSON_DEPTH is refused at the door with a 400.

/** Objects and arrays inside one another; real monitoring payloads stay far below it. */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects or arrays more than `max` levels deep (iterative: it never overflows). */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

export const TOO_DEEP_MESSAGE = `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`;
