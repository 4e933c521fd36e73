// The UI's one mapping from the server's schema wording to sentences (web/src/error-text.ts), checked
// with messages the server really returns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readableErrors } from '../../web/src/error-text.js';

describe('readableErrors', () => {
  it('turns a nullable integer union into one sentence', () => {
    assert.deepEqual(readableErrors(['service.acknowledgement_timeout must be integer', 'service.acknowledgement_timeout must be null', 'service.acknowledgement_timeout must match a schema in anyOf']), [
      'Acknowledgement timeout must be a whole number.',
    ]);
  });
  it('rewrites lengths, required properties, ranges, enums and formats', () => {
    assert.deepEqual(
      readableErrors([
        'service.name must NOT have fewer than 1 characters',
        'user.name must NOT have more than 100 characters',
        "body.service must have required property 'name'",
        'querystring.limit must be <= 100',
        'incident.urgency must be equal to one of the allowed values',
        'user.email must match format "email"',
      ]),
      ['Name must not be empty.', 'Name must be at most 100 characters long.', 'Name is required.', 'Limit must be 100 or less.', 'Urgency is not one of the allowed values.', 'Email must be a valid email.'],
    );
  });
  it("names the field in words in the domain rules' sentences and leaves other sentences alone", () => {
    assert.deepEqual(readableErrors(['acknowledgement_timeout must be a whole number of seconds, 0 or more.', 'Name cannot be empty.']), [
      'Acknowledgement timeout must be a whole number of seconds, 0 or more.',
      'Name cannot be empty.',
    ]);
  });
  it("names the field in words in the server's schema sentences (src/http/validation-text.ts)", () => {
    assert.deepEqual(
      readableErrors(['service.acknowledgement_timeout must be a whole number or null.', 'service.name is required: text, not empty.', 'service.colour is not a field Tocsin knows.']),
      ['Acknowledgement timeout must be a whole number or null.', 'Name is required: text, not empty.', 'Colour is not a field Tocsin knows.'],
    );
  });
});
