import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Server-side request forgery guard for outbound notifications: only http(s) URLs, and never an
 * address on this machine or a private network unless TOCSIN_WEBHOOK_ALLOW_PRIVATE=true. The check
 * runs on the address the connection actually uses (a DNS lookup hook), so a name that resolves to a
 * public address at creation and a private one at delivery (DNS rebinding) is still refused.
 */
export class BlockedAddressError extends Error {}

/** Whether an IPv4 address is ordinary public unicast (ipaddr.js's range table: anything special is not). */
function publicV4(a: ipaddr.IPv4): boolean {
  return a.range() === 'unicast';
}

/** The IPv4 address embedded in two 16-bit words of an IPv6 address. */
function v4At(words: number[], i: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([words[i] >> 8, words[i] & 0xff, words[i + 1] >> 8, words[i + 1] & 0xff]);
}

/**
 * Whether the IP literal is anything but public unicast: loopback, private, link-local, site-local,
 * multicast, documentation, reserved, and every IPv6 form that carries an IPv4 address (mapped,
 * translated, IPv4-compatible, 6to4, NAT64) unless the IPv4 inside is public. Classification is
 * ipaddr.js's range table; anything it cannot parse counts as private.
 */
export function isPrivateAddress(ip: string): boolean {
  if (net.isIP(ip) === 0) return true;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip);
  } catch {
    return true;
  }
  if (addr.kind() === 'ipv4') return !publicV4(addr as ipaddr.IPv4);
  const w = (addr as ipaddr.IPv6).parts;
  switch (addr.range()) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d (ipaddr.js also files ::a.b.c.d written dotted here)
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return !publicV4(v4At(w, 6));
    case '6to4': // 2002:AABB:CCDD::/48 routes to the IPv4 a.b.c.d
      return !publicV4(v4At(w, 1));
    case 'rfc6052': // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local use only
      return w[2] !== 0 || w[3] !== 0 || w[4] !== 0 || w[5] !== 0 || !publicV4(v4At(w, 6));
    case 'unicast':
      // ::/96 is the deprecated IPv4-compatible form (::7f00:1 is 127.0.0.1), never public.
      return w.slice(0, 6).every((x) => x === 0);
    default:
      return true;
  }
}

/** A sentence saying why the URL may not be used, or null when it may (before any DNS lookup). */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'delivery_method.url must be an absolute URL.';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'delivery_method.url must be an http or https URL.';
  if (u.username || u.password) return 'delivery_method.url must not contain credentials.';
  if (allowPrivate) return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && isPrivateAddress(host)) return 'delivery_method.url must not point at a private or loopback address.';
  // A trailing dot is the same name, fully qualified (localhost. resolves like localhost).
  const name = host.toLowerCase().replace(/\.+$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'delivery_method.url must not point at a private or loopback address.';
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that refuses private answers unless allowed. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as dns.LookupAddress[];
      const ok = allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (ok.length === 0) {
        return callback(Object.assign(new BlockedAddressError(`${hostname} resolves only to private or loopback addresses`), { code: 'EBLOCKED' }), '');
      }
      if (options.all) return callback(null, ok);
      callback(null, ok[0].address, ok[0].family);
    });
  };
}
