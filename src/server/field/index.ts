// The field inspector feature: its API and the PWA it serves.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { fieldAppRoutes } from './app-shell';
import { fieldRoutes } from './field.routes';

export async function fieldPlugin(app: FastifyInstance, opts: { ctx: AppContext }) {
  await app.register(fieldRoutes, opts);
  await app.register(fieldAppRoutes);
}
