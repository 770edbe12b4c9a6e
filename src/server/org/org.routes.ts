// Departments, inspectors and users (read); administration comes with the console.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireAccess } from '../auth/policy';
import type { AppContext } from '../context';
import { requireUser } from '../http';
import { listDepartments, listInspectors, listUsers } from './org.repository';

export async function orgRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/departments', {
    preHandler: requireUser,
    schema: { tags: ['organisation'], summary: 'Departments, including street offices' },
    handler: async (req) => {
      requireAccess(req.user, 'org.read');
      return listDepartments(ctx.db);
    },
  });
  r.get('/api/inspectors', {
    preHandler: requireUser,
    schema: { tags: ['organisation'], summary: 'Active inspectors (for verify and check tasks)' },
    handler: async (req) => {
      requireAccess(req.user, 'org.read');
      return listInspectors(ctx.db);
    },
  });
  r.get('/api/users', {
    preHandler: requireUser,
    schema: { tags: ['organisation'], summary: 'Users (administrators only)' },
    handler: async (req) => {
      requireAccess(req.user, 'users.write');
      return listUsers(ctx.db);
    },
  });
}
