import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/db.js';

/**
 * Signed, expiring acknowledge/resolve links for notification emails. A token names one incident,
 * one user and one action; it is an HMAC-SHA256 under a key kept in the database (so every node
 * accepts every other node's links). The incident must still be open when the link is used.
 */

export type LinkAction = 'acknowledge' | 'resolve';
export interface LinkClaims {
  incidentId: string;
  userId: string;
  action: LinkAction;
  expiresAt: number;
}

interface Tables {
  notify_keys: { name: string; secret: string; created_at: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'notify/links': Tables;
  }
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class LinkSigner {
  private key: Buffer | null = null;

  constructor(private readonly db: Db) {}

  private async secret(): Promise<Buffer> {
    if (this.key) return this.key;
    await this.db
      .insertInto('notify_keys')
      .values({ name: 'action_links', secret: randomBytes(32).toString('hex'), created_at: Date.now() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('notify_keys').select('secret').where('name', '=', 'action_links').executeTakeFirstOrThrow();
    this.key = Buffer.from(row.secret, 'hex');
    return this.key;
  }

  async sign(c: LinkClaims): Promise<string> {
    const body = b64(JSON.stringify({ i: c.incidentId, u: c.userId, a: c.action, e: c.expiresAt }));
    return `${body}.${b64(createHmac('sha256', await this.secret()).update(body).digest())}`;
  }

  /** The claims of a valid, unexpired token, or null. */
  async verify(token: string, now: number): Promise<LinkClaims | null> {
    const [body, sig] = token.split('.');
    if (!body || !sig) return null;
    const expected = createHmac('sha256', await this.secret()).update(body).digest();
    const got = Buffer.from(sig, 'base64url');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { i: string; u: string; a: LinkAction; e: number };
      if (typeof p.e !== 'number' || p.e <= now) return null;
      if (p.a !== 'acknowledge' && p.a !== 'resolve') return null;
      return { incidentId: p.i, userId: p.u, action: p.a, expiresAt: p.e };
    } catch {
      return null;
    }
  }
}
