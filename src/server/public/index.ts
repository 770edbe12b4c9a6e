// Public participation: the citizen portal's API and its web app under /portal/.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { shellRoutes } from '../field/app-shell';
import { publicRoutes } from './public.routes';

export async function publicPlugin(app: FastifyInstance, opts: { ctx: AppContext }) {
  await app.register(publicRoutes, opts);
  shellRoutes(app, 'portal', 'portal.html');
}
