// Types of the public API, from the server's schemas (the schema is the source of the type).
import type { z } from 'zod';
import type { FollowViewSchema, PublicCaseDetailSchema, PublicMapSchema, PublicMetaSchema } from '../../../src/server/public/public.schema';

export type FollowView = z.infer<typeof FollowViewSchema>;
export type PublicCaseDetail = z.infer<typeof PublicCaseDetailSchema>;
export type PublicMap = z.infer<typeof PublicMapSchema>;
export type PublicMeta = z.infer<typeof PublicMetaSchema>;
