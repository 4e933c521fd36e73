import type { Clock } from '../clock.js';
import type { Ids } from '../ids.js';
import type { Hooks } from '../hooks.js';
import type { Db } from '../store/db.js';
import { hashPassword } from './passwords.js';
import { countUsers, insertUser } from './store.js';
import { createApiToken } from './tokens.js';

export interface BootstrapResult {
  ownerId: string;
  /** The owner's token when it was generated here (print it once), null when it came from config. */
  generatedToken: string | null;
}

/**
 * On an empty database, creates the account owner and the owner's REST API token; otherwise does
 * nothing and returns null. Safe on several nodes: the unique email index lets only one win.
 */
export async function bootstrapOwner(
  db: Db,
  deps: { clock: Clock; ids: Ids; hooks?: Hooks },
  opts: { email: string; password: string | null; token: string | null },
): Promise<BootstrapResult | null> {
  if ((await countUsers(db)) > 0) return null;
  return db.transaction().execute(async (tx) => {
    if ((await countUsers(tx)) > 0) return null;
    const ownerId = deps.ids.id();
    await insertUser(tx, {
      id: ownerId,
      name: 'Account Owner',
      email: opts.email,
      role: 'owner',
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
      createdAt: deps.clock.now(),
    });
    await deps.hooks?.emit(tx, 'user.created', { userId: ownerId, email: opts.email });
    const token = await createApiToken(tx, deps, { userId: ownerId, description: 'bootstrap', token: opts.token ?? undefined });
    return { ownerId, generatedToken: opts.token ? null : token };
  });
}
