import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built by `npm run build` (scripts/build-web.mjs) into dist/web; served by the server under /ui.
// `npx vite --config web/vite.config.ts` serves the UI with hot reload on :5173/ui/ and sends every
// other path (the REST API, /auth) to a Tocsin running on TOCSIN_DEV_API (default http://localhost:8080).
export default defineConfig({
  root: 'web',
  base: '/ui/',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 500 },
  server: {
    proxy: { '^/(?!ui/|ui$|@|node_modules/|src/)': { target: process.env.TOCSIN_DEV_API ?? 'http://localhost:8080', changeOrigin: false } },
  },
});
