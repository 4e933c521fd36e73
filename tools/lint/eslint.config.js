// Tocsin's ESLint rules, loaded by the root eslint.config.js. They live in this workspace because
// typescript-eslint needs TypeScript <= 6.0 as a peer while the project compiles with TypeScript 7:
// npm nests TypeScript 5.9 here (tools/lint/node_modules) and the root keeps 7. The rules are
// syntactic (no type-aware linting), so TypeScript 5.9 only parses; the types are TypeScript 7's,
// checked by `npm run typecheck`.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tools/**/node_modules/**', 'test-artifacts/**', 'bench/results/**', 'data/**', 'web/src/api-types.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused bindings are dead code; a leading underscore marks one kept on purpose (a port's signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `import type` for types only, so that transpilers (tsx, esbuild) drop them and lint:deps sees them.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Tests and benchmarks read arbitrary JSON from real HTTP responses and assert on it: `any` there
    // is the response's honest type, and the assertions are the check.
    files: ['**/*.test.ts', '**/test-fixtures.ts', 'src/testing/**', 'test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
