/** The domain errors every module throws; http/errors.ts is the one place that renders them. */
export type ErrorCode =
  | 'invalid_input'
  | 'arguments_caused_error'
  | 'unauthorized'
  | 'forbidden'
  | 'missing_from'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'too_large'
  | 'method_not_allowed'
  | 'missing_ability'
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Detail sentences, rendered as PagerDuty's `errors` array. */
  readonly details: string[];
  constructor(message: string, details: string[] = []) {
    super(message);
    this.details = details;
    this.name = new.target.name;
  }
}

/** Bad input: PagerDuty 2001 "Invalid Input Provided". */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input';
  constructor(details: string | string[]) {
    super('Invalid Input Provided', Array.isArray(details) ? details : [details]);
  }
}

/** An Events API body that is not a JSON object: PagerDuty's "Unrecognized object" (events scope). */
export class UnrecognizedEventError extends InvalidInputError {
  constructor(detail = 'JSON parse error') {
    super(detail);
  }
}

/** A reference in the input names nothing: PagerDuty 2002 "Arguments Caused Error". */
export class ArgumentsError extends DomainError {
  readonly code = 'arguments_caused_error';
  constructor(details: string | string[]) {
    super('Arguments Caused Error', Array.isArray(details) ? details : [details]);
  }
}

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
  constructor() {
    super('Authentication failed');
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  constructor(reason?: string) {
    super('Access Denied', reason ? [reason] : []);
  }
}

export class MissingFromError extends DomainError {
  readonly code = 'missing_from';
  constructor() {
    super('You must specify a requester_id to perform this action', [
      'The From header must name the email address of a user on this account.',
    ]);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(
    readonly entity: string,
    readonly id?: string,
  ) {
    super('Not Found', [id ? `${entity} ${id} not found.` : `${entity} not found.`]);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'conflict';
  constructor(details: string | string[]) {
    super('Conflict', Array.isArray(details) ? details : [details]);
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  /**
   * `accepted`: for a request that carries several events (a vendor payload), the dedup keys of the
   * events that fit in the budget and were accepted before the limit was reached.
   */
  constructor(
    readonly resetSeconds: number,
    readonly accepted?: string[],
  ) {
    super('Rate Limit Exceeded');
  }
}

export class TooLargeError extends DomainError {
  readonly code = 'too_large';
  constructor(details: string) {
    super('Request Entity Too Large', [details]);
  }
}

/** A path that exists, asked with a method it does not answer (405). */
export class MethodNotAllowedError extends DomainError {
  readonly code = 'method_not_allowed';
  constructor(details: string) {
    super('Method Not Allowed', [details]);
  }
}

/** The account lacks an ability (PagerDuty's 402, code 2014 "Missing Account Ability"). */
export class MissingAbilityError extends DomainError {
  readonly code = 'missing_ability';
  constructor(ability: string) {
    super('Missing Account Ability', [`This installation does not have the ability ${ability}.`]);
  }
}

/** The database cannot store or answer now (gone, full, timed out): retry later. REST 503, Events API 5xx. */
export class StorageUnavailableError extends DomainError {
  readonly code = 'unavailable';
  constructor(reason: string) {
    super('Service Unavailable', [`${reason}; nothing was stored. Retry later.`]);
  }
}
