import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const here = path.dirname(fileURLToPath(import.meta.url));

/** dist/web beside the compiled server (dist/ui → dist/web), or from src/ui under tsx (→ ../../dist/web). */
export function findWebRoot(): string | null {
  for (const dir of [path.resolve(here, '../web'), path.resolve(here, '../../dist/web')]) {
    if (fs.existsSync(path.join(dir, 'index.html'))) return dir;
  }
  return null;
}

// The UI talks only to this origin; nothing may frame it (clickjacking) or sniff its types.
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tocsin</title></head>
<body><main><h1>Tocsin</h1><p>The web UI has not been built. Run <code>npm run build</code> and restart the server.</p></main></body></html>`;

/**
 * Serves the built UI under /ui: files that exist (hashed assets are cached for a year), and
 * index.html for every other path so the app's own router can handle deep links. `/` redirects to /ui/.
 */
export async function registerUiStatic(http: FastifyInstance, root: string | null = findWebRoot()): Promise<void> {
  if (root) await http.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply) => {
    reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache');
    if (!root) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.sendFile('index.html', root, { cacheControl: false });
  };

  http.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/ui/', 302));
  // Browsers, bookmarks and chat previews ask the root for it; the UI's pages link /ui/favicon.*.
  http.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => {
    if (!root || !fs.existsSync(path.join(root, 'favicon.ico'))) return reply.status(404).type('text/plain').send('Not found');
    return reply.sendFile('favicon.ico', root, { maxAge: '1d' });
  });
  http.get('/ui', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  http.get('/ui/*', { schema: { hide: true } }, async (request, reply) => {
    const rel = (request.params as { '*': string })['*'] ?? '';
    if (root && rel && !rel.split('/').some((p) => p === '..' || p === '' || p.startsWith('.'))) {
      const file = path.join(root, rel);
      if (file.startsWith(root + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        reply.headers(SECURITY_HEADERS);
        const hashed = rel.startsWith('assets/');
        return reply.sendFile(rel, root, hashed ? { maxAge: '365d', immutable: true } : { cacheControl: false });
      }
    }
    // A missing asset is a real 404, not the app shell.
    if (/\.[a-z0-9]+$/i.test(rel)) return reply.status(404).type('text/plain').send('Not found');
    return sendIndex(reply);
  });
}
