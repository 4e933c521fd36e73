import { createHmac, timingSafeEqual } from 'node:crypto';

/** PagerDuty's v3 signature: `v1=` and the lowercase hex HMAC-SHA256 of the raw body with the secret. */
export function signBody(secret: string, body: string): string {
  return 'v1=' + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/**
 * Verifies an `X-PagerDuty-Signature` header as a PagerDuty receiver does: any of the comma-separated
 * `v1=` signatures matching, compared in constant time.
 */
export function verifySignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'));
  return header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .some((s) => {
      const got = Buffer.from(s.slice(3));
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}
