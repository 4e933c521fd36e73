// Builds the React UI into dist/web when the web/ folder exists.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('web/index.html')) execSync('npx vite build --config web/vite.config.ts', { stdio: 'inherit' });
