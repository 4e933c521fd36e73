import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { discardBody } from '../outbound.js';
import { BlockedAddressError, guardedLookup, isPrivateAddress } from './ssrf.js';

export interface PostResult {
  /** The HTTP status, or null when no answer came (timeout, connection or DNS error, refused address). */
  status: number | null;
  error: string | null;
  /** Refused before sending (the SSRF rule, a header Node cannot send): never retried. */
  blocked: boolean;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * POSTs a body with a hard timeout (connect + answer), checking the address actually connected to
 * against the SSRF rule. Never throws; reads and discards at most MAX_RESPONSE_BYTES of the answer.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve({ status: null, error: 'invalid URL', blocked: true });
    }
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
      return resolve({ status: null, error: `${host} is a private or loopback address`, blocked: true });
    }
    const mod = u.protocol === 'https:' ? https : http;
    let done = false;
    const finish = (r: PostResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    // The receiver's status, once its headers came: the answer, even if its body never ends.
    let answered: number | null = null;
    let req: http.ClientRequest;
    try {
      req = mod.request(
        u,
        {
          method: 'POST',
          agent: u.protocol === 'https:' ? agents.https : agents.http,
          lookup: guardedLookup(opts.allowPrivate) as unknown as typeof import('node:dns').lookup,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
        },
        (res) => {
          answered = res.statusCode ?? null;
          // Only a bounded prefix of the body is read (src/outbound.ts); past it the socket is closed.
          discardBody(res).then(
            () => finish({ status: answered, error: null, blocked: false }),
            (e: Error) => finish({ status: answered, error: e.message, blocked: false }),
          );
        },
      );
    } catch (e) {
      // A header Node refuses to send (stored before it was validated): no retry can fix it.
      return resolve({ status: null, error: (e as Error).message, blocked: true });
    }
    const timer = setTimeout(() => {
      finish(
        answered === null
          ? { status: null, error: `timed out after ${opts.timeoutMs} ms`, blocked: false }
          : { status: answered, error: null, blocked: false },
      );
      req.destroy(new Error('timed out'));
    }, opts.timeoutMs);
    req.on('error', (e: Error & { code?: string }) =>
      finish({ status: null, error: e.message, blocked: e instanceof BlockedAddressError || e.code === 'EBLOCKED' }),
    );
    req.end(body);
  });
}
