import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slackSignature, verifySlackRequest } from './signature.js';

// Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIG = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const at = Number(TS) * 1000;

describe('Slack request signatures', () => {
  it("computes Slack's documented example signature", () => {
    assert.equal(slackSignature(SECRET, TS, BODY), SIG);
  });
  const cases: Array<[string, Parameters<typeof verifySlackRequest>, boolean]> = [
    ['accepts the example', [SECRET, TS, SIG, BODY, at], true],
    ['accepts up to five minutes late', [SECRET, TS, SIG, BODY, at + 300_000], true],
    ['refuses a changed body', [SECRET, TS, SIG, BODY + 'x', at], false],
    ['refuses another secret', ['00000000000000000000000000000000', TS, SIG, BODY, at], false],
    ['refuses a stale timestamp', [SECRET, TS, SIG, BODY, at + 300_001], false],
    ['refuses a timestamp from the future', [SECRET, TS, SIG, BODY, at - 300_001], false],
    ['refuses a missing signature', [SECRET, TS, undefined, BODY, at], false],
    ['refuses a truncated signature', [SECRET, TS, SIG.slice(0, -1), BODY, at], false],
    ['refuses a non-numeric timestamp', [SECRET, 'abc', SIG, BODY, at], false],
    ['refuses everything without a secret', [null, TS, SIG, BODY, at], false],
  ];
  for (const [name, args, want] of cases) it(name, () => assert.equal(verifySlackRequest(...args), want));
});
