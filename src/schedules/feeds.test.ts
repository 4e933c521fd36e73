import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { buildTestApp } from '../testing/app.js';
import { buildSchedule, buildUser } from '../testing/builders.js';

/** The content lines of an iCalendar text, unfolded (RFC 5545 3.1: CRLF then a space continues a line). */
function lines(text: string): string[] {
  assert.ok(text.includes('\r\n'), 'lines end with CRLF');
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

/** Each VEVENT as its properties (name → value, parameters dropped). */
function events(text: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  let cur: Record<string, string> | null = null;
  for (const l of lines(text)) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT') {
      out.push(cur!);
      cur = null;
    } else if (cur) {
      const i = l.indexOf(':');
      cur[l.slice(0, i).split(';')[0]] = l.slice(i + 1);
    }
  }
  return out;
}

const path = (url: string) => new URL(url).pathname;
const WEEK = 604_800;

forEachDialect((dialect) => {
  describe(`${dialect}: calendar feeds`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });
    // Weekly handoffs on Mondays 09:00 UTC from 2026-01-05; the clock stands at 2026-01-05T10:00Z.
    const ops = await buildSchedule(t, { name: 'Ops', layers: [[alice.id, bob.id]], turnSeconds: WEEK });
    const feedGet = (url: string) => t.request('GET', path(url), undefined, { token: null });

    it('prints http_cal_url and web_cal_url on a schedule, the same on every read, webcal:// being the same URL', async () => {
      const a = (await t.request('GET', `/schedules/${ops.id}`)).json().schedule;
      const b = (await t.request('GET', `/schedules?query=Ops`)).json().schedules[0];
      assert.match(a.http_cal_url, /^http:\/\/tocsin\.test\/calendars\/schedules\/[0-9a-f]{64}\.ics$/);
      assert.equal(a.web_cal_url, a.http_cal_url.replace(/^http:/, 'webcal:'));
      assert.equal(b.http_cal_url, a.http_cal_url);
      assert.equal(b.web_cal_url, a.web_cal_url);
    });

    it('serves the schedule as iCalendar without a token: 30 days back to 90 ahead, UTC times, stable UIDs', async () => {
      const url = (await t.request('GET', `/schedules/${ops.id}`)).json().schedule.http_cal_url;
      const res = await feedGet(url);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/calendar/);
      assert.equal(res.headers['cache-control'], 'private, no-store');
      const l = lines(res.body);
      assert.equal(l[0], 'BEGIN:VCALENDAR');
      assert.equal(l.at(-1), 'END:VCALENDAR');
      assert.ok(l.includes('VERSION:2.0'));
      assert.ok(l.some((x) => x.startsWith('PRODID:')));
      const ev = events(res.body);
      // 2026-01-05 09:00 to 2026-04-05 10:00 holds 13 weekly turns (the last one runs past the window whole).
      assert.equal(ev.length, 13);
      assert.deepEqual(
        ev.slice(0, 3).map((e) => [e.DTSTART, e.DTEND, e.SUMMARY, e.DTSTAMP]),
        [
          ['20260105T090000Z', '20260112T090000Z', 'Alice', '20260105T100000Z'],
          ['20260112T090000Z', '20260119T090000Z', 'Bob', '20260105T100000Z'],
          ['20260119T090000Z', '20260126T090000Z', 'Alice', '20260105T100000Z'],
        ],
      );
      assert.deepEqual(ev.at(-1)!.DTSTART, '20260330T090000Z');
      assert.equal(new Set(ev.map((e) => e.UID)).size, 13);
      // A day later the same shifts keep their UIDs (calendars update events in place).
      t.clock.advance('1d');
      const later = events((await feedGet(url)).body);
      t.clock.advance(-86_400_000);
      assert.deepEqual(later.slice(0, 13).map((e) => e.UID), ev.map((e) => e.UID));
    });

    it('a wrong or malformed key answers 404', async () => {
      for (const p of [`/calendars/schedules/${'0'.repeat(64)}.ics`, '/calendars/schedules/nope.ics', `/calendars/users/${'a'.repeat(64)}.ics`]) {
        assert.equal((await t.request('GET', p, undefined, { token: null })).statusCode, 404, p);
      }
    });

    it('rotating a schedule’s key (POST /schedules/{id}/calendar_url/rotate) makes the old URL 404', async () => {
      const old = (await t.request('GET', `/schedules/${ops.id}`)).json().schedule.http_cal_url;
      const res = await t.request('POST', `/schedules/${ops.id}/calendar_url/rotate`);
      assert.equal(res.statusCode, 200, res.body);
      const fresh = res.json().schedule.http_cal_url;
      assert.notEqual(fresh, old);
      assert.equal((await feedGet(old)).statusCode, 404);
      assert.equal((await feedGet(fresh)).statusCode, 200);
      assert.equal((await t.request('GET', `/schedules/${ops.id}`)).json().schedule.http_cal_url, fresh);
    });

    it('rotation needs the right to change the schedule', async () => {
      const observer = await t.makeUser('observer');
      assert.equal((await t.request('POST', `/schedules/${ops.id}/calendar_url/rotate`, undefined, { token: observer.token })).statusCode, 403);
      assert.equal((await t.request('POST', `/schedules/PNOPE00/calendar_url/rotate`)).statusCode, 404);
    });

    it('a user’s own feed lists their shifts on every schedule; regenerating the key kills the old URL', async () => {
      await buildSchedule(t, { name: 'Nights', layers: [[alice.id]], start: '2026-01-10T00:00:00Z', turnSeconds: WEEK * 52 });
      const res = await t.request('POST', `/users/${alice.id}/regenerate_private_url_key`, undefined, { token: alice.token });
      assert.equal(res.statusCode, 200, res.body);
      const { private_url_key: key, http_cal_url: url, web_cal_url: web } = res.json();
      assert.match(key, /^[0-9a-f]{64}$/);
      assert.equal(path(url), `/calendars/users/${key}.ics`);
      assert.equal(web, url.replace(/^http:/, 'webcal:'));
      assert.equal((await t.request('GET', `/users/${alice.id}/calendar_urls`, undefined, { token: alice.token })).json().http_cal_url, url);
      const ev = events((await feedGet(url)).body);
      assert.deepEqual(
        ev.slice(0, 3).map((e) => [e.DTSTART, e.DTEND, e.SUMMARY]),
        [
          ['20260105T090000Z', '20260112T090000Z', 'On call: Ops'],
          ['20260110T000000Z', '20270109T000000Z', 'On call: Nights'],
          ['20260119T090000Z', '20260126T090000Z', 'On call: Ops'],
        ],
      );
      assert.equal(ev.filter((e) => e.SUMMARY === 'On call: Ops').length, 7);
      const again = (await t.request('POST', `/users/${alice.id}/regenerate_private_url_key`, undefined, { token: alice.token })).json();
      assert.equal((await feedGet(url)).statusCode, 404);
      assert.equal((await feedGet(again.http_cal_url)).statusCode, 200);
    });

    it('a deleted schedule’s feed answers 404; a preview makes no key', async () => {
      const gone = await buildSchedule(t, { name: 'Gone', layers: [[bob.id]] });
      const url = (await t.request('GET', `/schedules/${gone.id}`)).json().schedule.http_cal_url;
      assert.equal((await feedGet(url)).statusCode, 200);
      assert.equal((await t.request('DELETE', `/schedules/${gone.id}`)).statusCode, 204);
      assert.equal((await feedGet(url)).statusCode, 404);
      const preview = await t.request('POST', '/schedules/preview', { schedule: { type: 'schedule', name: 'P', time_zone: 'UTC', schedule_layers: [{ start: '2026-01-05T09:00:00Z', rotation_virtual_start: '2026-01-05T09:00:00Z', rotation_turn_length_seconds: 86_400, users: [{ user: { id: alice.id, type: 'user_reference' } }] }] } });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.equal(preview.json().schedule.http_cal_url, undefined);
    });

    it('only the user or an admin sees or regenerates a user’s feed URL', async () => {
      assert.equal((await t.request('POST', `/users/${alice.id}/regenerate_private_url_key`, undefined, { token: bob.token })).statusCode, 403);
      assert.equal((await t.request('GET', `/users/${alice.id}/calendar_urls`, undefined, { token: bob.token })).statusCode, 403);
      assert.equal((await t.request('POST', `/users/${alice.id}/regenerate_private_url_key`)).statusCode, 200);
      assert.equal((await t.request('POST', `/users/PNOPE00/regenerate_private_url_key`)).statusCode, 404);
    });

    it('GET /users/{id} and /users/me carry the user’s http_cal_url and web_cal_url for the user and admins, not for others', async () => {
      const mine = (await t.request('GET', `/users/${alice.id}/calendar_urls`, undefined, { token: alice.token })).json();
      const self = (await t.request('GET', `/users/${alice.id}`, undefined, { token: alice.token })).json().user;
      assert.equal(self.http_cal_url, mine.http_cal_url);
      assert.equal(self.web_cal_url, mine.web_cal_url);
      assert.match(self.web_cal_url, /^webcal:\/\/tocsin\.test\/calendars\/users\/[0-9a-f]{64}\.ics$/);
      assert.equal((await t.request('GET', '/users/me', undefined, { token: alice.token })).json().user.http_cal_url, mine.http_cal_url);
      assert.equal((await t.request('GET', `/users/${alice.id}`)).json().user.http_cal_url, mine.http_cal_url, 'the owner sees it');
      const other = (await t.request('GET', `/users/${alice.id}`, undefined, { token: bob.token })).json().user;
      assert.equal(other.http_cal_url, undefined);
      assert.equal(other.web_cal_url, undefined);
      // Regenerating the key changes what GET /users/{id} prints.
      const fresh = (await t.request('POST', `/users/${alice.id}/regenerate_private_url_key`, undefined, { token: alice.token })).json();
      assert.equal((await t.request('GET', `/users/${alice.id}`, undefined, { token: alice.token })).json().user.http_cal_url, fresh.http_cal_url);
    });
  });
});
