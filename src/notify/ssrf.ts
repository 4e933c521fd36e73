import dns from 'node:dns';
import net from 'node:net';

/**
 * Server-side request forgery guard for outbound notifications: only http(s) URLs, and never an
 * address on this machine or a private network unless TOCSIN_WEBHOOK_ALLOW_PRIVATE=true. The check
 * runs on the address the connection actually uses (a DNS lookup hook), so a name that resolves to a
 * public address at creation and a private one at delivery (DNS rebinding) is still refused.
 */
export class BlockedAddressError extends Error {}

const V4_BLOCKS: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const blockList = new net.BlockList();
for (const [a, p] of V4_BLOCKS) blockList.addSubnet(a, p, 'ipv4');
for (const [a, p] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as Array<[string, number]>) {
  blockList.addSubnet(a, p, 'ipv6');
}

/** Whether the IP literal is loopback, private, link-local, multicast or otherwise not public. */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blockList.check(ip, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return blockList.check(mapped[1], 'ipv4');
    return blockList.check(ip, 'ipv6');
  }
  return true;
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
  if (host === 'localhost' || host.endsWith('.localhost')) return 'delivery_method.url must not point at a private or loopback address.';
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
