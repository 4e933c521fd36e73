// Calendar feeds: each schedule's http_cal_url/web_cal_url and each user's feed of their own shifts,
// as iCalendar (RFC 5545) that Google Calendar and Outlook subscribe to. The URL's key is the only
// credential (256 random bits from ctx.ids); docs/schedules.md ("Calendar feeds") has the rules.
import ical from 'ical-generator';
import type { Clock } from '../clock.js';
import type { Ids } from '../ids.js';
import type { Urls } from '../context.js';
import type { Db } from '../store/db.js';
import { can, findUserById, findUsersByIds, type Actor } from '../accounts/index.js';
import type { Entry } from './model.js';
import { finalSpans, loadRenderable } from './spans.js';
import { findFeedOwner, insertFeedSecrets, listFeedSecrets, replaceFeedSecret, type FeedOwner } from './feed-store.js';

/** A feed shows shifts from this long ago … */
export const FEED_PAST_MS = 30 * 86_400_000;
/** … to this far ahead. */
export const FEED_AHEAD_MS = 90 * 86_400_000;

export interface FeedUrls {
  http_cal_url: string;
  web_cal_url: string;
}

const newSecret = (ids: Ids) => ids.hex32() + ids.hex32();

/** The feed URLs of a key: `web_cal_url` is the same URL with the webcal:// scheme. */
export function feedUrls(urls: Urls, owner: FeedOwner, secret: string): FeedUrls {
  const http = urls.api(`/calendars/${owner}s/${secret}.ics`);
  return { http_cal_url: http, web_cal_url: http.replace(/^https?:/, 'webcal:') };
}

/** The feed URLs of each owner, giving a key to those that have none yet (made on first read). */
export async function feedUrlsOf(db: Db, deps: { ids: Ids; clock: Clock; urls: Urls }, owner: FeedOwner, ownerIds: readonly string[]): Promise<Map<string, FeedUrls>> {
  let secrets = await listFeedSecrets(db, owner, ownerIds);
  const missing = ownerIds.filter((id) => !secrets.has(id));
  if (missing.length) {
    await insertFeedSecrets(db, owner, [...new Set(missing)].map((ownerId) => ({ ownerId, secret: newSecret(deps.ids) })), deps.clock.now());
    secrets = await listFeedSecrets(db, owner, ownerIds);
  }
  return new Map([...secrets].map(([id, s]) => [id, feedUrls(deps.urls, owner, s)]));
}

/**
 * The user's feed URLs for GET /users/{id} and /users/me, or null when the actor may not see them: the
 * URL is a credential, so only the user themselves and those who may edit users (admins, owners),
 * and never through a read-only token (as GET /users/{id}/calendar_urls).
 */
export async function userFeedUrlsFor(db: Db, deps: { ids: Ids; clock: Clock; urls: Urls }, actor: Actor, userId: string): Promise<FeedUrls | null> {
  if (actor.readOnly || (actor.userId !== userId && !can(actor, 'users.write'))) return null;
  return (await feedUrlsOf(db, deps, 'user', [userId])).get(userId) ?? null;
}

/** A new key for the owner's feed; the old URL answers 404 from now on. Returns the key and its URLs. */
export async function rotateFeed(db: Db, deps: { ids: Ids; clock: Clock; urls: Urls }, owner: FeedOwner, ownerId: string) {
  const secret = newSecret(deps.ids);
  await replaceFeedSecret(db, owner, ownerId, secret, deps.clock.now());
  return { secret, ...feedUrls(deps.urls, owner, secret) };
}

interface Shift extends Entry {
  scheduleId: string;
  scheduleName: string;
}

function calendar(name: string, now: number, shifts: Shift[], summary: (s: Shift) => string, description: (s: Shift) => string): string {
  const cal = ical({ name, prodId: { company: 'Tocsin', product: 'Tocsin', language: 'EN' }, ttl: 900 });
  const stamp = new Date(now);
  for (const s of shifts) {
    cal.createEvent({
      // Stable for a shift: the same schedule, user and start give the same UID on every fetch.
      id: `${s.scheduleId}-${s.userId}-${s.start}@tocsin`,
      start: new Date(s.start),
      end: new Date(s.end),
      stamp,
      summary: summary(s),
      description: description(s),
    });
  }
  return cal.toString();
}

/** The iCalendar text of the schedule whose key this is, or null (unknown key, deleted schedule). */
export async function scheduleFeed(db: Db, clock: Clock, secret: string): Promise<string | null> {
  const id = await findFeedOwner(db, 'schedule', secret);
  if (!id) return null;
  const [s] = await loadRenderable(db, { ids: [id] });
  if (!s || s.deletedAt !== null) return null;
  const now = clock.now();
  const entries = (await finalSpans(db, [s], now - FEED_PAST_MS, now + FEED_AHEAD_MS)).get(s.id) ?? [];
  const names = new Map((await findUsersByIds(db, [...new Set(entries.map((e) => e.userId))])).map((u) => [u.id, u.name]));
  const shifts = entries.map((e) => ({ ...e, scheduleId: s.id, scheduleName: s.name }));
  return calendar(`On call: ${s.name}`, now, shifts, (x) => names.get(x.userId) ?? x.userId, (x) => `On call: ${x.scheduleName}`);
}

/** The iCalendar text of the user whose key this is (their shifts on every schedule), or null. */
export async function userFeed(db: Db, clock: Clock, secret: string): Promise<string | null> {
  const userId = await findFeedOwner(db, 'user', secret);
  if (!userId) return null;
  const user = await findUserById(db, userId);
  if (!user) return null;
  const now = clock.now();
  const schedules = (await loadRenderable(db, { all: true })).filter((s) => s.deletedAt === null);
  const spans = await finalSpans(db, schedules, now - FEED_PAST_MS, now + FEED_AHEAD_MS);
  const shifts: Shift[] = [];
  for (const s of schedules) for (const e of spans.get(s.id) ?? []) if (e.userId === userId) shifts.push({ ...e, scheduleId: s.id, scheduleName: s.name });
  shifts.sort((a, b) => a.start - b.start);
  return calendar(`On call: ${user.name}`, now, shifts, (x) => `On call: ${x.scheduleName}`, (x) => `${user.name} is on call on ${x.scheduleName}.`);
}
