// Random inputs for the fuzz run (bench/fuzz/run.ts): a seeded generator, random JSON values (deep,
// wide, huge, odd unicode), mutations of valid bodies, raw-byte corruption, event bodies of every
// kind the Events APIs take, and REST requests built from the server's own OpenAPI document.

/** mulberry32: small, fast, reproducible from `--seed`. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }
}

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800', // lone surrogate
  '\udfff\ud800',
  '\u202e\u0041\u0301',
  '😀'.repeat(50),
  '%E0%A4%A',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE incidents; --",
  '${jndi:ldap://x}',
  'null',
  'true',
  '-1',
  '1e309',
  '2026-13-45T99:99:99Z',
  'P'.repeat(7),
  'trigger',
  'resolve',
  'critical',
  '\r\nX-Injected: 1',
];

export function randomString(r: Rng): string {
  const k = r.int(10);
  if (k < 4) return r.pick(ODD_STRINGS);
  if (k < 7) return Array.from({ length: r.int(40) }, () => String.fromCharCode(r.int(0x3000))).join('');
  if (k < 9) return Math.random().toString(36).slice(2);
  // Long strings: a few KB up to 120 KB (the 512 KB body limit is exercised by raw corruption).
  return 'x'.repeat(r.int(120_000));
}

/** A random JSON value; `budget` bounds the size of what one call builds. */
export function randomValue(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 3 ? 6 : 11);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, -0, 4294967296]);
    case 3:
    case 4:
    case 5:
      return randomString(r);
    case 6:
      return Array.from({ length: r.int(5) }, () => randomValue(r, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: r.int(5) }, () => [randomString(r).slice(0, 40), randomValue(r, depth + 1)]));
    case 8:
      return deep(r.int(90) + 1);
    case 9:
      return Object.fromEntries(Array.from({ length: 200 + r.int(3000) }, (_, i) => [`k${i}`, i]));
    default:
      return Array.from({ length: r.int(2000) }, (_, i) => i);
  }
}

function deep(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { d: v };
  return v;
}

/** Changes a valid body a little or a lot: drops, retypes and adds keys, at the top and one level down. */
export function mutate(r: Rng, body: Record<string, unknown>): unknown {
  if (r.chance(0.05)) return randomValue(r);
  const out: Record<string, unknown> = structuredClone(body);
  const rounds = 1 + r.int(3);
  for (let i = 0; i < rounds; i++) {
    const keys = Object.keys(out);
    const key = keys.length ? r.pick(keys) : 'x';
    const inner = out[key];
    const op = r.int(6);
    if (op === 0) delete out[key];
    else if (op === 1) out[key] = randomValue(r);
    else if (op === 2) out[randomString(r).slice(0, 30) || 'extra'] = randomValue(r);
    else if (op === 3 && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const ik = Object.keys(inner);
      const obj = inner as Record<string, unknown>;
      if (ik.length) obj[r.pick(ik)] = randomValue(r);
      else obj.x = randomValue(r);
    } else if (op === 4 && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const ik = Object.keys(inner);
      if (ik.length) delete (inner as Record<string, unknown>)[r.pick(ik)];
    }
    // op 5: leave as is
  }
  return out;
}

/** Serialises, sometimes corrupting the bytes: invalid UTF-8, truncation, BOM, oversize, not JSON. */
export function serialise(r: Rng, value: unknown): Buffer {
  const text = JSON.stringify(value) ?? 'null';
  const k = r.int(40);
  if (k === 0) return Buffer.from(text.slice(0, r.int(text.length)));
  if (k === 1) {
    const b = Buffer.from(text);
    const at = r.int(b.length);
    return Buffer.concat([b.subarray(0, at), Buffer.from([r.pick([0xff, 0xc3, 0xe0, 0xed, 0x80])]), b.subarray(at)]);
  }
  if (k === 2) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  if (k === 3) return Buffer.from(r.pick(['', 'null', '[]', '0', '"x"', '{', '}', '{"a":1}{"b":2}', 'routing_key=abc']));
  if (k === 4 && r.chance(0.3)) return Buffer.from(JSON.stringify({ pad: 'y'.repeat(520 * 1024), v: value }));
  if (k === 5) return Buffer.from(text.replace(/"([a-z_]+)":/, '"\\ud800$1":'));
  return Buffer.from(text);
}

export const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain; charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''];
