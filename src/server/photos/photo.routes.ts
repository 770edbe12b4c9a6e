// Photo upload (multipart) and download for those allowed to see the case.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { ErrorSchema, requireUser } from '../http';
import { photoFile, savePhoto } from './photo.service';

export async function photoRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/photos', {
    preHandler: requireUser,
    schema: {
      tags: ['photos'],
      summary: 'Upload one photo (multipart field "file"); JPEG, PNG, WebP or HEIF',
      consumes: ['multipart/form-data'],
      response: { 201: z.object({ id: z.string(), url: z.string(), thumbUrl: z.string(), width: z.number(), height: z.number(), exif: z.any() }), 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
    },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
      const part = await req.file({ limits: { fileSize: ctx.config.maxUploadBytes, files: 1 } });
      if (!part) throw new AppError('PHOTO_REQUIRED');
      const data = await part.toBuffer();
      if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
      return reply.status(201).send(await savePhoto(ctx, req.user!, data));
    },
  });
  for (const thumb of [false, true]) {
    r.get(thumb ? '/api/photos/:id/thumb' : '/api/photos/:id', {
      preHandler: requireUser,
      schema: { tags: ['photos'], params: z.object({ id: z.string().uuid() }) },
      handler: async (req, reply) => {
        const file = await photoFile(ctx, req.user!, req.params.id, thumb);
        reply.header('cache-control', 'private, max-age=86400').type('image/jpeg');
        return reply.send(fs.createReadStream(file));
      },
    });
  }
}
