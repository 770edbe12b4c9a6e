// The optional external basemap: the administrator's configuration (a settings document, off by default) and the
// raster layers every map draws under its own when it is on.
import { requireAccess, type Actor } from '../auth/policy';
import { audit } from '../admin/admin.repository';
import type { AppContext } from '../context';
import { getSetting, putSetting } from '../settings/settings.repository';
import { BasemapConfigSchema, type Basemap, type BasemapConfig } from './basemap.schema';

const KEY = 'basemap';

export const DEFAULT_BASEMAP: BasemapConfig = BasemapConfigSchema.parse({});

/** 天地图 annotation layer of each base style: vec → cva, img → cia, ter → cta. */
const TIANDITU_LABELS = { vec: 'cva', img: 'cia', ter: 'cta' } as const;

function tiandituUrls(layer: string, key: string): string[] {
  // t0…t7 are the same service on eight hosts; MapLibre spreads tile requests over the list.
  return Array.from(
    { length: 8 },
    (_, i) =>
      `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

/** The raster layers a configuration draws, bottom first (pure: tested without a database). */
export function basemapLayers(c: BasemapConfig): Basemap {
  if (!c.enabled) return { enabled: false, layers: [] };
  if (c.provider === 'tianditu') {
    if (!c.tiandituKey) return { enabled: false, layers: [] };
    const attribution = c.attribution || '天地图 © 国家地理信息公共服务平台';
    const layers = [{ id: `tianditu-${c.tiandituStyle}`, tiles: tiandituUrls(c.tiandituStyle, c.tiandituKey), tileSize: 256, attribution, opacity: c.opacity }];
    if (c.labels) {
      const l = TIANDITU_LABELS[c.tiandituStyle];
      layers.push({ id: `tianditu-${l}`, tiles: tiandituUrls(l, c.tiandituKey), tileSize: 256, attribution, opacity: 1 });
    }
    return { enabled: true, layers };
  }
  if (c.urls.length === 0) return { enabled: false, layers: [] };
  return { enabled: true, layers: [{ id: 'custom', tiles: c.urls, tileSize: c.tileSize, attribution: c.attribution, opacity: c.opacity }] };
}

async function load(ctx: AppContext): Promise<BasemapConfig> {
  const stored = await getSetting<unknown>(ctx.db, KEY);
  const parsed = BasemapConfigSchema.safeParse(stored ?? {});
  // A document written by an older version that no longer parses means "off", never a broken map.
  return parsed.success ? parsed.data : DEFAULT_BASEMAP;
}

/** What every map draws under its own layers (public: the portal's maps use it too; a 天地图 key is a browser key). */
export async function getBasemap(ctx: AppContext): Promise<Basemap> {
  return basemapLayers(await load(ctx));
}

export async function getBasemapConfig(ctx: AppContext, actor: Actor): Promise<BasemapConfig> {
  requireAccess(actor, 'settings.write');
  return load(ctx);
}

export async function putBasemapConfig(ctx: AppContext, actor: Actor, input: BasemapConfig): Promise<BasemapConfig> {
  requireAccess(actor, 'settings.write');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await putSetting(tx, KEY, input, actor.id, now);
    await audit(tx, { actorId: actor.id, action: 'basemap.update', subject: 'basemap', at: now, detail: { enabled: input.enabled, provider: input.provider, tiandituStyle: input.tiandituStyle, urls: input.urls.length } });
  });
  return input;
}
