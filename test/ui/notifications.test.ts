// The account page's contact methods (send a test notification), the unreachable-urgency warning, and
// the admins' banner when no notification channel can deliver; in Chromium against a real server.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startSmtpSink } from '../notify/fakes.js';
import { launchBrowser, newPage, shot, signIn, startServer } from './harness.js';

const BANNER = /Nobody can be paged/;

describe('UI: reaching people', async () => {
  const smtp = await startSmtpSink();
  after(() => smtp.close());
  const withMail = await startServer({ env: { TOCSIN_SMTP_RELAY_URL: smtp.url } });
  const silent = await startServer();
  const browser = await launchBrowser();

  it('sends a test notification from the account page: "sent" is shown and the email arrives', async () => {
    const u = await withMail.makeUser('user', 'Tess');
    const { page, context } = await newPage(browser, withMail);
    await signIn(page, u.email, u.password);
    await page.goto('/ui/account');
    await page.getByRole('button', { name: `Send test notification to ${u.email}` }).click();
    await page.getByRole('status').filter({ hasText: 'Test notification sent' }).waitFor();
    await smtp.until((all) => all.some((m) => JSON.stringify(m.to).includes(u.email)), 'the test email');
    const mail = smtp.mails.find((m) => JSON.stringify(m.to).includes(u.email))!;
    assert.match(mail.subject ?? '', /Test notification/);
    assert.equal(await page.getByText(BANNER).count(), 0, 'email can deliver: no banner');
    // PagerDuty's defaults give a new user a high and a low rule; the page asks for both (urgency=all).
    assert.equal(await page.getByText('No notification rule reaches you').count(), 0);
    await shot(page, 'account-test-notification');
    await context.close();
  });

  it('warns a user whose rules do not reach them for an urgency', async () => {
    const u = await withMail.makeUser('user', 'Lowly');
    const rules = (await withMail.rest('GET', `/users/${u.id}/notification_rules?urgency=all`)).notification_rules as Array<{ id: string; urgency: string }>;
    for (const r of rules.filter((r) => r.urgency === 'low')) await withMail.rest('DELETE', `/users/${u.id}/notification_rules/${r.id}`);
    const { page, context } = await newPage(browser, withMail);
    await signIn(page, u.email, u.password);
    await page.goto('/ui/account');
    await page.getByText('No notification rule reaches you for low-urgency incidents').waitFor();
    assert.equal(await page.getByText('No notification rule reaches you for high-urgency incidents').count(), 0);
    await shot(page, 'account-urgency-warning');
    await context.close();
  });

  it('shows admins and the owner a banner naming the settings when no channel can deliver; not other roles', async () => {
    const admin = await silent.makeUser('admin', 'Ada');
    const user = await silent.makeUser('user', 'Ursula');
    for (const who of [undefined, admin]) {
      const { page, context } = await newPage(browser, silent);
      await (who ? signIn(page, who.email, who.password) : signIn(page));
      for (const p of ['/ui/services', '/ui/account']) {
        await page.goto(p);
        const banner = page.getByRole('alert').filter({ hasText: BANNER });
        await banner.waitFor();
        const text = await banner.innerText();
        for (const s of ['TOCSIN_SMTP_RELAY_URL', 'TOCSIN_TWILIO_ACCOUNT_SID', 'TOCSIN_NOTIFY_HTTP_PROVIDER_URL']) assert.ok(text.includes(s), `${p}: ${s}`);
      }
      if (!who) await shot(page, 'no-channel-banner');
      await context.close();
    }
    const { page, context } = await newPage(browser, silent);
    await signIn(page, user.email, user.password);
    await page.goto('/ui/account');
    await page.getByRole('heading', { name: 'Contact methods' }).waitFor();
    assert.equal(await page.getByText(BANNER).count(), 0);
    await context.close();
  });
});
