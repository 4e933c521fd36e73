// ESLint's rules and plugins live in the tools/lint workspace (it pins the TypeScript typescript-eslint needs).
export { default } from './tools/lint/eslint.config.js';
