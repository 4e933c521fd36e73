// The subset of PagerDuty Condition Language (PCL) that incident workflow triggers use, parsed by a
// hand-written tokenizer and recursive-descent parser into a small AST that a pure function
// evaluates. Nothing is ever evaluated as code. Anything outside the subset is refused with its
// position and what was expected there.
//
//   condition  := or
//   or         := and ( "or" and )*
//   and        := unary ( "and" unary )*
//   unary      := "not" unary | "(" or ")" | comparison
//   comparison := field ( "matches" [ "part" ] string | "exists" )
//   field      := incident.priority | incident.urgency | incident.status | incident.title | incident.service.id
//   string     := '…' | "…"   (backslash escapes the quote and itself)

/** The incident fields a condition may name, and the facts it is evaluated against. */
export const CONDITION_FIELDS = ['incident.priority', 'incident.urgency', 'incident.status', 'incident.title', 'incident.service.id'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
export type Facts = Record<ConditionField, string | null>;

export type Condition =
  | { op: 'and' | 'or'; left: Condition; right: Condition }
  | { op: 'not'; expr: Condition }
  | { op: 'matches' | 'matches_part'; field: ConditionField; value: string }
  | { op: 'exists'; field: ConditionField };

/** A condition that cannot be parsed: `position` is the 0-based offset in the text. */
export class ConditionError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`Invalid condition at position ${position + 1}: ${reason}`);
  }
}

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'punct'; text: '(' | ')' | '.'; at: number }
  | { kind: 'end'; text: ''; at: number };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
/** PCL's other forms of matches (event orchestrations have them; workflow conditions do not). */
const PCL_ELSEWHERE = new Set(['regex', 'any', 'all', 'cidr']);

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end of the condition';
  if (t.kind === 'string') return `the string '${t.text}'`;
  return `'${t.text}'`;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '.') {
      out.push({ kind: 'punct', text: c, at: i++ });
    } else if (c === "'" || c === '"') {
      const start = i++;
      let value = '';
      for (;;) {
        if (i >= text.length) throw new ConditionError(`the string that starts here is not closed with ${c}`, start);
        const d = text[i];
        if (d === '\\' && (text[i + 1] === c || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      out.push({ kind: 'string', text: value, at: start });
    } else {
      WORD.lastIndex = i;
      const m = WORD.exec(text);
      if (!m) throw new ConditionError(`unexpected character '${c}' (conditions use words, 'quoted strings', parentheses and dots)`, i);
      out.push({ kind: 'word', text: m[0], at: i });
      i += m[0].length;
    }
  }
  out.push({ kind: 'end', text: '', at: text.length });
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isWord(w: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text === w;
  }
  private fail(expected: string): never {
    const t = this.peek();
    throw new ConditionError(`expected ${expected}, found ${describe(t)}`, t.at);
  }

  parse(): Condition {
    if (this.peek().kind === 'end') this.fail('a condition such as incident.priority matches \'P1\'');
    const c = this.or();
    if (this.peek().kind !== 'end') this.fail("'and', 'or' or the end of the condition");
    return c;
  }

  private or(): Condition {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      left = { op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Condition {
    let left = this.unary();
    while (this.isWord('and')) {
      this.next();
      left = { op: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Condition {
    if (this.isWord('not')) {
      this.next();
      return { op: 'not', expr: this.unary() };
    }
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const inner = this.or();
      const close = this.peek();
      if (!(close.kind === 'punct' && close.text === ')')) this.fail("')' to close the '(' at position " + (t.at + 1));
      this.next();
      return inner;
    }
    return this.comparison();
  }

  private field(): ConditionField {
    const first = this.peek();
    if (first.kind !== 'word') this.fail(`a field (${CONDITION_FIELDS.join(', ')}), 'not' or '('`);
    const parts = [this.next().text];
    while (this.peek().kind === 'punct' && this.peek().text === '.') {
      this.next();
      const w = this.peek();
      if (w.kind !== 'word') this.fail("a field name after '.'");
      parts.push(this.next().text);
    }
    const name = parts.join('.');
    if (!(CONDITION_FIELDS as readonly string[]).includes(name)) {
      throw new ConditionError(`unknown field '${name}' (supported: ${CONDITION_FIELDS.join(', ')})`, first.at);
    }
    return name as ConditionField;
  }

  private comparison(): Condition {
    const field = this.field();
    if (this.isWord('exists')) {
      this.next();
      return { op: 'exists', field };
    }
    if (!this.isWord('matches')) this.fail(`'matches', 'matches part' or 'exists' after ${field}`);
    this.next();
    let op: 'matches' | 'matches_part' = 'matches';
    if (this.isWord('part')) {
      this.next();
      op = 'matches_part';
    } else if (this.peek().kind === 'word' && PCL_ELSEWHERE.has(this.peek().text)) {
      throw new ConditionError(`'matches ${this.peek().text}' is not supported (only 'matches' and 'matches part')`, this.peek().at);
    }
    const v = this.peek();
    if (v.kind !== 'string') this.fail(`a 'quoted string' after '${op === 'matches' ? 'matches' : 'matches part'}'`);
    this.next();
    return { op, field, value: v.text };
  }
}

/** Parses a condition; throws ConditionError with the position and what was expected. */
export function parseCondition(text: string): Condition {
  return new Parser(tokenize(text)).parse();
}

/**
 * Evaluates a parsed condition against an incident's facts. A field the incident lacks (null) never
 * matches and does not exist. `matches` is an exact, case-sensitive comparison; `matches part` is a
 * case-insensitive substring test.
 */
export function evaluate(c: Condition, facts: Facts): boolean {
  switch (c.op) {
    case 'and':
      return evaluate(c.left, facts) && evaluate(c.right, facts);
    case 'or':
      return evaluate(c.left, facts) || evaluate(c.right, facts);
    case 'not':
      return !evaluate(c.expr, facts);
    case 'exists': {
      const v = facts[c.field];
      return v !== null && v !== '';
    }
    case 'matches':
      return facts[c.field] === c.value;
    case 'matches_part': {
      const v = facts[c.field];
      return v !== null && v.toLowerCase().includes(c.value.toLowerCase());
    }
  }
}

const parsed = new Map<string, Condition>();

/** Parses with a small cache (trigger conditions are evaluated on every incident change of their services). */
export function cachedCondition(text: string): Condition {
  let c = parsed.get(text);
  if (!c) {
    c = parseCondition(text);
    if (parsed.size > 1000) parsed.clear();
    parsed.set(text, c);
  }
  return c;
}
