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
  | 'method_not_allowed';

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
  constructor(readonly resetSeconds: number) {
    super('Rate Limit Exceeded');
  }
}

export class TooLargeError extends DomainError {
  readonly code = 'too_large';
  constructor(details: string) {
    super('Request Entity Too Large', [details]);
  }
}


/** A method the path does not have (REST scope): PagerDuty's 405 "Method Not Allowed". */
export class MethodNotAllowedError extends DomainError {
  readonly code = 'method_not_allowed';
  constructor(method: string, path: string, allowed: string[]) {
    super('Method Not Allowed', [`${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}.`]);
  }
}
