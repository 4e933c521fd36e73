// The first run: while no user has a password, the account owner is claimed on the first-run page with
// a setup code printed on the server's console. Owns the `setup_codes` table (hashes only).
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';
import { hashPassword } from './passwords.js';
import { findOwner, needsFirstPassword } from './sessions.js';

interface Tables {
  setup_codes: { code_hash: string; created_at: number };
  users: { id: string; password_hash: string | null };
}

declare module '../executor.js' {
  interface TableRegistry {
    'accounts/first-run': Tables;
  }
}
// Crockford's base32: no I, L, O, U, so a code read aloud or copied by hand survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** A new setup code: 16 random Crockford base32 characters (80 bits) in groups, e.g. `7K3M-Q9XD-2HBW-VR4T`. */
export function newSetupCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let s = '';
    for (let i = 0; i < GROUP_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/** The code as typed, in canonical form: case, spaces and dashes ignored; O read as 0, I and L as 1. */
export function normalizeSetupCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

const hashCode = (code: string) => createHash('sha256').update(normalizeSetupCode(code)).digest();

/**
 * Issues a setup code when the owner still has to be claimed (no user has a password) and returns its
 * only plaintext copy; null when there is nothing to claim. Each start issues one; older ones stay valid
 * (several nodes each print their own) until the owner is claimed.
 */
export async function issueSetupCode(db: Db, clock: Clock): Promise<string | null> {
  if (!(await needsFirstPassword(db)) || !(await findOwner(db))) return null;
  const code = newSetupCode();
  await db.insertInto('setup_codes').values({ code_hash: hashCode(code).toString('hex'), created_at: clock.now() }).execute();
  return code;
}

/** Whether the code is a live setup code, compared in constant time against each stored hash. */
export async function checkSetupCode(db: Db, code: string): Promise<boolean> {
  const given = hashCode(code);
  const rows = await db.selectFrom('setup_codes').select('code_hash').execute();
  let ok = false;
  for (const r of rows) {
    // Every row is compared (no early exit), so the time says nothing about which matched.
    if (timingSafeEqual(Buffer.from(r.code_hash, 'hex'), given)) ok = true;
  }
  return ok;
}

export type ClaimResult = { ok: true; ownerId: string } | { ok: false; reason: 'claimed' | 'bad_code' };

/**
 * Sets the owner's first password when the setup code is right, and uses up every setup code, in one
 * transaction. The update is conditional on the owner having no password, so two racing claims with
 * the same code cannot both win.
 */
export async function claimOwner(db: Db, code: string, password: string): Promise<ClaimResult> {
  if (!(await needsFirstPassword(db))) return { ok: false, reason: 'claimed' };
  const owner = await findOwner(db);
  if (!owner) return { ok: false, reason: 'claimed' };
  if (!(await checkSetupCode(db, code))) return { ok: false, reason: 'bad_code' };
  const hash = await hashPassword(password);
  return db.transaction().execute(async (tx): Promise<ClaimResult> => {
    if (!(await needsFirstPassword(tx))) return { ok: false, reason: 'claimed' };
    if (!(await checkSetupCode(tx, code))) return { ok: false, reason: 'bad_code' };
    const r = await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', owner.id).where('password_hash', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { ok: false, reason: 'claimed' };
    await tx.deleteFrom('setup_codes').execute();
    return { ok: true, ownerId: owner.id };
  });
}
