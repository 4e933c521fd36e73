import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's v0 request signature: `v0=` + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)). */
export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
}

/** How far a request's timestamp may be from now (Slack's advice: five minutes, against replays). */
export const MAX_SKEW_MS = 5 * 60_000;

/**
 * Whether a request really comes from Slack: the signature matches (constant-time) and the timestamp
 * is within five minutes of `now`. False without a secret.
 */
export function verifySlackRequest(secret: string | null, timestamp: string | undefined, signature: string | undefined, rawBody: string, now: number): boolean {
  if (!secret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp) * 1000) > MAX_SKEW_MS) return false;
  const want = Buffer.from(slackSignature(secret, timestamp, rawBody));
  const got = Buffer.from(signature);
  return got.length === want.length && timingSafeEqual(got, want);
}
