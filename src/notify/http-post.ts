import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { BlockedAddressError, guardedLookup, isPrivateAddress } from './ssrf.js';

export interface PostResult {
  /** The HTTP status, or null when no answer came (timeout, connection or DNS error, refused address). */
  status: number | null;
  error: string | null;
  /** Refused by the SSRF rule: never retried. */
  blocked: boolean;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * POSTs a body with a hard timeout (connect + answer), checking the address actually connected to
 * against the SSRF rule. Never throws; reads and discards the answer's body.
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
    const req = mod.request(
      u,
      {
        method: 'POST',
        agent: u.protocol === 'https:' ? agents.https : agents.http,
        lookup: guardedLookup(opts.allowPrivate) as unknown as typeof import('node:dns').lookup,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => finish({ status: res.statusCode ?? null, error: null, blocked: false }));
        res.on('error', (e) => finish({ status: res.statusCode ?? null, error: e.message, blocked: false }));
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, error: `timed out after ${opts.timeoutMs} ms`, blocked: false });
      req.destroy(new Error('timed out'));
    }, opts.timeoutMs);
    req.on('error', (e: Error & { code?: string }) =>
      finish({ status: null, error: e.message, blocked: e instanceof BlockedAddressError || e.code === 'EBLOCKED' }),
    );
    req.end(body);
  });
}
