// Which of PagerDuty's REST operations Tocsin serves (issue 14's measure): every operation of
// PagerDuty's OpenAPI description is looked up in Tocsin's own generated OpenAPI (routes are the
// source; 405 answers are hidden), path parameters compared by position only. The count and the
// list are written in docs/compatibility.md; this test fails when they drift apart or a served
// operation disappears.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildTestApp } from '../src/testing/app.js';
import { pagerDutyRestSpec } from './fixtures/pagerduty/spec.js';

type Json = any;
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

function operations(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    METHODS.filter((m) => ops[m]).map((m) => `${m.toUpperCase()} ${shape(path)}`),
  );
}

/**
 * PagerDuty's operations, each with the concrete forms that serve it: a `{entity_type}` segment
 * (tags) stands for each value of its enum, and is served only when every value is.
 */
function theirOperations(doc: Json): Array<{ op: string; forms: string[] }> {
  const enumOf = (p: Json): string[] | null => {
    const def = p.$ref ? doc.components.parameters[p.$ref.split('/').pop()] : p;
    return def?.name === 'entity_type' ? def.schema.enum : null;
  };
  return Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
    METHODS.filter((m) => ops[m]).map((m) => {
      const op = `${m.toUpperCase()} ${path}`;
      const values = (ops[m].parameters ?? []).map(enumOf).find((e: string[] | null) => e) as string[] | undefined;
      const paths = values && path.includes('{entity_type}') ? values.map((v) => path.replace('{entity_type}', v)) : [path];
      return { op, forms: paths.map((x) => `${m.toUpperCase()} ${shape(x)}`) };
    }),
  );
}

describe('PagerDuty REST operations served by Tocsin', async () => {
  const t = await buildTestApp('sqlite');
  const served = new Set(operations(t.app.http.swagger()));
  const theirs = theirOperations(pagerDutyRestSpec());
  const covered = theirs.filter((x) => x.forms.every((f) => served.has(f))).map((x) => x.op);
  const doc = readFileSync(new URL('../docs/compatibility.md', import.meta.url), 'utf8');

  it('serves the operations issue 14 added (a sample that must never go missing)', () => {
    for (const op of [
      'DELETE /users/{id}',
      'GET /log_entries',
      'PUT /log_entries/{id}/channel',
      'POST /tags',
      'POST /{entity_type}/{id}/change_tags',
      'GET /tags/{id}/{entity_type}',
      'GET /abilities/{id}',
      'GET /audit/records',
      'GET /schedules/{id}/audit/records',
      'POST /business_services',
      'POST /service_dependencies/associate',
      'GET /business_services/impacts',
      'PUT /incidents/{id}/business_services/{business_service_id}/impacts',
      'POST /users/{id}/notification_subscriptions',
      'GET /status_dashboards/url_slugs/{url_slug}/service_impacts',
      'GET /incidents/{id}/related_change_events',
      'POST /incidents/types/{type_id_or_name}/custom_fields',
      'PUT /incidents/{id}/custom_fields/values',
      'PUT /services/{id}/custom_fields/values',
    ]) {
      assert.ok(covered.includes(op), `${op} is not served`);
    }
  });

  it('publishes the count and the list in docs/compatibility.md', () => {
    const m = /Tocsin serves \*\*(\d+)\*\* of the \*\*(\d+)\*\* operations/.exec(doc);
    assert.ok(m, 'docs/compatibility.md states the count');
    assert.deepEqual([Number(m[1]), Number(m[2])], [covered.length, theirs.length], `served: ${covered.length} of ${theirs.length}`);
    const listed = [...doc.matchAll(/^- `((?:GET|POST|PUT|DELETE|PATCH) [^`]+)`$/gm)].map((x) => x[1]);
    assert.deepEqual([...listed].sort(), [...covered].sort());
  });
});
