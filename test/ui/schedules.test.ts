// Issue 11 in the browser: the schedules list, a schedule's timeline over a pinned week in three
// zones, the form with its live preview, overrides from the timeline, and who is on call on the
// policy, service and account pages. The browser runs in Asia/Tokyo so that nothing on a schedule
// page may depend on the reader's own clock except where "your zone" is asked for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, lowContrast, newPage, shot, signIn, startServer } from './harness.js';

const DAY_MS = 86_400_000;

describe('UI: schedules', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const alice = await server.makeUser('user', 'Alice Archer');
  const bob = await server.makeUser('user', 'Bob Baker');
  const carol = await server.makeUser('user', 'Carol Cole');
  const owner = (await server.rest('GET', '/users/me')).user;
  const layer = (users: string[], o: Record<string, unknown> = {}) => ({
    start: '2026-01-05T09:00:00-05:00',
    rotation_virtual_start: '2026-01-05T09:00:00-05:00',
    rotation_turn_length_seconds: 86_400,
    users: users.map((id) => ({ user: { id, type: 'user_reference' } })),
    ...o,
  });
  const makeSchedule = async (name: string, layers: unknown[], timeZone = 'America/New_York') =>
    (await server.rest('POST', '/schedules', { schedule: { type: 'schedule', name, time_zone: timeZone, schedule_layers: layers } })).schedule;

  // A daily 09:00 New York rotation of Alice, Bob, Carol since Monday 5 January 2026.
  const rotation = [alice, bob, carol];
  const pinned = await makeSchedule('Pinned Rotation', [layer(rotation.map((u) => u.id), { name: 'Daily' })]);
  const solo = await makeSchedule('Solo Watch', [layer([owner.id])]);
  const policy = (
    await server.rest('POST', '/escalation_policies', {
      escalation_policy: {
        type: 'escalation_policy',
        name: 'Ops Rota',
        escalation_rules: [
          { escalation_delay_in_minutes: 15, targets: [{ id: solo.id, type: 'schedule_reference' }] },
          { escalation_delay_in_minutes: 30, targets: [{ id: alice.id, type: 'user_reference' }] },
        ],
      },
    })
  ).escalation_policy;
  const team = (await server.rest('POST', '/teams', { team: { type: 'team', name: 'Web Team' } })).team;
  const service = (await server.rest('POST', '/services', { service: { type: 'service', name: 'Checkout', escalation_policy: { id: policy.id, type: 'escalation_policy_reference' } } })).service;

  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await signIn(page);

  /** The spans of a timeline row, as a screen reader reads them ("Alice Archer, Mon 7 Jan, 09:00 – …"). */
  const spans = (p: Page, row: string, scope = p.locator('main')) => scope.getByRole('list', { name: row, exact: true }).getByRole('listitem');

  it('lists schedules with who is on call now, and searches by name', async () => {
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
    const now = Date.now();
    const final = (await server.rest('GET', `/schedules/${pinned.id}?since=${new Date(now).toISOString()}&until=${new Date(now + 60_000).toISOString()}`)).schedule.final_schedule;
    const current = final.rendered_schedule_entries[0].user.summary;
    await page.getByRole('row', { name: /Pinned Rotation/ }).getByText(current).waitFor();
    await page.getByRole('row', { name: /Solo Watch/ }).getByText(owner.name).waitFor();
    await page.getByRole('row', { name: /Solo Watch/ }).getByRole('link', { name: 'Ops Rota' }).waitFor();
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'schedules', true);
    await page.getByLabel('Search by name').fill('pinned');
    await page.getByRole('row', { name: /Solo Watch/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Pinned Rotation/ }).waitFor();
  });

  it('shows the expected users on a pinned week, in the schedule’s zone, UTC and the reader’s zone', async () => {
    await page.goto(`/ui/schedules/${pinned.id}?week=2030-01-07`);
    await page.getByRole('heading', { name: /Mon 7 Jan, 00:00 – Mon 14 Jan, 00:00/ }).waitFor();
    // Whole-day turns count calendar days in New York: turn k starts k days after 5 Jan 2026 at 09:00.
    const k = (Date.UTC(2030, 0, 7) - Date.UTC(2026, 0, 5)) / DAY_MS;
    const who = (i: number) => ['Alice Archer', 'Bob Baker', 'Carol Cole'][(((k + i) % 3) + 3) % 3];
    const expected = [who(-1), ...[0, 1, 2, 3, 4, 5, 6].map(who)];
    const final = spans(page, 'Final schedule');
    await final.nth(7).waitFor();
    const texts = await final.allTextContents();
    assert.equal(texts.length, 8);
    assert.deepEqual(
      texts.map((t) => t.split(',')[0]),
      expected,
    );
    assert.match(texts[0], /Mon 7 Jan, 00:00 – 09:00/);
    assert.match(texts[1], /Mon 7 Jan, 09:00 – Tue 8 Jan, 09:00/);
    assert.equal(await spans(page, 'Daily').count(), 8);
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'schedule', true);

    await page.getByLabel('Time zone').selectOption('UTC');
    await page.getByRole('heading', { name: /\(UTC\)/ }).waitFor();
    await final.filter({ hasText: 'Mon 7 Jan, 14:00 – Tue 8 Jan, 14:00' }).waitFor();
    assert.match((await final.nth(1).textContent())!, new RegExp(`^${who(0)}`));

    await page.getByLabel('Time zone').selectOption({ label: 'Your zone (Asia/Tokyo)' });
    await page.getByRole('heading', { name: /\(Asia\/Tokyo\)/ }).waitFor();
    await final.filter({ hasText: 'Mon 7 Jan, 23:00 – Tue 8 Jan, 23:00' }).waitFor();

    await page.getByLabel('Time zone').selectOption({ label: 'Schedule’s zone (America/New_York)' });
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('heading', { name: /Mon 14 Jan, 00:00 – Mon 21 Jan, 00:00/ }).waitFor();
    await final.filter({ hasText: 'Mon 14 Jan, 09:00 – Tue 15 Jan, 09:00' }).first().waitFor();
    assert.match((await final.filter({ hasText: 'Mon 14 Jan, 09:00 – Tue 15 Jan, 09:00' }).textContent())!, new RegExp(`^${who(7)}`));
    await page.getByLabel('Show').selectOption('14');
    await page.getByRole('heading', { name: /Mon 14 Jan, 00:00 – Mon 28 Jan, 00:00/ }).waitFor();
    assert.equal(await final.count(), 15);
  });

  it('creates a schedule with two layers through the form, with a live preview', async () => {
    await page.goto('/ui/schedules');
    await page.getByRole('link', { name: '+ New Schedule' }).click();
    await page.getByRole('heading', { name: 'New Schedule' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Web Primary');
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByLabel('Web Team').check();
    await page.getByLabel('Turn length of layer 1').selectOption('daily');
    await page.getByLabel('Handoff time of layer 1').fill('08:00');
    for (const u of ['Alice Archer', 'Bob Baker']) {
      await page.getByLabel('Add a user to layer 1').selectOption({ label: u });
      await page.getByRole('button', { name: 'Add user' }).first().click();
    }
    const preview = page.getByRole('group', { name: 'Preview' });
    await spans(page, 'Layer 1', preview).filter({ hasText: 'Bob Baker' }).first().waitFor();
    await spans(page, 'Layer 1', preview).filter({ hasText: 'Alice Archer' }).first().waitFor();

    await page.getByRole('button', { name: '+ Add a layer' }).click();
    await page.getByLabel('Add a user to layer 2').selectOption({ label: 'Carol Cole' });
    await page.getByRole('button', { name: 'Add user' }).nth(1).click();
    await page.getByRole('button', { name: '+ Add a restriction to layer 2' }).click();
    await page.getByLabel('Restriction 1 of layer 2 from', { exact: true }).fill('10:00');
    await page.getByLabel('Restriction 1 of layer 2 to', { exact: true }).fill('16:00');
    // The preview follows the form: Carol covers 10:00–16:00 each day, the rotation the rest.
    await spans(page, 'Final schedule', preview).filter({ hasText: /Carol Cole, \w+ \d+ \w+, 10:00 – 16:00/ }).first().waitFor();
    await spans(page, 'Final schedule', preview).filter({ hasText: 'Alice Archer' }).first().waitFor();
    assert.deepEqual(await lowContrast(page), []);
    await preview.scrollIntoViewIfNeeded();
    await shot(page, 'schedule-form', true);

    await page.getByRole('button', { name: 'Create Schedule' }).click();
    await page.getByRole('heading', { name: 'Web Primary' }).waitFor();
    const list = (await server.rest('GET', '/schedules?query=Web%20Primary')).schedules;
    assert.equal(list.length, 1);
    const s = (await server.rest('GET', `/schedules/${list[0].id}`)).schedule;
    assert.equal(s.time_zone, 'Europe/Paris');
    assert.deepEqual(s.teams.map((t: any) => t.id), [team.id]);
    assert.equal(s.schedule_layers.length, 2);
    // GET lists the highest layer first (PagerDuty's order); the form made layer 1 first.
    const [l2, l1] = s.schedule_layers;
    assert.equal(l1.rotation_turn_length_seconds, 86_400);
    assert.deepEqual(l1.users.map((u: any) => u.user.id), [alice.id, bob.id]);
    assert.match(l1.rotation_virtual_start, /T08:00:00\+0[12]:00$/);
    assert.deepEqual(l2.users.map((u: any) => u.user.id), [carol.id]);
    assert.deepEqual(l2.restrictions, [{ type: 'daily_restriction', start_time_of_day: '10:00:00', duration_seconds: 6 * 3600 }]);
  });

  it('edits a schedule without moving whose turn it is', async () => {
    await page.getByRole('link', { name: 'Edit schedule' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Web Primary (EU)');
    const id = (await server.rest('GET', '/schedules?query=Web%20Primary')).schedules[0].id;
    const before = (await server.rest('GET', `/schedules/${id}`)).schedule;
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Web Primary (EU)' }).waitFor();
    const after = (await server.rest('GET', `/schedules/${id}`)).schedule;
    const rotation = (s: any) => s.schedule_layers.map((l: any) => [l.id, l.rotation_virtual_start, l.rotation_turn_length_seconds, l.users.map((u: any) => u.user.id)]);
    assert.deepEqual(rotation(after), rotation(before));
  });

  it('creates an override from a shift on the timeline and deletes it', async () => {
    const id = (await server.rest('GET', '/schedules?query=Web%20Primary')).schedules[0].id;
    await page.goto(`/ui/schedules/${id}`);
    const shift = spans(page, 'Final schedule').nth(1).getByRole('button');
    const thisWeeks = (await shift.getAttribute('aria-label'))!;
    await page.getByRole('button', { name: 'Next week' }).click();
    // Next week's shifts are drawn before one is read (this week's may be past): wait for the label to change.
    let label = thisWeeks;
    for (let tries = 0; label === thisWeeks; tries++) {
      assert.ok(tries < 100, 'the timeline still shows this week 10 s after Next week');
      await page.waitForTimeout(100);
      label = (await shift.getAttribute('aria-label'))!;
    }
    // Next week's second final shift starts in the future whatever the day today.
    await shift.click();
    const dialog = page.getByRole('dialog', { name: 'New override' });
    await dialog.getByLabel('Who is on call').selectOption({ label: 'Bob Baker' });
    await dialog.getByRole('button', { name: 'Create Override' }).click();
    await dialog.waitFor({ state: 'detached' });
    const when = label.slice(label.indexOf(', ') + 2);
    await spans(page, 'Overrides').filter({ hasText: `Bob Baker, ${when}` }).waitFor();
    const stored = (await server.rest('GET', `/schedules/${id}/overrides?since=${new Date().toISOString()}&until=${new Date(Date.now() + 15 * DAY_MS).toISOString()}`)).overrides;
    assert.equal(stored.length, 1);
    assert.equal(stored[0].user.id, bob.id);

    await page.getByRole('button', { name: `Delete the override of Bob Baker, ${when}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete override' }).click();
    await page.getByText('No overrides in this range.').waitFor();
    assert.equal(await spans(page, 'Overrides').filter({ hasText: 'Bob Baker' }).count(), 0);
    const left = (await server.rest('GET', `/schedules/${id}/overrides?since=${new Date().toISOString()}&until=${new Date(Date.now() + 15 * DAY_MS).toISOString()}`)).overrides;
    assert.deepEqual(left, []);
  });

  it('shows who is on call now on the policy and service pages, and upcoming shifts on the account page', async () => {
    await page.goto(`/ui/escalation_policies/${policy.id}`);
    const now = page.getByRole('region', { name: 'On call now' });
    await now.getByText(owner.name).waitFor();
    await now.getByRole('link', { name: 'Solo Watch' }).waitFor();
    await now.locator('li', { hasText: 'Level 2' }).getByText('Alice Archer').waitFor();
    // The policy form keeps the schedule target (it used to save every target as a user).
    assert.equal(await page.getByRole('group', { name: 'Level 1', exact: true }).getByLabel('Solo Watch (schedule)').isChecked(), true);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    const saved = (await server.rest('GET', `/escalation_policies/${policy.id}`)).escalation_policy;
    assert.deepEqual(saved.escalation_rules[0].targets.map((t: any) => [t.type, t.id]), [['schedule_reference', solo.id]]);

    await page.goto(`/ui/services/${service.id}`);
    await page.getByRole('region', { name: 'On call now (Ops Rota)' }).getByText(owner.name).waitFor();

    await page.getByRole('link', { name: new RegExp(owner.name) }).click();
    const shifts = page.getByRole('region', { name: 'Your upcoming on-call shifts' });
    await shifts.getByRole('link', { name: 'Solo Watch' }).waitFor();
    await shifts.getByText(/Ops Rota \(level 1\)/).waitFor();
  });

  it('shows the user’s calendar feed links on the account page, copies them, and regenerates the link', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/ui/account');
    const feed = page.getByRole('region', { name: 'Your calendar feed' });
    const before = (await server.rest('GET', '/users/me')).user;
    assert.match(before.web_cal_url, /^webcal:\/\/.*\/calendars\/users\/[0-9a-f]{64}\.ics$/);
    await feed.getByLabel('Subscribe (webcal)').getByText(before.web_cal_url).waitFor();
    await feed.getByLabel('iCalendar URL (https)').getByText(before.http_cal_url).waitFor();
    await feed.getByRole('button', { name: 'Copy webcal link' }).click();
    await feed.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), before.web_cal_url);
    // The old link serves the feed until it is regenerated.
    const feedAt = (url: string) => fetch(server.url + new URL(url).pathname).then((r) => r.status);
    assert.equal(await feedAt(before.http_cal_url), 200);
    await feed.getByRole('button', { name: 'Regenerate link' }).click();
    await page.getByRole('dialog', { name: 'Regenerate your calendar link?' }).getByRole('button', { name: 'Regenerate' }).click();
    await feed.getByText('A new link is made; the old one no longer works.').waitFor();
    const after = (await server.rest('GET', '/users/me')).user;
    assert.notEqual(after.http_cal_url, before.http_cal_url);
    await feed.getByLabel('iCalendar URL (https)').getByText(after.http_cal_url).waitFor();
    assert.equal(await feedAt(before.http_cal_url), 404);
    assert.deepEqual(await lowContrast(page), []);
  });

  it('adds and removes an on-call handoff notification on the account page', async () => {
    await page.goto('/ui/account');
    const panel = page.getByRole('region', { name: 'On-call handoff notifications' });
    await panel.getByText('No handoff notifications.').waitFor();
    const form = panel.getByRole('form', { name: 'Add a handoff notification' });
    await form.getByLabel('Tell me when my').selectOption('oncall');
    await form.getByLabel('Minutes before').fill('30');
    await form.getByRole('button', { name: 'Add handoff notification' }).click();
    await panel.getByText(/When your shift starts: 30 min before, by /).waitFor();
    const rules = (await server.rest('GET', `/users/${owner.id}/oncall_handoff_notification_rules`)).oncall_handoff_notification_rules;
    assert.deepEqual(rules.map((r: any) => [r.handoff_type, r.notify_advance_in_minutes]), [['oncall', 30]]);
    await panel.getByRole('button', { name: /^Remove handoff notification/ }).click();
    await panel.getByText('No handoff notifications.').waitFor();
    assert.deepEqual((await server.rest('GET', `/users/${owner.id}/oncall_handoff_notification_rules`)).oncall_handoff_notification_rules, []);
  });

  it('reaches every form control with the keyboard, and closes the override dialog with Escape', async () => {
    await page.goto('/ui/schedules/new');
    await page.getByLabel('Name', { exact: true }).focus();
    const seen: string[] = [];
    // Date and time inputs take several Tabs (one per part); go on until the submit button.
    for (let i = 0; i < 150 && seen.at(-1) !== 'Create Schedule'; i++) {
      seen.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el?.labels?.[0]?.textContent ?? el?.getAttribute('aria-label') ?? el?.textContent ?? '';
        }),
      );
      await page.keyboard.press('Tab');
    }
    for (const want of ['Name', 'Description', 'Time zone', 'Name of layer 1', 'Turn length of layer 1', 'Handoff day of layer 1', 'Handoff time of layer 1', 'Add a user to layer 1', '+ Add a restriction to layer 1', '+ Add a layer', 'Create Schedule']) {
      assert.ok(seen.some((s) => s.startsWith(want)), `${want} not reached by Tab: ${seen.join(' | ')}`);
    }
    assert.ok(seen.some((s) => s.startsWith('Start of layer 1')));
    // Enter on a focused button works: a second layer appears.
    await page.getByRole('button', { name: '+ Add a layer' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Layer 2', exact: true }).waitFor();

    await page.goto(`/ui/schedules/${pinned.id}`);
    const shift = spans(page, 'Final schedule').last().getByRole('button');
    await shift.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New override' }).waitFor();
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog')), true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('shows a read-only user the schedules and who is on call, with no way to change them', async () => {
    const reader = await server.makeUser('read_only_user', 'Rita Reader');
    const { page: r, context: ctx } = await newPage(browser, server);
    await signIn(r, reader.email, reader.password);
    await r.goto('/ui/schedules');
    await r.getByRole('link', { name: 'Pinned Rotation' }).click();
    await spans(r, 'Final schedule').first().waitFor();
    assert.equal(await spans(r, 'Final schedule').getByRole('button').count(), 0);
    for (const name of ['+ New Override', 'Delete']) assert.equal(await r.getByRole('button', { name, exact: true }).count(), 0);
    assert.equal(await r.getByRole('link', { name: 'Edit schedule' }).count(), 0);
    await r.goto('/ui/schedules');
    await r.getByRole('link', { name: 'Solo Watch' }).waitFor();
    assert.equal(await r.getByRole('link', { name: '+ New Schedule' }).count(), 0);
    await ctx.close();
  });

  it('fits a phone screen (390×844): the timeline scrolls inside its box, not the page', async () => {
    const { page: m, context: phone } = await newPage(browser, server, { width: 390, height: 844 });
    await signIn(m);
    const pages: Array<[string, string]> = [
      [`/ui/schedules/${pinned.id}?week=2030-01-07`, 'main .sched-timeline'],
      ['/ui/schedules/new', 'main .layer'],
      ['/ui/schedules', 'main table'],
    ];
    for (const [path, ready] of pages) {
      await m.goto(path);
      await m.locator(ready).first().waitFor();
      const overflow = await m.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
    }
    await phone.close();
  });
});
