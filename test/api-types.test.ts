// web/src/api-types.ts is generated from the routes' schemas (scripts/api-types.ts) and committed, so
// that the UI type-checks against the API as it is served: this fails when a route changed and the
// file was not regenerated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { API_TYPES_FILE, apiTypesSource } from '../scripts/api-types.js';

it('web/src/api-types.ts is what `npm run api-types` writes for the current routes', async () => {
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  const current = await apiTypesSource();
  assert.ok(current.includes('"/incidents/{id}"'), 'the generated types describe the REST routes');
  assert.ok(committed === current, 'web/src/api-types.ts is stale: run `npm run api-types` and commit it');
});
