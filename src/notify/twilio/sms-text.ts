/**
 * The SMS of a notification, in one GSM-7 segment (160 characters) where it fits: incident number,
 * urgency, service, summary and the reply codes (PagerDuty's: 4 acknowledges, 6 resolves).
 */

// GSM 03.38 basic character set (one septet each) and its extension table (two septets each).
const BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const EXTENDED = new Set('^{}\\[~]|€');

export const SEGMENT = 160;

/** Septets `s` takes in GSM-7, or null when it needs UCS-2. */
export function gsm7Length(s: string): number | null {
  let n = 0;
  for (const ch of s) {
    if (BASIC.has(ch)) n += 1;
    else if (EXTENDED.has(ch)) n += 2;
    else return null;
  }
  return n;
}

const LOOKALIKE: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"', '–': '-', '—': '-', '…': '...', '\t': ' ', '`': "'", '•': '-' };

/** Text made GSM-7: look-alikes replaced, accents dropped where GSM lacks the letter, the rest `?`. */
export function toGsm7(s: string): string {
  let out = '';
  for (const ch of s) {
    if (BASIC.has(ch) || EXTENDED.has(ch)) out += ch;
    else if (LOOKALIKE[ch] !== undefined) out += LOOKALIKE[ch];
    else {
      const bare = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += bare.length === 1 && BASIC.has(bare) ? bare : '?';
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Cuts `s` to at most `max` septets, ending in "..." when cut. */
function fit(s: string, max: number): string {
  if ((gsm7Length(s) ?? Infinity) <= max) return s;
  if (max <= 3) return '';
  let out = '';
  for (const ch of s) {
    if ((gsm7Length(out + ch) ?? Infinity) > max - 3) break;
    out += ch;
  }
  return out.trimEnd() + '...';
}

export const REPLY_HINT = 'Reply 4:Ack 6:Resolve';

/**
 * `#12 HIGH Checkout API: Disk full on db-1. Reply 4:Ack 6:Resolve`, one segment unless the number alone
 * is longer. A conference bridge number comes before the reply codes (` Bridge +1 555 0100.`) when it is
 * short enough to leave the summary 40 septets; otherwise the SMS leaves it out.
 */
export function smsText(i: { number: number; urgency: string; service: string | null; title: string; status?: string; bridgeNumber?: string | null }): string {
  const head = `#${i.number} ${i.urgency === 'high' ? 'HIGH' : 'low'}`;
  const bridge = i.bridgeNumber ? ` Bridge ${toGsm7(i.bridgeNumber)}.` : '';
  const withBridge = bridge && SEGMENT - head.length - bridge.length - REPLY_HINT.length - 1 >= 60;
  const tail = `${withBridge ? bridge : ''} ${REPLY_HINT}`;
  const room = SEGMENT - head.length - tail.length;
  let service = toGsm7(i.service ?? '');
  const title = toGsm7(i.title);
  // The service name gets at most a third of the room; the summary the rest.
  if (service) service = fit(service, Math.max(8, Math.floor(room / 3)));
  const serviceText = service ? ` ${service}:` : ':';
  const summary = fit(title, room - (gsm7Length(serviceText) ?? 0) - 2);
  return `${head}${serviceText} ${summary}.${tail}`.replace(/\.\.\.\./, '...');
}
