// The one place that turns the server's field-named sentences ("service.name must be text, not empty",
// written by src/http/validation-text.ts) into a sentence for a person ("Name must be text, not empty.")
// by naming the field in words. Ajv's raw wording ("must NOT have fewer than 1 characters"), which an
// older server sends, is still rewritten. The server's other sentences pass through unchanged.

const WRONG_KIND = 'has a value of the wrong kind';

const RULES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^must NOT have fewer than 1 characters?$/, () => 'must not be empty'],
  [/^must NOT have fewer than (\d+) characters?$/, (m) => `must be at least ${m[1]} characters long`],
  [/^must NOT have more than (\d+) characters?$/, (m) => `must be at most ${m[1]} characters long`],
  [/^must NOT have fewer than (\d+) items?$/, (m) => `needs at least ${m[1]}`],
  [/^must NOT have more than (\d+) items?$/, (m) => `takes at most ${m[1]}`],
  [/^must have required property '([^']+)'$/, () => 'is required'],
  [/^must be integer$/, () => 'must be a whole number'],
  [/^must be number$/, () => 'must be a number'],
  [/^must be (string|boolean|object|array|null)$/, () => WRONG_KIND],
  [/^must be >= (-?[\d.]+)$/, (m) => `must be ${m[1]} or more`],
  [/^must be <= (-?[\d.]+)$/, (m) => `must be ${m[1]} or less`],
  [/^must be > (-?[\d.]+)$/, (m) => `must be more than ${m[1]}`],
  [/^must be < (-?[\d.]+)$/, (m) => `must be less than ${m[1]}`],
  [/^must be equal to one of the allowed values$/, () => 'is not one of the allowed values'],
  [/^must be equal to constant$/, () => 'is not the expected value'],
  [/^must match format "([^"]+)"$/, (m) => `must be a valid ${m[1].replace(/-/g, ' ')}`],
  [/^must match pattern .*$/, () => 'is not in the expected format'],
  [/^must NOT have additional properties$/, () => 'has a field Tocsin does not know'],
  [/^must match (a|exactly one) schema in (anyOf|oneOf)$/, () => 'is not valid'],
];

const PREFIX = /^(?:(?:body|querystring|params|headers)\.)?([A-Za-z_][\w.[\]]*?)(?:\.(\d+))? (must .*|is (?:required|not a field).*)$/;

/** "body.service.acknowledgement_timeout" → "Acknowledgement timeout". */
function label(path: string): string {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  const words = last.replace(/\[\]$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function one(msg: string): { who: string; text: string } | null {
  const m = PREFIX.exec(msg);
  const rest = m ? m[3] : msg;
  for (const [re, say] of RULES) {
    const hit = re.exec(rest);
    if (!hit) continue;
    if (/^must match (a|exactly one) schema/.test(rest)) return null; // the union's members already said why
    const missing = /required property '([^']+)'/.exec(rest)?.[1];
    const path = m ? (missing && !m[1].endsWith(missing) ? `${m[1]}.${missing}` : m[1]) : missing;
    const who = path ? label(path) : 'This value';
    return { who, text: `${who} ${say(hit)}.` };
  }
  // A domain rule's own sentence that opens with the field's wire name: name the field in words.
  return m ? { who: label(m[1]), text: `${label(m[1])} ${rest}` } : { who: '', text: msg };
}

/**
 * Readable sentences for a list of server messages: schema wording rewritten, a union's "must be null"
 * dropped when the same field has a more useful message, duplicates removed.
 */
export function readableErrors(messages: string[]): string[] {
  const all = messages.map(one).filter((x): x is { who: string; text: string } => x !== null);
  const kept = all.filter((x) => !(x.text.endsWith(`${WRONG_KIND}.`) && all.some((o) => o.who === x.who && !o.text.endsWith(`${WRONG_KIND}.`))));
  return [...new Set(kept.map((x) => x.text))];
}
