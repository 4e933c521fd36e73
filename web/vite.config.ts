import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built by `npm run build` (scripts/build-web.mjs) into dist/web; served by the server under /ui.
export default defineConfig({
  root: 'web',
  base: '/ui/',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 500 },
});
