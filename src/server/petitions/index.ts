// Petitions and public channels (信访 / 公开电话 / 接待日): the staff API and the portal's public API.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { petitionPublicRoutes } from './petition-public.routes';
import { petitionRoutes } from './petitions.routes';

export async function petitionsPlugin(app: FastifyInstance, opts: { ctx: AppContext }) {
  await app.register(petitionRoutes, opts);
  await app.register(petitionPublicRoutes, opts);
}
