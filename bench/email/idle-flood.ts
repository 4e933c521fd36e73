// SMTP idle-connection flood (issue 18): 200 idle connections from 20 client addresses (127.0.0.2-21,
// the default TOCSIN_SMTP_MAX_CLIENTS and per-client limits), then a real sender from 127.0.0.1 tries
// once a second. Prints how long until its mail is answered 250 and how long the idle connections live.
//   node --import tsx bench/email/idle-flood.ts [path of a listener.ts to compare, e.g. a copy of main's]
import path from 'node:path';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { RawSmtp } from '../../src/email/test-fixtures.js';
import type { createSmtpListener as Create } from '../../src/email/listener.js';

const modulePath = process.argv[2] ? path.resolve(process.argv[2]) : '../../src/email/listener.js';
const { createSmtpListener } = (await import(modulePath)) as { createSmtpListener: typeof Create };
const l = createSmtpListener({
  limits: loadConfig({}).smtp,
  tls: null,
  hostname: 'tocsin.test',
  log: pino({ level: 'silent' }),
  now: () => Date.now(),
  intake: { findIntegration: async (a) => (a === 'ops@tocsin.test' ? { id: 'P1', serviceId: 'S1', emailConfig: {} } : null), deliver: async () => undefined },
});
const port = await l.listen(0, '127.0.0.1');
const flood: RawSmtp[] = [];
for (let a = 0; a < 20; a++) for (let k = 0; k < 10; k++) flood.push(new RawSmtp(port, `127.0.0.${2 + a}`));
await Promise.all(flood.map((c) => c.reply()));
const t0 = Date.now();
let refused = 0;
for (;;) {
  try {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, localAddress: '127.0.0.1' });
    const info = await transport.sendMail({ from: 'a@b.c', to: 'ops@tocsin.test', subject: 's', text: 't' });
    console.log(`first 250 after ${Date.now() - t0} ms, ${refused} refusals before it: ${info.response}`);
    break;
  } catch (e) {
    if (refused++ === 0) console.log(`refused: ${(e as Error).message}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
await Promise.all(flood.map((c) => c.ended()));
console.log(`the server closed all 200 idle connections ${Date.now() - t0} ms after the flood`);
await l.close();
process.exit(0);
