import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers of SMS, phone and WhatsApp contact methods. PagerDuty's wire form is `country_code` +
 * `address` (the national number); Tocsin checks the pair with libphonenumber's full metadata and
 * stores the national significant number, so `+<country_code><address>` is the E.164 form Twilio takes.
 */

export const PHONE_TYPES: ReadonlySet<string> = new Set(['phone_contact_method', 'sms_contact_method', 'whatsapp_contact_method']);

export type PhoneResult = { ok: true; countryCode: number; address: string; e164: string } | { ok: false; error: string };

/** Validates and normalises (country code, address); an address in E.164 (`+44…`) brings its own country code. */
export function normalizePhone(countryCode: number | null, address: string): PhoneResult {
  const raw = address.trim();
  if (!raw) return { ok: false, error: 'Address cannot be empty.' };
  if (!raw.startsWith('+') && countryCode === null) return { ok: false, error: 'Country code is required for phone and SMS contact methods.' };
  if (!/^\+?[0-9\s().-]{1,30}$/.test(raw)) return { ok: false, error: `Address "${raw.slice(0, 40)}" is not a phone number: use digits only, for example 4155550100 with country_code 1.` };
  const text = raw.startsWith('+') ? raw : `+${countryCode}${raw.replace(/[\s().-]/g, '').replace(/^0+/, '')}`;
  const p = parsePhoneNumberFromString(text);
  if (!p || !p.isValid()) {
    const cc = raw.startsWith('+') ? '' : ` with country code ${countryCode}`;
    return { ok: false, error: `Address ${raw.slice(0, 40)}${cc} is not a valid phone number.` };
  }
  if (!raw.startsWith('+') && countryCode !== null && Number(p.countryCallingCode) !== countryCode) {
    return { ok: false, error: `Address ${raw.slice(0, 40)} is not a valid phone number for country code ${countryCode}.` };
  }
  return { ok: true, countryCode: Number(p.countryCallingCode), address: String(p.nationalNumber), e164: String(p.number) };
}

/** The E.164 form of a stored (country code, national number) pair. */
export function e164(countryCode: number | null, address: string): string {
  return `+${countryCode ?? ''}${address}`;
}
