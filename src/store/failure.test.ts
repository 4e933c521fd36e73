import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageUnavailableError } from '../errors.js';
import { classifyStorageError, mapStorageError } from './failure.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('classifyStorageError', () => {
  const cases: Array<[string, unknown, string | null]> = [
    ['SQLite disk full', coded('SQLITE_FULL', 'database or disk is full'), 'full'],
    ['SQLite I/O error', coded('SQLITE_IOERR_WRITE'), 'io'],
    ['SQLite busy', coded('SQLITE_BUSY_SNAPSHOT'), 'busy'],
    ['SQLite constraint', coded('SQLITE_CONSTRAINT_UNIQUE'), null],
    ['pg admin shutdown (pg_ctl restart -m fast)', coded('57P01'), 'unreachable'],
    ['pg connection exception class 08', coded('08006'), 'unreachable'],
    ['pg disk full', coded('53100'), 'full'],
    ['pg statement timeout', coded('57014'), 'timeout'],
    ['pg lock timeout', coded('55P03'), 'busy'],
    ['pg deadlock', coded('40P01'), 'busy'],
    ['pg read-only standby after failover', coded('25006'), 'read_only'],
    ['pg unique violation', coded('23505'), null],
    ['pg syntax error', coded('42601'), null],
    ['refused', coded('ECONNREFUSED'), 'unreachable'],
    ['ENOSPC from fdatasync', coded('ENOSPC'), 'full'],
    ['pg connection ended', new Error('Connection terminated unexpectedly'), 'unreachable'],
    ['pg-pool connect timeout', new Error('timeout exceeded when trying to connect'), 'unreachable'],
    ['pg frozen server', new Error('Query read timeout'), 'unreachable'],
    ['refused on every address (AggregateError)', Object.assign(new AggregateError([coded('ECONNREFUSED')], ''), { code: '' }), 'unreachable'],
    ['wrapped in a cause', new Error('outer', { cause: coded('SQLITE_FULL') }), 'full'],
    ['a bug', new TypeError('cannot read properties of undefined'), null],
    ['not an error', 'boom', null],
  ];
  for (const [name, err, kind] of cases) {
    it(`${name} → ${kind ?? 'the data’s own error'}`, () => assert.equal(classifyStorageError(err), kind));
  }

  it('maps a storage failure to the 503 domain error, and leaves others alone', () => {
    const e = mapStorageError(coded('SQLITE_FULL'));
    assert.ok(e instanceof StorageUnavailableError);
    assert.match(e.details[0], /disk is full; nothing was stored/);
    assert.equal(mapStorageError(coded('23505')), null);
  });
});
