// ui: serves the built React app under /ui and the browser's sign-in routes (/auth/*). The app itself
// talks to the REST API with the session cookie, like any other client.
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerUiStatic } from './static.js';

export { registerPasswordRoutes } from './password-routes.js';

export async function registerUi(http: FastifyInstance, ctx: Context): Promise<void> {
  registerAuthRoutes(http, ctx);
  await registerUiStatic(http);
}
