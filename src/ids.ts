import { randomFillSync } from 'node:crypto';

/** Generates every identifier and secret Tocsin hands out; injected so tests can seed it. */
export interface Ids {
  /** A PagerDuty-style object id: 7 characters, `P` then 6 of [0-9A-Z]. */
  id(): string;
  /** A 14-character log entry id, `R` then 13 of [0-9A-Z]. */
  logEntryId(): string;
  /** An integration key: 32 lowercase hex characters. */
  integrationKey(): string;
  /** A REST API token: 20 characters of [0-9A-Za-z_+-], as PagerDuty's keys are. */
  apiToken(): string;
  /** 32 lowercase hex characters, for generated dedup keys and secrets. */
  hex32(): string;
}

const UPPER = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TOKEN = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_+-';

// Random bytes drawn from the CSPRNG 4 KB at a time: one call per id was 7% of the event
// processor's CPU. Each byte is used once.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++];
}

function pick(alphabet: string, n: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < n) {
    const b = randomByte();
    if (b < limit) out += alphabet[b % alphabet.length];
  }
  return out;
}

function hex(bytes: number): string {
  let out = '';
  for (let k = 0; k < bytes; k++) out += (randomByte() + 0x100).toString(16).slice(1);
  return out;
}

export const randomIds: Ids = {
  id: () => 'P' + pick(UPPER, 6),
  logEntryId: () => 'R' + pick(UPPER, 13),
  integrationKey: () => hex(16),
  apiToken: () => pick(TOKEN, 20),
  hex32: () => hex(16),
};
