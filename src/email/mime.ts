import type { AddressObject, ParsedMail } from 'mailparser';
import type { EmailMessage } from './model.js';

/**
 * From mailparser's decoded message to the bounded EmailMessage the rules read. mailparser has
 * already undone base64 / quoted-printable and decoded charsets and RFC 2047 subjects.
 */

/** Longest body (characters) the rules read and an alert keeps; the rest is cut. */
export const MAX_BODY_CHARS = 64 * 1024;
export const MAX_SUBJECT_CHARS = 2048;

/** Control characters other than tab and newline, and lone carriage returns, go. */
export function sanitizeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- stripping control characters is this expression's job
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\n{3,}/g, '\n\n');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A plain reading of HTML for people: no scripts or styles, block ends become newlines, tags go. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h[1-6]|table|blockquote|pre)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const out: string[] = [];
  const visit = (list: Array<{ address?: string; group?: Array<{ address?: string }> }>) => {
    for (const v of list) {
      if (v.address) out.push(v.address.trim().toLowerCase());
      if (v.group) visit(v.group);
    }
  };
  for (const obj of a ? (Array.isArray(a) ? a : [a]) : []) visit(obj.value ?? []);
  return out.slice(0, 20);
}

function bounded(s: string, max: number): { text: string; cut: boolean } {
  return s.length > max ? { text: s.slice(0, max), cut: true } : { text: s, cut: false };
}

/** Parse with `simpleParser(raw, { skipHtmlToText: true, ... })` so a missing text part is visible. */
export function toEmailMessage(mail: ParsedMail, envelope: { from: string | null; to: string }): EmailMessage {
  const from = addresses(mail.from);
  if (from.length === 0 && envelope.from) from.push(envelope.from.toLowerCase());
  const html = typeof mail.html === 'string' ? mail.html : '';
  const rawText = mail.text ?? '';
  const hasText = rawText.trim() !== '';
  const body = bounded(sanitizeText(hasText ? rawText : html), MAX_BODY_CHARS);
  const textBody = bounded(sanitizeText(hasText ? rawText : htmlToText(html)), MAX_BODY_CHARS);
  const subject = sanitizeText(mail.subject ?? '').replace(/\n/g, ' ').slice(0, MAX_SUBJECT_CHARS);
  return {
    from,
    to: envelope.to.toLowerCase(),
    subject,
    body: body.text,
    textBody: textBody.text.trim(),
    attachments: mail.attachments?.length ?? 0,
    messageId: mail.messageId ?? null,
    truncated: body.cut || textBody.cut,
  };
}
