// Schemas of the optional external basemap (底图): off by default; 天地图 WMTS with the deployment's key, or tile URL
// templates of another service in WGS84/CGCS2000 (GCJ-02 and BD-09 tiles would sit hundreds of metres off the data).
import { z } from 'zod';

export const TIANDITU_STYLES = ['vec', 'img', 'ter'] as const;

const TileUrl = z
  .string()
  .trim()
  .max(500)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), 'an http(s) URL')
  .refine((u) => u.includes('{z}') && u.includes('{x}') && (u.includes('{y}') || u.includes('{-y}')), 'must contain {z}, {x} and {y}');

export const BasemapConfigSchema = z
  .object({
    enabled: z.boolean().default(false).describe('false (default): maps use only the platform’s own layers, nothing is fetched from the internet'),
    provider: z.enum(['tianditu', 'custom']).default('tianditu').describe('tianditu: 天地图 WMTS (CGCS2000, Web Mercator tiles); custom: tile URL templates'),
    tiandituKey: z.string().trim().regex(/^[0-9a-zA-Z]{16,64}$/, '16–64 letters or digits').nullable().default(null).describe('the deployment’s 天地图 key (tk), a browser key'),
    tiandituStyle: z.enum(TIANDITU_STYLES).default('vec').describe('vec 矢量 · img 影像 · ter 地形'),
    labels: z.boolean().default(true).describe('天地图: add the matching annotation layer (road and place names)'),
    urls: z.array(TileUrl).max(8).default([]).describe('custom: raster tile URL templates with {z} {x} {y} (several URLs spread the load); WGS84/CGCS2000 data in Web Mercator tiles'),
    tileSize: z.union([z.literal(256), z.literal(512)]).default(256),
    attribution: z.string().trim().max(200).default(''),
    opacity: z.number().min(0.1).max(1).default(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.enabled) return;
    if (c.provider === 'tianditu' && !c.tiandituKey) ctx.addIssue({ code: 'custom', path: ['tiandituKey'], message: '启用天地图需填写密钥 / The 天地图 key is needed' });
    if (c.provider === 'custom' && c.urls.length === 0) ctx.addIssue({ code: 'custom', path: ['urls'], message: '请填写至少一个瓦片地址 / Give at least one tile URL' });
  });
export type BasemapConfig = z.infer<typeof BasemapConfigSchema>;

export const BasemapLayerSchema = z.object({
  id: z.string(),
  tiles: z.array(z.string()),
  tileSize: z.number(),
  attribution: z.string(),
  opacity: z.number(),
});

export const BasemapSchema = z.object({
  enabled: z.boolean(),
  layers: z.array(BasemapLayerSchema).describe('raster layers to draw under the platform’s own, bottom first'),
});
export type Basemap = z.infer<typeof BasemapSchema>;
