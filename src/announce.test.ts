import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { announceSecret, forgetSecret, ownerTokenSecret, setupCodeSecret } from './announce.js';

const TOKEN = 'sEcReT_owner_token_0123';

function capture() {
  let logged = '';
  const log = pino({ level: 'debug' }, new Writable({ write: (c, _e, done) => ((logged += c.toString()), done()) }));
  let printed = '';
  return { log, terminal: (isTTY: boolean) => ({ isTTY, write: (t: string) => void (printed += t) }), logged: () => logged, printed: () => printed };
}

describe('announceSecret', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-announce-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the token plainly, on a line of its own, on an interactive terminal, and logs nothing', () => {
    const c = capture();
    const file = announceSecret(ownerTokenSecret('boss@example.com', TOKEN), { terminal: c.terminal(true), dataDir: path.join(dir, 'tty'), log: c.log });
    assert.equal(file, null);
    assert.ok(c.printed().split('\n').some((l) => l.trim() === TOKEN), c.printed());
    assert.match(c.printed(), /boss@example\.com/);
    assert.equal(c.logged(), '');
    assert.equal(fs.existsSync(path.join(dir, 'tty')), false);
  });

  it('without a terminal writes the token to a 0600 file in the data dir and logs only its path', () => {
    const c = capture();
    const dataDir = path.join(dir, 'piped');
    const file = announceSecret(ownerTokenSecret('boss@example.com', TOKEN), { terminal: c.terminal(false), dataDir, log: c.log });
    assert.equal(file, path.join(dataDir, 'owner-token.txt'));
    assert.equal(c.printed(), '');
    assert.ok(fs.readFileSync(file!, 'utf8').split('\n').some((l) => l.trim() === TOKEN));
    assert.equal(fs.statSync(file!).mode & 0o777, 0o600);
    assert.doesNotMatch(c.logged(), new RegExp(TOKEN));
    const line = JSON.parse(c.logged());
    assert.equal(line.file, file);
    assert.match(line.msg, /token is in this file/);
  });

  it('tightens an existing file to 0600 before writing the setup code, and forgets it when asked', () => {
    const c = capture();
    const dataDir = path.join(dir, 'again');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'setup-code.txt'), 'old', { mode: 0o644 });
    const code = 'ABCD-EFGH-JKMN-PQRS';
    const file = announceSecret(setupCodeSecret('boss@example.com', 'https://tocsin.example.com', code), { terminal: c.terminal(false), dataDir, log: c.log });
    assert.equal(fs.statSync(file!).mode & 0o777, 0o600);
    const text = fs.readFileSync(file!, 'utf8');
    assert.match(text, /https:\/\/tocsin\.example\.com\/ui\/setup#code=ABCD-EFGH-JKMN-PQRS/);
    assert.match(text, /loopback/);
    assert.doesNotMatch(c.logged(), /ABCD/);
    forgetSecret('setup-code.txt', dataDir);
    assert.equal(fs.existsSync(file!), false);
  });
});
