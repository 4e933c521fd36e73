import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { htmlToText, sanitizeText, toEmailMessage } from './mime.js';

const parse = (raw: string) => simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
const env = { from: 'bounce@x.example', to: 'Ops@Tocsin.Test' };

describe('toEmailMessage', () => {
  it('decodes an HTML-only, quoted-printable, non-ASCII message', async () => {
    const raw = 'From: "Zoë" <Zoe@Example.com>\r\nTo: ops@tocsin.test\r\nSubject: =?UTF-8?B?w6lsw6k=?=\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Hello <b>w=C3=B6rld</b></p><script>x()</script>\r\n';
    const m = toEmailMessage(await parse(raw), env);
    assert.equal(m.subject, 'élé');
    assert.deepEqual(m.from, ['zoe@example.com']);
    assert.equal(m.to, 'ops@tocsin.test');
    assert.match(m.body, /<b>wörld<\/b>/, 'rules read the HTML source');
    assert.equal(m.textBody, 'Hello wörld');
  });
  it('prefers the text part and counts attachments', async () => {
    const raw = [
      'From: a@b.c', 'Subject: s', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=XX', '',
      '--XX', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from('plain ünïcode').toString('base64'),
      '--XX', 'Content-Type: application/octet-stream; name=a.bin', 'Content-Disposition: attachment; filename=a.bin', 'Content-Transfer-Encoding: base64', '', 'AAEC',
      '--XX', 'Content-Type: image/png; name=b.png', 'Content-Disposition: attachment; filename=b.png', 'Content-Transfer-Encoding: base64', '', 'AAEC',
      '--XX--', '',
    ].join('\r\n');
    const m = toEmailMessage(await parse(raw), env);
    assert.equal(m.body.trim(), 'plain ünïcode');
    assert.equal(m.attachments, 2);
  });
  it('falls back to the envelope sender and strips control characters', async () => {
    const m = toEmailMessage(await parse('Subject: x\r\n\r\nbad\u0000\u0007 text\r\n'), env);
    assert.deepEqual(m.from, ['bounce@x.example']);
    assert.equal(m.textBody, 'bad text');
  });
  it('bounds the body', async () => {
    const m = toEmailMessage(await parse('Subject: x\r\n\r\n' + 'y'.repeat(100_000) + '\r\n'), env);
    assert.equal(m.body.length, 64 * 1024);
    assert.equal(m.truncated, true);
  });
});

describe('text helpers', () => {
  it('htmlToText', () => assert.equal(htmlToText('<style>p{}</style><p>a&amp;b</p><br>c&#233;&#x41;'), 'a&b\n\ncéA'));
  it('sanitizeText', () => assert.equal(sanitizeText('a\r\nb\rc\u202ed\n\n\n\ne'), 'a\nb\ncd\n\ne'));
});
