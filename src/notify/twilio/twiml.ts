/** TwiML answers (Twilio's XML), with every text and attribute escaped. */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

/** `<Response><Message>text</Message></Response>`: the SMS reply to an inbound text. */
export function messageTwiml(text: string): string {
  return `${HEAD}<Response><Message>${esc(text)}</Message></Response>`;
}

/** Reads `text` and asks for one key, posted to `action`; says `fallback` when nothing is pressed. */
export function gatherTwiml(text: string, action: string, fallback: string): string {
  return `${HEAD}<Response><Gather numDigits="1" timeout="10" method="POST" action="${esc(action)}"><Say>${esc(text)}</Say></Gather><Say>${esc(fallback)}</Say><Hangup/></Response>`;
}

/** Says `text` and hangs up. */
export function sayTwiml(text: string): string {
  return `${HEAD}<Response><Say>${esc(text)}</Say><Hangup/></Response>`;
}

/** An empty answer (status callbacks, refused requests Twilio should not retry). */
export function emptyTwiml(): string {
  return `${HEAD}<Response/>`;
}
