// README.md's configuration table names every TOCSIN_* variable src/config.ts reads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';

it('README documents every setting src/config.ts reads', () => {
  const config = fs.readFileSync('src/config.ts', 'utf8');
  const names = new Set(config.match(/TOCSIN_[A-Z0-9_]+/g) ?? []);
  assert.ok(names.size >= 20, 'found the variables');
  const readme = fs.readFileSync('README.md', 'utf8');
  const missing = [...names].filter((n) => !readme.includes('`' + n + '`'));
  assert.deepEqual(missing, []);
});
